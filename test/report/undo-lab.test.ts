// Against the lab, through real pwsh: exporting is read-only on journal.json (byte for byte, every format,
// twice, each from a new host as each `exha report` is), and the report's undo commands run twice
// without error and take the lab back to where the run found it. One whole run serves both: its journal and
// lab state as completed are kept for the undo script before the first test rolls the run back.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWizard } from '../../electron/procedure/controller';
import type { JournalData } from '../../electron/procedure/journal';
import { PowerShellSession } from '../../electron/powershell';
import { defaultLabSeed, labPrelude } from '../../electron/targets/lab';
import { checkedReport, LAB_READY, LAB_TEST_MS, labRun, relevantState, type LabRun, ZERO_DELAYS } from './helpers';
import { exportReport } from '../../electron/report/export';

describe.skipIf(!LAB_READY)('the report against the lab', () => {
  let run: LabRun | undefined;
  let completed: { journal: JournalData; labState: string } | undefined;
  beforeAll(async () => {
    run = await labRun('complete');
    const labState = join(run.stateDir, 'completed-lab-state.json');
    copyFileSync(join(run.stateDir, 'lab-state.json'), labState);
    completed = { journal: run.journal(), labState };
  }, LAB_TEST_MS);
  afterAll(async () => {
    await run?.host.dispose();
  });

  it(
    'exporting twice in every format leaves journal.json unchanged byte for byte',
    async () => {
      if (!run) throw new Error('the lab run did not start');
      run.host.rollbackAll();
      const view = await run.host.idle();
      expect(view.phase).toBe('rolledBack');
      expect(view.inPlace.outcome).toBe('rolledBack');
      await run.host.dispose();
      const path = join(run.stateDir, 'journal.json');
      const before = readFileSync(path);
      for (let round = 0; round < 2; round++) {
        const host = createWizard({ exportReport, stateDir: run.stateDir });
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
      if (!completed) throw new Error('the lab run did not start');
      const doc = checkedReport(completed.journal);
      expect(doc.undo.map((u) => u.stepId)).toEqual(['databases', 'casArray', 'clusterRole']);
      const script = doc.undoScript?.text ?? '';
      expect(script).toContain('function Remove-ExhaDnsRecord');
      expect(relevantState(completed.labState)).not.toEqual(relevantState(defaultLabSeed()));
      // Run twice in one session, as an admin pasting it twice would.
      const session = new PowerShellSession({ prelude: labPrelude(completed.labState, defaultLabSeed(), ZERO_DELAYS) });
      try {
        for (let round = 1; round <= 2; round++) {
          const result = await session.invoke({
            label: `undo, run ${String(round)}`,
            script: 'param($Text)\n& ([scriptblock]::Create($Text))',
            params: { Text: script },
            timeoutMs: LAB_TEST_MS,
          });
          expect(result.ok, result.ok ? '' : `run ${String(round)}: ${result.error.message}`).toBe(true);
        }
      } finally {
        await session.dispose();
      }
      // The run started from the default seed (a fresh lab): the undo takes it back there.
      expect(relevantState(completed.labState)).toEqual(relevantState(defaultLabSeed()));
    },
    LAB_TEST_MS,
  );
});
