// exha run --validate-cluster on the lab: after the cluster role is verified, the cluster's own validation
// runs (Test-Cluster, no storage tests), its command printed first; the journal and the JSON report carry
// its result. Without the flag, Test-Cluster is never called. Each run stops after the cluster role.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterRoleResult } from '../../shared/results';
import { exhaToEnd as exha } from '../helpers/exha';
import { validator } from '../report/helpers';

/** A backstop for a busy two-core machine; each test waits for the process to exit. */
const BACKSTOP_MS = 600_000;

interface Journal {
  snapshot: { context: { outputs: { clusterRole?: ClusterRoleResult } } };
  commands: { label: string; script: string }[];
  before: { validateCluster?: boolean };
}

const readJournal = (dir: string) => JSON.parse(readFileSync(join(dir, 'journal.json'), 'utf8')) as Journal;

describe('exha run --validate-cluster', () => {
  it(
    'runs the cluster validation after the role, and the journal and the JSON report carry its result',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'exha-validate-'));
      const run = await exha(['run', '--lab', '--lab-fast', '--validate-cluster', '--until', 'clusterRole', '--state-dir', dir]);
      expect(run.status, run.stderr).toBe(0);
      // The command is shown before it runs, then its result.
      const shown = run.stderr.indexOf('Test-Cluster -Include $categories');
      const result = run.stderr.indexOf('Cluster validation: Inventory 3 passed');
      expect(shown).toBeGreaterThan(-1);
      expect(result).toBeGreaterThan(shown);

      const journal = readJournal(dir);
      expect(journal.before.validateCluster).toBe(true);
      const validation = journal.snapshot.context.outputs.clusterRole?.validation;
      expect(validation?.error).toBeNull();
      expect(validation?.categories).toEqual([
        { category: 'Inventory', succeeded: 3, warnings: 0, failed: 0 },
        { category: 'Network', succeeded: 3, warnings: 0, failed: 0 },
        { category: 'System Configuration', succeeded: 3, warnings: 0, failed: 0 },
      ]);
      expect(validation?.reportPath).toMatch(/Validation Report .*\.htm$/);
      expect(readFileSync(validation?.reportPath ?? '', 'utf8')).not.toContain('Storage');
      expect(journal.commands.filter((c) => c.script.includes('Test-Cluster'))).toHaveLength(1);

      const out = join(dir, 'report.json');
      const report = await exha(['report', '--format', 'json', '--out', out, '--state-dir', dir]);
      expect(report.status, report.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(out, 'utf8')) as { clusterValidation?: unknown };
      expect(doc.clusterValidation).toEqual(validation);
      const validate = validator();
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    },
    BACKSTOP_MS,
  );

  it(
    'without the flag, never calls Test-Cluster and records no validation',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'exha-validate-'));
      const run = await exha(['run', '--lab', '--lab-fast', '--until', 'clusterRole', '--state-dir', dir]);
      expect(run.status, run.stderr).toBe(0);
      const journal = readJournal(dir);
      expect(journal.snapshot.context.outputs.clusterRole?.validation).toBeUndefined();
      expect(journal.before.validateCluster).toBeUndefined();
      expect(journal.commands.some((c) => c.script.includes('Test-Cluster'))).toBe(false);
      expect(run.stderr).not.toContain('Cluster validation');
    },
    BACKSTOP_MS,
  );
});
