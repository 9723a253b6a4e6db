// Wires one wizard: the engine host, the IPC handlers, the menu and the window that shows the page.
import { app, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWizard } from '../procedure/controller';
import { electronPdfPrinter } from './export';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { hostOptions, parseShellArgs } from '../host/options';
import { createSecureWindow, hardenApp } from './window';

export interface Wizard {
  /** Brings the window back (a second launch lands here). */
  focus(): void;
  dispose(): Promise<void>;
}

export async function openWizard(argv: readonly string[]): Promise<Wizard> {
  hardenApp();
  // The packaged app and `electron .` both resolve to the folder holding package.json and dist/.
  const root = app.getAppPath();
  const indexHtml = join(root, 'dist', 'renderer', 'index.html');
  const host = createWizard({
    ...hostOptions(parseShellArgs(argv)),
    pdfPrinter: electronPdfPrinter,
  });

  let win: BrowserWindow | null = null;
  const current = (): BrowserWindow | null => win;
  const unregister = registerIpc({ wizard: host, window: current, rendererUrl: pathToFileURL(indexHtml).href });
  installMenu({ host, window: current });

  const created = createSecureWindow({ preload: join(root, 'dist', 'electron', 'preload.cjs') });
  win = created;
  created.once('ready-to-show', () => {
    created.show();
  });
  created.on('closed', () => {
    win = null;
  });
  await created.loadFile(indexHtml);

  return {
    focus: () => {
      if (win === null) return;
      if (win.isMinimized()) win.restore();
      win.focus();
    },
    dispose: async () => {
      unregister();
      await host.dispose();
    },
  };
}
