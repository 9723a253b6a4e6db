// The client access point form refuses a bad name and a bad address with a clear message, and nothing
// runs: no new command in the transcript, the run stays on the form, the lab has no CASArray group.
import { describe, expect, it } from 'vitest';
import {
  WizardPage,
  acknowledgePreflight,
  clickThrough,
  e2eFile,
  hasCasArrayGroup,
  newContext,
  startWizard,
  E2E_TIMEOUT_MS,
} from './harness';

const files = e2eFile();

describe('client access point: bad values are refused before anything runs', () => {
  it(
    'refuses "CAS Array!", a 16-character name, an address outside the network and its broadcast address',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const wp = await WizardPage.open(context, server.url);
      await clickThrough(wp, 'preflight');
      await acknowledgePreflight(wp);
      await wp.advanceTo('accessPoint');
      await wp.waitForStep('accessPoint', 'current');
      const ranBefore = await wp.transcriptLabels();
      const page = wp.page;

      /** Next is pressed with a bad value: the field says why, focus goes to it, and the run does not move. */
      const refused = async (field: 'name' | 'address', message: RegExp): Promise<void> => {
        await wp.untilText(`the ${field} error says ${message.source}`, `#ap-${field}-error`, message);
        await wp.clickNext();
        await wp.until(`focus is on the ${field} field`, (id: string) => document.activeElement?.getAttribute('id') === id, `ap-${field}`);
        expect(await page.getAttribute(`#ap-${field}`, 'aria-invalid')).toBe('true');
        expect(await wp.stepStatus('accessPoint')).toBe('current');
        expect(await wp.stepStatus('validate')).toBe('todo');
      };

      await page.fill('#ap-name', 'CAS Array!');
      await refused('name', /only letters, digits and hyphens/);
      await wp.untilText('the FQDN preview says the name is not valid', '[data-testid=array-fqdn]', /enter a valid name/);
      await wp.screenshot('access-point-bad-name');

      await page.fill('#ap-name', 'CASARRAY-PRIMARY');
      await refused('name', /at most 15 characters; "CASARRAY-PRIMARY" has 16/);

      await page.fill('#ap-name', 'CASArray');
      await wp.until('the name error is gone', () => document.querySelector('#ap-name-error') === null);
      await page.fill('#ap-address', '10.0.0.50');
      await refused('address', /10\.0\.0\.50 is outside Cluster Network 1 \(192\.168\.0\.0\/24\)/);
      await wp.screenshot('access-point-bad-address');
      const a11y = await wp.axeBothSchemes('access point with errors');

      await page.fill('#ap-address', '192.168.0.255');
      await refused('address', /192\.168\.0\.255 is the broadcast address of 192\.168\.0\.0\/24/);

      // Nothing ran: no command after the refusals, no request refused by main, nothing in the lab.
      expect(await wp.transcriptLabels()).toEqual(ranBefore);
      expect(await page.locator('[data-testid=request-error]').count()).toBe(0);
      const lab = server.readLab();
      expect(hasCasArrayGroup(lab)).toBe(false);
      expect(lab.clientAccessArrays).toEqual([]);

      // Corrected, the same form goes on.
      await page.fill('#ap-address', '192.168.0.110');
      await wp.until('the address error is gone', () => document.querySelector('#ap-address-error') === null);
      await wp.clickNext();
      await wp.waitForStepRun('accessPoint');

      expect(a11y).toEqual([]);
      expect(wp.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );
});

declare const document: { activeElement: { getAttribute(name: string): string | null } | null; querySelector(selector: string): unknown };
