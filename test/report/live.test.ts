// The report of real lab runs through the engine: a whole run, a partial one and a rolled-back one;
// and the exported .ps1 run against a fresh lab, compared with the wizard's end state.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../shared/steps';
import { exportReport } from '../../electron/report/export';
import { renderPs1 } from '../../electron/report/ps1';
import { PowerShellSession } from '../../electron/powershell';
import { defaultLabSeed, labPrelude } from '../../electron/targets/lab';
import { checkedReport, LAB_READY, LAB_TEST_MS, labRun, relevantState, type LabRun, validator, ZERO_DELAYS } from './helpers';

function started(run: LabRun | undefined): LabRun {
  if (!run) throw new Error('the lab run did not start');
  return run;
}

const text = async (run: LabRun | undefined, format: 'html' | 'json' | 'ps1') =>
  Buffer.from((await exportReport(started(run).journal(), format)).base64, 'base64').toString('utf8');

describe.skipIf(!LAB_READY)('report of a whole lab run', () => {
  let run: LabRun | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'exha-live-report-'));
  beforeAll(async () => {
    run = await labRun('complete');
  }, LAB_TEST_MS);
  afterAll(async () => {
    await run?.host.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every step, every command and the failover timeline', () => {
    const journal = started(run).journal();
    const doc = checkedReport(journal);
    expect(doc.run.status).toBe('complete');
    expect(doc.steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    expect(doc.steps.filter((s) => s.state !== 'done').map((s) => s.id)).toEqual([]);
    const listed = [...doc.steps.flatMap((s) => s.commands), ...doc.otherCommands].map((c) => c.id).sort((a, b) => a - b);
    expect(listed).toEqual(journal.commands.map((c) => c.id));
    expect(doc.steps.find((s) => s.id === 'clusterRole')?.commands.length).toBeGreaterThan(0);
    expect(doc.failover?.finished).toBe(true);
    expect(doc.failover?.samples.length).toBeGreaterThan(0);
    expect(doc.failover?.recoverySeconds).not.toBeNull();
    expect(doc.diff.available).toBe(true);
    expect(doc.diff.objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['cluster group', 'Client Access array', 'mailbox database']),
    );
    // The failover test put everything back: nothing of it is in place, so it has nothing to undo.
    expect(doc.undo.map((u) => u.stepId)).toEqual(['databases', 'casArray', 'clusterRole']);
  });

  it('validates against docs/report.schema.json', async () => {
    const validate = validator();
    const doc = JSON.parse(await text(run, 'json')) as {
      lab: boolean;
      run: { labDelays: unknown; acknowledgement: { at: string; by: string } };
    };
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    // A lab run says so at the top, with the delays it played; the engine recorded who acknowledged, and when.
    expect(doc.lab).toBe(true);
    expect(doc.run.labDelays).toEqual(ZERO_DELAYS);
    expect(doc.run.acknowledgement.by).toMatch(/\S/);
    expect(Date.parse(doc.run.acknowledgement.at)).toBeGreaterThan(Date.parse(started(run).journal().createdAt));
  });

  it('renders every command and the timeline into the HTML', async () => {
    const out = await text(run, 'html');
    const failover = checkedReport(started(run).journal()).failover;
    // Zero lab delays: the switch-over is not a measurement, and a chart needs two samples to span time.
    expect(out).toContain('not measured (lab delays off)');
    if ((failover?.samples.length ?? 0) >= 2) expect(out).toContain('<svg class="timeline"');
    else expect(out).not.toContain('<svg class="timeline"');
    expect(out).toContain('Timeline of the outage');
    for (const c of started(run).journal().commands) expect(out).toContain(`#${String(c.id)} `);
    expect(out).not.toMatch(/<script|<link|src="http/i);
  });

  it('prints a PDF whose pages are not blank', async () => {
    const result = await exportReport(started(run).journal(), 'pdf');
    const pdf = join(dir, result.fileName);
    writeFileSync(pdf, Buffer.from(result.base64, 'base64'));
    execFileSync('pdftoppm', ['-png', '-r', '50', pdf, join(dir, 'live')]);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThan(2);
  });

  it(
    "the .ps1 reaches the wizard's end state on a fresh lab, and -WhatIf changes nothing",
    async () => {
      const script = renderPs1(started(run).journal());
      const wizardState = relevantState(join(started(run).stateDir, 'lab-state.json'));

      // One engine session on a fresh lab for all three runs, as an admin running the file in one console:
      // -WhatIf leaves it untouched (checked), so the real run after it starts from a fresh lab.
      const scriptLab = join(dir, 'script-lab.json');
      const file = join(dir, 'exported.ps1');
      writeFileSync(file, script);
      const session = new PowerShellSession({ prelude: labPrelude(scriptLab, defaultLabSeed(), ZERO_DELAYS) });
      const runScript = async (whatIf: boolean) => {
        const r = await session.invoke({
          label: 'exported .ps1',
          script: 'param($Path, $WhatIf)\n& $Path -WhatIf:$WhatIf',
          params: { Path: file, WhatIf: whatIf },
          timeoutMs: LAB_TEST_MS,
        });
        return r.ok ? { error: null, data: r.data } : { error: r.error.message, data: null };
      };
      try {
        // The session's start creates the lab from the seed.
        const touch = await session.invoke({ script: 'Get-MailboxDatabase | Out-Null', label: 'touch the lab' });
        expect(touch.ok, touch.ok ? '' : touch.error.message).toBe(true);
        const untouched = relevantState(scriptLab);
        expect(untouched).toEqual(relevantState(defaultLabSeed()));
        const whatIf = await runScript(true);
        expect(whatIf.error).toBeNull();
        expect((whatIf.data as { Changed: unknown[] } | null)?.Changed ?? []).toEqual([]);
        expect(relevantState(scriptLab)).toEqual(untouched);
        expect(untouched).not.toEqual(wizardState);

        const first = await runScript(false);
        expect(first.error).toBeNull();
        expect(relevantState(scriptLab)).toEqual(wizardState);

        // Each step checks before it acts: a second run changes nothing.
        const again = await runScript(false);
        expect(again.error).toBeNull();
        expect((again.data as { Changed: unknown[] } | null)?.Changed ?? []).toEqual([]);
        expect(relevantState(scriptLab)).toEqual(wizardState);

        // The second run found every database on the array already: its undo still sends them back to their
        // active servers, BEFORE the array goes (Exchange refuses to remove an array databases still name).
        const undo = (again.data as { Undo: string[] } | null)?.Undo ?? [];
        const order = undo.map((l) =>
          l.startsWith('Set-MailboxDatabase') ? 'database' : l.includes('Remove-ClientAccessArray') ? 'array' : 'role',
        );
        expect(order).toEqual([...untouched.databases.map(() => 'database'), 'array', 'role']);
        // The Exchange lines run as printed, in the script's console; the cluster line needs a node's shell.
        for (const line of undo.filter((l) => !l.includes('Get-ClusterGroup'))) {
          const r = await session.invoke({ label: 'printed undo line', script: line, timeoutMs: LAB_TEST_MS });
          expect(r.ok, r.ok ? '' : `${line}: ${r.error.message}`).toBe(true);
        }
        const after = relevantState(scriptLab);
        expect(after.arrays).toEqual([]);
        expect(after.databases).toEqual(untouched.databases);
      } finally {
        await session.dispose();
      }
    },
    LAB_TEST_MS,
  );
});

describe.skipIf(!LAB_READY)('report of a run that did not finish', () => {
  it(
    'marks a run stopped after the Client Access array as partial',
    async () => {
      const run = await labRun('casArray');
      try {
        const doc = checkedReport(run.journal());
        expect(doc.run.status).toBe('partial');
        expect(doc.run.changesInPlace).toEqual(['Cluster role', 'Client Access array']);
        expect(doc.steps.find((s) => s.id === 'databases')?.state).toBe('notReached');
        const out = await text(run, 'html');
        expect(out.indexOf('Partial run')).toBeGreaterThan(0);
        expect(out.indexOf('Partial run')).toBeLessThan(out.indexOf('<h2>'));
        const validate = validator();
        expect(validate(JSON.parse(await text(run, 'json'))), JSON.stringify(validate.errors)).toBe(true);

        await run.host.handle('rollbackAll', { confirmed: true });
        const view = await run.host.idle();
        expect(view.phase).toBe('rolledBack');
        const rolled = checkedReport(run.journal());
        expect(rolled.run.status).toBe('rolledBack');
        expect(rolled.steps.find((s) => s.id === 'casArray')?.state).toBe('rolledBack');
        expect(rolled.undo).toEqual([]);
        const html = await text(run, 'html');
        expect(html.indexOf('Rolled back')).toBeLessThan(html.indexOf('<h2>'));
      } finally {
        await run.host.dispose();
      }
    },
    LAB_TEST_MS,
  );
});
