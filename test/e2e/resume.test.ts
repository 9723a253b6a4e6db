// Interruptions: the page closed while a step runs (the engine carries on; reopening shows the same step
// and it finishes), and the host itself restarted mid-step (the Connect screen offers to resume).
import { describe, expect, it } from 'vitest';
import { WizardPage, clickThrough, e2eFile, newContext, startWizard, E2E_TIMEOUT_MS } from './harness';

const files = e2eFile();

/** Validation's reachability check (Test-Connection) takes this long in the lab: a step slow enough to interrupt. */
const SLOW_SECONDS = 5;

describe('closing the page or restarting the host mid-step', () => {
  it(
    'reopening the URL while a step runs shows that step, still running, and it finishes',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const first = await WizardPage.open(context, server.url);
      await clickThrough(first, 'accessPoint');
      await first.advanceTo('validate');
      await server.lab(`Set-LabFault -CommandName Test-Connection -Count 1 -DelaySeconds ${String(SLOW_SECONDS)}`);
      await first.clickNext();
      await first.waitForStep('validate', 'running');
      await first.screenshot('validate-running');
      await first.page.close();
      expect(server.controller.view().phase).toBe('running');

      const again = await WizardPage.open(context, server.url);
      await again.waitForScreen('validate');
      expect(await again.stepStatus('validate')).toBe('running');
      expect(await again.nextLabel()).toMatch(/^Next/);
      expect(await again.next().getAttribute('aria-disabled')).toBe('true');
      expect(await again.waitForStepRun('validate')).toBe('done');
      await again.waitForNextEnabled();
      expect(await again.nextLabel()).toBe('Next: Cluster role');
      expect(again.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'after a host restart mid-step, Connect offers "Resume where it stopped" and resuming finishes the step',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const before = await WizardPage.open(context, server.url);
      await clickThrough(before, 'accessPoint');
      await before.advanceTo('validate');
      await server.lab(`Set-LabFault -CommandName Test-Connection -Count 1 -DelaySeconds ${String(SLOW_SECONDS)}`);
      await before.clickNext();
      await before.waitForStep('validate', 'running');

      // The engine and the browser host go away as if the app were closed, then start on the same state folder.
      await server.restartHost();
      await before.page.close();

      const after = await WizardPage.open(context, server.url);
      await after.waitForScreen('connect');
      await after.until('the resume offer is shown', '[data-testid=resume]');
      const offer = await after.text('[data-testid=resume]');
      expect(offer).toContain('Resume where it stopped');
      expect(offer).toContain('Validation');
      expect(offer).toMatch(/PrimaryDAG/i);
      await after.screenshot('resume-offer');
      const a11y = await after.axeBothSchemes('resume offer');

      await after.button('Resume').click();
      await after.waitForScreen('validate');
      // Earlier steps are still done; the interrupted one is run again (or retried) to the end.
      expect(await after.stepStatus('accessPoint')).toBe('done');
      let status = await after.waitForStepRun('validate', { allowFailure: true });
      if (status === 'failed') {
        // A step cut off mid-command is reported as failed with the reason; Retry redoes it.
        await after.until('the error panel explains the interruption', '[data-testid=error]');
        status = await after.retryStep('validate');
      }
      expect(status).toBe('done');
      await after.waitForNextEnabled();
      expect(await after.nextLabel()).toBe('Next: Cluster role');
      expect(a11y).toEqual([]);
      expect(after.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );
});
