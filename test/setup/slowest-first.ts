// The order files start in: the slowest first, so three workers finish together instead of one running a
// long file alone at the end. vitest orders by the durations of its last run when it has them; a fresh
// clone (CI) has none, and vitest then starts files by size, which left minute-long files (the browser runs,
// day 2 through the CLI) for the end. These are the slowest, slowest first (measured: one whole run, AMD EPYC);
// the list only orders, so a file missing from it or a stale entry costs time, never a result.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST = [
  'test/procedure/cli.test.ts',
  'test/procedure/lab-run.test.ts',
  'test/procedure/cli-recovery.test.ts',
  'test/procedure/failover-placements.test.ts',
  'test/lab/boundary.test.ts',
  'test/e2e/truth.test.ts',
  'test/procedure/day2-cli.test.ts',
  'test/e2e/full-run.test.ts',
  'test/procedure/snapshot.test.ts',
  'test/procedure/adoption.test.ts',
  'test/e2e/day2.test.ts',
  'test/lab/server-pool.test.ts',
  'test/report/live.test.ts',
  'test/e2e/recovery.test.ts',
  'test/e2e/keyboard.test.ts',
  'test/e2e/resume.test.ts',
  'test/procedure/damaged-files.test.ts',
  'test/procedure/cli-journal.test.ts',
  'test/procedure/rehearsal.test.ts',
  'test/lab/failover.test.ts',
];

function rank(file: TestSpecification): number {
  const path = file.moduleId.replace(/\\/g, '/');
  const at = SLOWEST.findIndex((slow) => path.endsWith(slow));
  return at < 0 ? SLOWEST.length : at;
}

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Stable: the files not listed keep vitest's own order (its last durations, else size), after the listed ones.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
