// A validation failure points at the field to change: the error names the address that answers and
// offers Back to Client access point; there the failure sits under that field (one box, not two),
// focus is on it, it goes as soon as the address changes, and the new address is validated afresh.
import { describe, expect, it } from 'vitest';
import { WizardPage, clickThrough, e2eFile, newContext, startWizard, E2E_TIMEOUT_MS } from './harness';

const files = e2eFile();
const TAKEN = '192.168.0.110';
const FREE = '192.168.0.111';

declare const document: {
  activeElement: { id: string } | null;
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
};

describe('validation failures point at the field to change', () => {
  it(
    'an address in use: Back to the address field, the failure clears when it changes, no stale failure under the new address',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const wp = await WizardPage.open(context, server.url);
      const page = wp.page;
      await clickThrough(wp, 'accessPoint');
      // Something on the network answers at the address (the lab state exists once the run has started).
      await server.lab(`Add-LabAnsweringAddress ${TAKEN}`);
      await wp.advanceTo('validate');
      await wp.clickNext();
      expect(await wp.waitForStepRun('validate', { allowFailure: true })).toBe('failed');

      // The error says which field to change, and why, and its first action goes there.
      await wp.untilText(
        'the error says to go back for another address',
        '[data-testid=error] .advice',
        /Go back to Client access point and choose another address/,
      );
      expect(await wp.text('[data-testid=error] h3')).toContain(`${TAKEN} replies to ping`);
      expect(await page.locator('[data-testid=error]').count()).toBe(1);
      await wp.until(
        "focus is on the error's first button",
        () =>
          document.activeElement !== null &&
          (document.activeElement as unknown as { getAttribute(n: string): string | null }).getAttribute('data-testid') ===
            'error-fix-back',
      );
      for (const width of [640, 1024, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        await wp.screenshot(`validation-failed-${String(width)}`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      const violations = await wp.axeBothSchemes('validation failed');

      await page.locator('[data-testid=error-fix-back]').click();
      await wp.waitForScreen('accessPoint');
      // On the form: the failure under the address field only, no second failure box, focus on the field.
      await wp.until('focus is on the address field', () => document.activeElement?.id === 'ap-address');
      await wp.untilText('the address field says validation failed', '#ap-address-error', /Validation failed: .*Choose another address/);
      expect(await page.getAttribute('#ap-address', 'aria-invalid')).toBe('true');
      expect(await page.locator('[data-testid=error]').count()).toBe(0);
      expect(await page.locator('#ap-name-error').count()).toBe(0);
      await wp.screenshot('validation-back-at-address');
      violations.push(...(await wp.axeBothSchemes('back at the address')));

      // Changing the field clears its failure at once, before anything is sent.
      await page.fill('#ap-address', FREE);
      await wp.until('the address failure is gone', () => document.querySelector('#ap-address-error') === null);
      // Typing the failed value again shows it again: it is that value that failed.
      await page.fill('#ap-address', TAKEN);
      await wp.untilText('the failure is back for the failed value', '#ap-address-error', /Validation failed/);
      await page.fill('#ap-address', FREE);
      await wp.until('the address failure is gone again', () => document.querySelector('#ap-address-error') === null);

      // Next saves the new address: the old failure and its table are forgotten, validation runs afresh.
      await wp.clickNext();
      await wp.waitForStepRun('accessPoint');
      await wp.advanceTo('validate');
      await wp.waitForStep('validate', 'current');
      expect(await page.locator('[data-testid=error]').count()).toBe(0);
      expect(await page.locator('[data-testid=check-tally]').count()).toBe(0);
      expect(await wp.text('[data-testid=screen-validate] .facts')).toContain(FREE);
      await wp.clickNext();
      expect(await wp.waitForStepRun('validate')).toBe('done');
      expect(await wp.text('[data-testid=screen-validate]')).not.toContain(TAKEN);

      expect(violations).toEqual([]);
      expect(wp.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );
});
