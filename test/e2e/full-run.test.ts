// A complete run against the lab, clicking through every screen as an admin would, with a screenshot of
// each screen and axe-core (no serious or critical violations) on each, in light and in dark.
import { describe, expect, it } from 'vitest';
import type { StepId } from '../../shared/steps';
import { WizardPage, clickThrough, e2eFile, hasCasArrayGroup, newContext, startWizard, E2E_TIMEOUT_MS } from './harness';

const files = e2eFile();

const SHOT: Record<StepId, string> = {
  connect: '02-connect-site',
  preflight: '03-preflight',
  accessPoint: '05-access-point',
  validate: '06-validate',
  clusterRole: '07-cluster-role',
  dns: '08-dns',
  casArray: '09-cas-array',
  databases: '10-databases',
  clientChecks: '11-client-checks',
  failover: '12-failover',
  complete: '13-complete',
};

describe('a complete run in the browser', () => {
  it(
    'clicks through every screen to Complete; every screen is captured and passes axe in light and dark',
    async () => {
      // Realistic (short) lab delays from the start, so the outage has a timeline and the run records the
      // delays it really had (a zero-delay run says "not measured"; truth.test.ts covers that one).
      const server = files.track(await startWizard({ labDelays: { nodeLossDetection: 2, groupOnline: 1, databaseMount: 2 } }));
      const context = files.track(await newContext(files.browser()));
      const wp = await WizardPage.open(context, server.url);
      const violations: string[] = [];
      const capture = async (name: string): Promise<void> => {
        await wp.screenshot(name);
        violations.push(...(await wp.axeBothSchemes(name)));
      };

      // Connect: nothing started, the lab is the default; Next says what it will do.
      await wp.waitForScreen('connect');
      expect(await wp.nextLabel()).toMatch(/^Next: Connect to the lab/);
      await capture('01-connect');

      await clickThrough(wp, 'complete', {
        beforeRun: async (step) => {
          if (step === 'clusterRole') {
            // The PowerShell the first change will run is shown, copyable, before it runs.
            expect(await wp.text('[data-testid=plan]')).toContain('Add-ClusterGroup');
            await expect(
              wp.page
                .getByRole('button', { name: /^Copy / })
                .first()
                .isVisible(),
            ).resolves.toBe(true);
            await capture('07a-cluster-role-plan');
          }
          if (step === 'accessPoint') {
            // The form as an admin fills it: the write-up's values, typed.
            await wp.page.fill('#ap-name', 'CASArray');
            await wp.page.selectOption('#ap-network', 'Cluster Network 1');
            await wp.page.fill('#ap-address', '192.168.0.110');
            await wp.untilText('the array FQDN preview shows the name', '[data-testid=array-fqdn]', /^CASArray\.rogertech\.local$/);
            await capture('04-access-point-form');
          }
        },
        beforeLeave: async (step) => {
          if (step === 'preflight') {
            // The field-technique notice must be acknowledged: Next without the tick asks for it.
            await wp.clickNext();
            await wp.until('preflight asks for the acknowledgement', '#notice-ack-error');
            expect(await wp.stepStatus('accessPoint')).toBe('todo');
          }
        },
        afterRun: async (step) => {
          if (step === 'failover') {
            await wp.until('the failover chart is drawn', '[data-testid=failover-chart]');
            await wp.untilText('the measured recovery is shown', '[data-testid=recovery]', /\d+(\.\d+)? s/);
          }
          await capture(SHOT[step]);
        },
      });

      // Every step done; the report can be exported.
      expect(await wp.railStatuses()).toEqual(Array(11).fill('done'));
      await wp.until('the export section is shown', '[data-testid=export]');
      expect(await wp.text('[data-testid=screen-complete]')).toContain('CASArray.rogertech.local');

      const lab = server.readLab();
      expect(hasCasArrayGroup(lab)).toBe(true);
      expect(lab.clientAccessArrays.length).toBe(1);
      expect(lab.databases.every((db) => db.rpcClientAccessServer.toLowerCase() === 'casarray.rogertech.local')).toBe(true);

      expect(violations).toEqual([]);
      expect(wp.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );
});
