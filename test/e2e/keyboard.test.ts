// A whole run with the keyboard only: Tab and Shift+Tab to move, Space to tick, Enter to press.
// No mouse click, no element.focus() from the test: focus goes only where the keys take it.
import { describe, expect, it } from 'vitest';
import type { StepId } from '../../shared/steps';
import { VIEWPORT, WizardPage, e2eFile, startWizard, tabTo, E2E_TIMEOUT_MS } from './harness';

const files = e2eFile();

const NEXT = '[data-testid=next]';

describe('keyboard only', () => {
  it(
    'runs from Connect to Complete and exports the report with Tab, Shift+Tab, Space and Enter',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await files.browser().newContext({ viewport: VIEWPORT, acceptDownloads: true }));
      const wp = await WizardPage.open(context, server.url);
      const keys = wp.page.keyboard;

      // The first Tab reaches the skip link; Enter on it moves to the current step.
      await keys.press('Tab');
      await wp.until(
        'the skip link has focus',
        (text: string) => document.activeElement?.textContent?.trim() === text,
        'Skip to the current step',
      );

      // Connect: Space on the Lab choice, then on to Next and Enter.
      await tabTo(wp, 'input[type=radio][value=lab]');
      await keys.press('Space');
      await tabTo(wp, NEXT);
      await keys.press('Enter');
      await wp.waitForStepRun('connect');

      /** Next keeps focus while a step runs (aria-disabled, not disabled), so Enter again goes on. */
      const pressNext = async (): Promise<void> => {
        await wp.waitForNextEnabled();
        await tabTo(wp, NEXT);
        await keys.press('Enter');
      };
      const run = async (step: StepId): Promise<void> => {
        await wp.waitForScreen(step);
        await pressNext();
        await wp.waitForStepRun(step);
      };
      const advance = async (step: StepId): Promise<void> => {
        await pressNext();
        await wp.waitForScreen(step, 10_000);
      };

      await advance('preflight');
      await run('preflight');
      // The acknowledgement sits above Next in the page: back to it with Shift+Tab, Space to tick.
      await tabTo(wp, '#notice-ack', 'Shift+Tab');
      await keys.press('Space');
      expect(await wp.page.isChecked('#notice-ack')).toBe(true);
      if ((await wp.page.locator('#warnings-ack').count()) > 0) {
        await tabTo(wp, '#warnings-ack');
        await keys.press('Space');
      }
      await advance('accessPoint');
      // The client access point form: the write-up's values are proposed; Enter in a field submits it.
      await tabTo(wp, '#ap-name', 'Shift+Tab');
      await keys.press('Enter');
      await wp.waitForStepRun('accessPoint');
      for (const [from, to] of [
        ['accessPoint', 'validate'],
        ['validate', 'clusterRole'],
        ['clusterRole', 'dns'],
        ['dns', 'casArray'],
        ['casArray', 'databases'],
        ['databases', 'clientChecks'],
        ['clientChecks', 'failover'],
      ] as const) {
        expect(await wp.stepStatus(from)).toBe('done');
        await advance(to);
        await run(to);
      }
      await advance('complete');
      await wp.waitForStepRun('complete');

      // Complete: Tab to an export button and press it with Enter; the report downloads.
      const download = wp.page.waitForEvent('download');
      await tabTo(wp, '[data-testid=export] button');
      await keys.press('Enter');
      expect((await download).suggestedFilename()).toMatch(/\.html$/);
      expect(wp.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );
});

declare const document: { activeElement: { textContent: string | null } | null };
