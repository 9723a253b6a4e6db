// When things go wrong: a failure injected in the lab is shown with PowerShell's own error and Retry
// completes the step; Roll back everything lists what it will undo and leaves the lab as it was.
import { describe, expect, it } from 'vitest';
import { WizardPage, clickThrough, e2eFile, hasCasArrayGroup, newContext, seedLab, startWizard, E2E_TIMEOUT_MS } from './harness';

const files = e2eFile();

const INJECTED = 'Active Directory operation failed on DC01.rogertech.local. The object could not be updated (lab fault).';

describe('failure, retry and rollback in the browser', () => {
  it(
    "shows PowerShell's error when Set-MailboxDatabase fails once, then Retry completes the step",
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const wp = await WizardPage.open(context, server.url);
      await clickThrough(wp, 'casArray');

      // The next Set-MailboxDatabase in the lab fails, as an AD hiccup would.
      await wp.advanceTo('databases');
      await server.lab(`Set-LabFault -CommandName Set-MailboxDatabase -Count 1 -Message '${INJECTED}'`);
      await wp.clickNext();
      expect(await wp.waitForStepRun('databases', { allowFailure: true })).toBe('failed');

      const panel = wp.page.locator('[data-testid=error]');
      await wp.until('the error panel is shown', '[data-testid=error]');
      const quoted = await panel.locator('blockquote').innerText();
      expect(quoted).toContain(INJECTED);
      expect(await panel.innerText()).toMatch(/FullyQualifiedErrorId\s*LabInjectedFault/);
      expect(await panel.innerText()).toMatch(/What to do:/);
      expect(await wp.text('[data-testid=transcript]')).toMatch(/Failed|failed|Error/);
      await wp.screenshot('databases-failed');
      const a11y = await wp.axeBothSchemes('error panel');

      expect(await wp.retryStep('databases')).toBe('done');
      await wp.until('the error panel is gone', () => document.querySelector('[data-testid=error]') === null);
      const lab = server.readLab();
      expect(lab.databases.map((db) => db.rpcClientAccessServer.toLowerCase())).toEqual(
        lab.databases.map(() => 'casarray.rogertech.local'),
      );

      expect(a11y).toEqual([]);
      expect(wp.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'rolls back everything from the failover step: the confirmation lists the undo, then the lab is as before',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const wp = await WizardPage.open(context, server.url);
      await clickThrough(wp, 'clientChecks');
      await wp.advanceTo('failover');

      // Cancel first: nothing happens.
      await wp.button('Roll back everything').click();
      await wp.until('the rollback dialog is open', '[data-testid=rollback-dialog]');
      await wp.button('Cancel').click();
      await wp.until('the rollback dialog is closed', () => document.querySelector('[data-testid=rollback-dialog]') === null);
      expect(await wp.stepStatus('databases')).toBe('done');

      await wp.button('Roll back everything').click();
      const dialog = wp.page.locator('[data-testid=rollback-dialog]');
      await wp.until('the rollback dialog is open', '[data-testid=rollback-dialog]');
      // What will be undone, newest first.
      const items = await dialog.locator('li strong').allInnerTexts();
      expect(items).toEqual(['Mailbox databases', 'Client Access array', 'Cluster role']);
      expect(await dialog.innerText()).toMatch(/RpcClientAccessServer|previous/i);
      const confirm = wp.button('Confirm rollback');
      expect(await confirm.isDisabled()).toBe(true);
      await wp.screenshot('rollback-dialog');
      const a11y = await wp.axeBothSchemes('rollback dialog');

      await dialog.getByRole('checkbox').check();
      await confirm.click();
      for (const step of ['databases', 'casArray', 'clusterRole'] as const) await wp.waitForStep(step, 'rolledBack');
      await wp.untilText('the footer says the run is rolled back', 'footer .where', /Rolled back/);
      await wp.screenshot('rolled-back');

      const lab = server.readLab();
      expect(hasCasArrayGroup(lab)).toBe(false);
      expect(lab.cluster.resources.filter((r) => /casarray/i.test(r.name))).toEqual([]);
      expect(lab.clientAccessArrays).toEqual([]);
      const original = Object.fromEntries(seedLab().databases.map((db) => [db.name, db.rpcClientAccessServer]));
      expect(Object.fromEntries(lab.databases.map((db) => [db.name, db.rpcClientAccessServer]))).toEqual(original);

      expect(a11y).toEqual([]);
      expect(wp.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );
});

declare const document: { querySelector(selector: string): unknown };
