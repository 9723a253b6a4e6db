// Electron entry (bundled to dist/electron/main.cjs): one instance, one wizard, the engine disposed
// (PowerShell stopped) before the process exits.
import { app, dialog } from 'electron';
import { openWizard, type Wizard } from './app';

function fatal(err: unknown): void {
  dialog.showErrorBox('Exchange HA Wizard could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
}

function run(): void {
  let wizard: Wizard | null = null;
  let disposing: Promise<void> | null = null;
  let disposed = false;

  app.on('second-instance', () => {
    wizard?.focus();
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  app.on('will-quit', (event) => {
    if (disposed || wizard === null) return;
    // Quit waits for PowerShell to stop; the second will-quit passes through.
    event.preventDefault();
    disposing ??= wizard
      .dispose()
      .catch((err: unknown) => {
        console.error('[main] dispose failed:', err);
      })
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      app.quit();
    });

  app
    .whenReady()
    .then(() => openWizard(process.argv.slice(1)))
    .then((opened) => {
      wizard = opened;
    })
    .catch(fatal);
}

// A second launch hands its turn to the first (which focuses its window) and leaves.
if (app.requestSingleInstanceLock()) run();
else app.quit();
