// Connect offers the lab the same two names as real servers: a name the lab does not have is refused with
// the lab's own names and nothing starts; a name it has opens the lab's sessions on that server.
import { describe, expect, it } from 'vitest';
import { WizardPage, e2eFile, newContext, startWizard, E2E_TIMEOUT_MS } from './harness';

const files = e2eFile();

describe('Connect: the lab servers the sessions belong to', () => {
  it(
    'refuses a server the lab does not have, then connects the sessions to the one named',
    async () => {
      const server = files.track(await startWizard());
      const context = files.track(await newContext(files.browser()));
      const wp = await WizardPage.open(context, server.url);
      await wp.waitForScreen('connect');
      await wp.page.fill('#exchange-server', 'EX07');
      await wp.clickNext();
      await wp.untilText(
        'the request is refused with the lab servers',
        '[data-testid=request-error]',
        /The lab has no server named EX07 to use as the Exchange server: it has EX01, EX02\./,
      );
      expect(await wp.transcriptLabels()).toEqual([]);

      await wp.page.fill('#exchange-server', 'EX02');
      await wp.clickNext();
      await wp.waitForStepRun('connect');
      const labels = await wp.transcriptLabels();
      expect(labels[0]).toMatch(/\(Exchange on EX02, cluster on EX02\)$/);
    },
    E2E_TIMEOUT_MS,
  );
});
