// The window tells the truth of the run and fits the way admins work: Connect shows its scripts first,
// focus follows Next, Roll back this step and Start over confirm first, a zero-delay lab outage reads
// "not measured", Roll back everything turns the Complete screen, the rail and every export into
// "rolled back", and every screen holds at 640, 1024 and 1920 px with axe at 0 serious.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atEveryWidth } from '../helpers/at-every-width';
import type { ReportFormat } from '../../shared/contract';
import { validator } from '../report/helpers';
import { SCREENSHOT_DIR, WizardPage, clickThrough, e2eFile, hasCasArrayGroup, newContext, startWizard } from './harness';

const files = e2eFile();

declare const document: { activeElement: { id: string; getAttribute(n: string): string | null } | null };

describe('the truth of the run, in the window and every export', () => {
  it('a zero-delay run, confirmations, focus, Roll back everything, then Complete, the rail, every export and Start over', async () => {
    const server = files.track(await startWizard());
    const context = files.track(await newContext(files.browser()));
    const wp = await WizardPage.open(context, server.url);
    const violations: string[] = [];

    // Connect lists the scripts it will run before it runs anything.
    await wp.waitForScreen('connect');
    const plan = await wp.text('[data-testid=plan]');
    expect(plan).not.toContain('runs no PowerShell');
    expect(await wp.page.locator('[data-testid=plan] .scripts > li').count()).toBeGreaterThan(0);
    await atEveryWidth(wp, 'truth', 'connect', violations);

    await clickThrough(wp, 'complete', {
      beforeRun: async (step) => {
        if (step === 'validate') {
          // Next moved focus to the new screen's heading: no Tabbing through the page to find where one is.
          await wp.until('focus is on the Validation heading', () => document.activeElement?.id === 'screen-title-validate');
        }
      },
      afterRun: async (step) => {
        if (step === 'validate') {
          // A finished step puts focus on Next.
          await wp.until('focus is on Next after the step ran', () => document.activeElement?.getAttribute('data-testid') === 'next');
        }
        if (step === 'clusterRole') {
          // Roll back this step asks first and lists what it will undo; Cancel changes nothing.
          await wp.button('Roll back this step').click();
          await wp.until('the Roll back this step confirmation', '[data-testid=rollback-step-dialog]');
          expect(await wp.text('[data-testid=rollback-step-dialog]')).toContain('Remove cluster group CASArray');
          expect(await wp.text('[data-testid=rollback-step-dialog]')).toContain('Remove-ClusterGroup');
          await wp.screenshot('truth-rollback-step-dialog');
          violations.push(...(await wp.axeBothSchemes('rollback-step dialog')));
          await wp.page.locator('[data-testid=rollback-step-dialog] [data-cancel]').click();
          await wp.until('the confirmation closes', () => !document.activeElement || document.activeElement.id !== 'x');
          expect(await wp.page.locator('[data-testid=rollback-step-dialog]').count()).toBe(0);
          expect(hasCasArrayGroup(server.readLab())).toBe(true);
          expect(await wp.stepStatus('clusterRole')).toBe('done');
        }
        // A zero-delay outage: either a chart of several samples, or one sample said in words (no empty chart).
        if (step === 'failover') expect(await wp.page.locator('[data-testid=one-sample], [data-testid=failover-chart]').count()).toBe(1);
        // Every step's screen once it has run, at every width (Complete is taken below).
        if (step !== 'complete') await atEveryWidth(wp, 'truth', step, violations);
      },
    });

    // A zero-delay lab outage is not a measurement, and the screen says so.
    await wp.until('the in-place summary is shown', '[data-testid=in-place]');
    expect(await wp.text('[data-testid=complete-recovery]')).toMatch(/Not measured[\s\S]*lab delays off/);
    expect(await wp.text('[data-testid=in-place]')).toContain('Cluster group CASArray');
    await atEveryWidth(wp, 'truth', 'complete', violations);

    // Roll back everything: listed and confirmed, then everything is undone.
    await wp.button('Roll back everything').click();
    await wp.until('the rollback confirmation', '[data-testid=rollback-dialog]');
    // The failover test put everything back: nothing of it to undo, so it is not listed (nor run).
    expect(await wp.page.locator('[data-testid=rollback-dialog] .undo-list > li strong').allInnerTexts()).toEqual([
      'Mailbox databases',
      'Client Access array',
      'Cluster role',
    ]);
    // It shows the PowerShell it will run, as the day-2 dialogs do: databases first, then the array, then the role.
    await wp.page.locator('[data-testid=rollback-scripts] summary').click();
    await wp.screenshot('truth-rollback-dialog-scripts');
    const scripts = await wp.text('[data-testid=rollback-scripts]');
    expect(scripts.indexOf('Set-MailboxDatabase')).toBeGreaterThan(-1);
    expect(scripts.indexOf('Set-MailboxDatabase')).toBeLessThan(scripts.indexOf('Remove-ClientAccessArray'));
    expect(scripts.indexOf('Remove-ClientAccessArray')).toBeLessThan(scripts.indexOf('Remove-ClusterGroup'));
    const undoRuns = (await wp.transcriptLabels()).length;
    await wp.page.locator('[data-testid=rollback-dialog] input[type=checkbox]').check();
    await wp.button('Confirm rollback').click();
    await wp.untilText('the Complete screen says the run was rolled back', '[data-testid=in-place] h3', /^Rolled back$/);
    expect(await wp.text('[data-testid=in-place]')).toMatch(/Rolled back: everything this run changed was undone/);
    expect(await wp.text('[data-testid=screen-complete]')).not.toContain('CASArray.rogertech.local 192.168.0.110');
    expect(await wp.stepStatus('dns')).toBe('rolledBack');
    expect(await wp.stepStatus('clusterRole')).toBe('rolledBack');
    expect(hasCasArrayGroup(server.readLab())).toBe(false);
    expect((await wp.transcriptLabels()).slice(undoRuns).filter((l) => /failover|Move-ActiveMailboxDatabase|owner/i.test(l))).toEqual([]);
    await atEveryWidth(wp, 'truth', 'complete-rolled-back', violations);

    // Every export of the rolled-back run says so first.
    const exports: Partial<Record<ReportFormat, string>> = {};
    for (const format of ['html', 'pdf', 'json', 'ps1'] as const) {
      const result = await server.controller.handle('exportReport', { format });
      const bytes = Buffer.from(result.base64, 'base64');
      const file = join(SCREENSHOT_DIR, `truth-report.${format}`);
      writeFileSync(file, bytes);
      exports[format] = format === 'pdf' ? execFileSync('pdftotext', ['-l', '1', file, '-'], { encoding: 'utf8' }) : bytes.toString('utf8');
    }
    const json = JSON.parse(exports.json ?? '{}') as {
      lab: boolean;
      run: { status: string; inPlace: { made: unknown[] }; rollbacks: { by: string | null; undone: { at: string | null }[] }[] };
      undo: unknown[];
      notices: { id: string }[];
    };
    const validate = validator();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.lab).toBe(true);
    expect(json.run.status).toBe('rolledBack');
    // The rollback is recorded: who asked (the workstation's user) and when each step was undone.
    expect(json.run.rollbacks).toHaveLength(1);
    expect(json.run.rollbacks[0]?.by).toMatch(/\S/);
    expect(json.run.rollbacks[0]?.undone.every((u) => u.at !== null)).toBe(true);
    // Nothing names the removed group; Outlook profiles made while the array existed are warned about.
    expect(json.notices.map((n) => n.id)).toEqual(['outlook-profiles-after-rollback', 'unsupported-platform']);
    // (The appendix logs the failover test's own Move-ClusterGroup: a record of what ran, not advice.)
    expect((exports.html ?? '').slice(0, (exports.html ?? '').indexOf('id="steps"'))).not.toContain('Move-ClusterGroup');
    expect(json.run.inPlace.made).toEqual([]);
    expect(json.undo).toEqual([]);
    expect(/<div class="banner (complete|partial|rolledBack|failed)[^"]*"><strong>([^<]+)</.exec(exports.html ?? '')?.slice(1)).toEqual([
      'rolledBack',
      'Rolled back (lab rehearsal)',
    ]);
    // The report's first page after the rollback, as an admin opens it (docs/screenshots/report-rolled-back.png).
    const reportPage = await context.newPage();
    await reportPage.setViewportSize({ width: 1280, height: 900 });
    await reportPage.setContent(exports.html ?? '', { waitUntil: 'load' });
    const bottom = await reportPage.evaluate('document.getElementById("in-place").getBoundingClientRect().bottom');
    await reportPage.screenshot({
      path: join(SCREENSHOT_DIR, 'report-summary-rolled-back.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(Number(bottom)) + 16 },
    });
    await reportPage.close();
    expect(exports.html).not.toContain('Every step ran');
    expect(exports.pdf).toMatch(/Rolled back/);
    expect(exports.pdf).toMatch(/LAB REHEARSAL/);
    expect(exports.pdf).toMatch(/not measured \(lab delays off\)/);
    expect(exports.ps1).toContain('Remove-ClientAccessArray');

    // Start over asks first, offers the report, and keeps the old journal.
    await wp.button('Start over').click();
    await wp.until('the Start over confirmation', '[data-testid=restart-dialog]');
    expect(await wp.text('[data-testid=restart-dialog]')).toContain('journal.archived-');
    await wp.screenshot('truth-start-over-dialog');
    violations.push(...(await wp.axeBothSchemes('start-over dialog')));
    const download = wp.page.waitForEvent('download');
    await wp.page.locator('[data-testid=restart-dialog]').getByRole('button', { name: 'Export HTML report' }).click();
    expect((await download).suggestedFilename()).toMatch(/^exha-report-rogertech\.local-.*\.html$/);
    await wp.page.locator('[data-testid=restart-dialog] [data-confirm]').click();
    await wp.waitForScreen('connect');
    expect(readdirSync(server.stateDir).some((f) => f.startsWith('journal.archived-'))).toBe(true);

    expect(violations).toEqual([]);
    expect(wp.problems).toEqual([]);
  }, 1_200_000);
});
