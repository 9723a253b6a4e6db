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
      // Focus never falls to <body>: the export button keeps it while the export runs and after.
      const focused = (text: string) => document.activeElement?.textContent?.trim() === text;
      await wp.until('focus stays on Export HTML report', focused, 'Export HTML report');

      // Day 2 opens with Enter; focus lands on its heading (the button that opened it is gone).
      await tabTo(wp, '[data-testid=day2-open]', 'Shift+Tab');
      await keys.press('Enter');
      await wp.until('focus is on the Day 2 heading', () => document.activeElement?.id === 'screen-title-day2');
      // Run a check keeps the focus while it runs (aria-disabled) and when it has returned.
      await tabTo(wp, '[data-testid=day2-check]');
      await keys.press('Enter');
      await wp.until('the check has returned', '[data-testid=day2-result]');
      await wp.until('focus stays on Run a check', focused, 'Run a check');
      // Back to the steps: focus goes to the button that opens day 2 again.
      await tabTo(wp, '[data-testid=day2-close]');
      await keys.press('Enter');
      await wp.until('focus is on Day 2: health and actions', focused, 'Day 2: health and actions');
      // Cancel in the Roll back everything dialog gives focus back to the button that opened it (as Escape does).
      await tabTo(wp, 'footer button.danger');
      await keys.press('Enter');
      await wp.until('the rollback dialog', '[data-testid=rollback-dialog]');
      await tabTo(wp, '[data-testid=rollback-dialog] [data-cancel]');
      await keys.press('Enter');
      await wp.until('focus is back on Roll back everything', focused, 'Roll back everything');
      expect(wp.problems).toEqual([]);
    },
    E2E_TIMEOUT_MS,
  );
});

declare const document: { activeElement: { textContent: string | null; id: string } | null };
