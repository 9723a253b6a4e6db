// Against the lab, through real pwsh: exporting is read-only on journal.json (byte for byte, every format,
// twice, each from a new host as each `exha report` is), and the report's undo commands run twice
// without error and take the lab back to where the run found it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWizardHost } from '../../electron/procedure/controller';
import { PowerShellSession } from '../../electron/powershell';
import { buildReport } from '../../electron/report/model';
import { defaultLabSeed, labPrelude } from '../../electron/targets/lab';
import { LAB_READY, LAB_TEST_MS, labRun, relevantState, ZERO_DELAYS, type LabRun } from './helpers';
import { freshLab } from './ps1-lab';
import { exportReport } from '../../electron/report/export';

const runs: LabRun[] = [];
afterAll(async () => {
  for (const r of runs) await r.host.dispose();
});

describe.skipIf(!LAB_READY)('the report against the lab', () => {
  it(
    'exporting twice in every format leaves journal.json unchanged byte for byte',
    async () => {
      const run = await labRun('complete');
      runs.push(run);
      run.host.rollbackAll();
      const view = await run.host.idle();
      expect(view.phase).toBe('rolledBack');
      expect(view.inPlace.outcome).toBe('rolledBack');
      await run.host.dispose();
      const path = join(run.stateDir, 'journal.json');
      const before = readFileSync(path);
      for (let round = 0; round < 2; round++) {
        const host = createWizardHost({ exportReport, stateDir: run.stateDir });
        try {
          for (const format of ['html', 'json', 'ps1', 'pdf'] as const) {
            const result = await host.handle('exportReport', { format });
            if (format === 'json') {
              const doc = JSON.parse(Buffer.from(result.base64, 'base64').toString('utf8')) as {
                run: { status: string; updatedAt: string };
              };
              expect(doc.run.status).toBe('rolledBack');
            }
          }
        } finally {
          await host.dispose();
        }
      }
      expect(readFileSync(path).equals(before)).toBe(true);
    },
    LAB_TEST_MS,
  );

  it(
    "the report's undo script runs twice on the lab without error and leaves the lab as the run found it",
    async () => {
      const run = await labRun('complete');
      runs.push(run);
      await run.host.dispose();
      const labState = join(run.stateDir, 'lab-state.json');
      const seedState = join(run.stateDir, 'seed-state.json');
      await freshLab(seedState);
      const doc = buildReport(run.journal());
      expect(doc.undo.map((u) => u.stepId)).toEqual(['databases', 'casArray', 'clusterRole']);
      const script = doc.undoScript?.text ?? '';
      expect(script).toContain('function Remove-ExhaDnsRecord');
      for (let round = 1; round <= 2; round++) {
        const session = new PowerShellSession({ prelude: labPrelude(labState, defaultLabSeed(), ZERO_DELAYS) });
        try {
          const result = await session.invoke({
            label: `undo, run ${String(round)}`,
            script: 'param($Text)\n& ([scriptblock]::Create($Text))',
            params: { Text: script },
            timeoutMs: LAB_TEST_MS,
          });
          expect(result.ok, result.ok ? '' : `run ${String(round)}: ${result.error.message}`).toBe(true);
        } finally {
          await session.dispose();
        }
      }
      expect(relevantState(labState)).toEqual(relevantState(seedState));
    },
    LAB_TEST_MS,
  );
});
