// The cluster role screen offers the cluster's own validation: ticked before Next, its Test-Cluster command is in
// the PowerShell panel before it runs, and once the role is verified the screen shows the counts per category and
// the report file. The PowerShell panel says "Nothing runs until you press Next" only while that is true.
import { describe, expect, it } from 'vitest';
import { WizardPage, clickThrough, e2eFile, newContext, startWizard, E2E_TIMEOUT_MS } from './harness';

const files = e2eFile();

describe('the cluster validation in the window', () => {
  it(
    'is offered on the cluster role screen, shown before it runs, and its result shown after',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const wp = await WizardPage.open(context, server.url);
      await clickThrough(wp, 'clusterRole', {
        beforeRun: async (step) => {
          if (step !== 'clusterRole') return;
          expect(await wp.text('[data-testid=plan]')).toContain('Test-Cluster -Include $categories');
          expect(await wp.text('[data-testid=plan]')).toContain('Nothing runs until you press Next.');
          await wp.page.getByLabel("Also run the cluster's validation (Inventory, Network, System Configuration)").check();
        },
        afterRun: async (step) => {
          if (step !== 'clusterRole') return;
          await wp.untilText('the validation result is shown', '[data-testid=screen-clusterRole]', /Results per category/);
          const screen = await wp.text('[data-testid=screen-clusterRole]');
          expect(screen).toMatch(/Inventory\s*3\s*0\s*0/);
          expect(screen).toMatch(/Validation Report .*\.htm/);
          // Once the step has run, the panel no longer says nothing has run.
          expect(await wp.text('[data-testid=plan]')).not.toContain('Nothing runs until');
        },
      });
    },
    E2E_TIMEOUT_MS,
  );
});
