// Main's end of the contract: one handler per operation. Each message is checked twice, who sent it
// (our window's main frame showing our own page) and then its shape; rejections are logged, never run.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { OPERATIONS, VIEW_CHANNEL, channelOf } from '../../shared/contract';
import type { Wizard } from '../procedure/wizard';
import { dispatch, type Reply } from '../host/dispatch';

export interface IpcOptions {
  wizard: Wizard;
  /** The wizard window, or null while there is none. */
  window: () => BrowserWindow | null;
  /** file:// URL of the renderer's index.html. */
  rendererUrl: string;
  log?: (line: string) => void;
}

function isOwnMainFrame(frame: WebFrameMain | null | undefined, win: BrowserWindow | null, rendererUrl: string): boolean {
  if (frame === null || frame === undefined || win === null || win.isDestroyed()) return false;
  const main = win.webContents.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return sameFile(frame.url, rendererUrl);
}

function sameFile(actual: string, expected: string): boolean {
  try {
    const a = new URL(actual);
    const e = new URL(expected);
    return a.protocol === 'file:' && e.protocol === 'file:' && a.host === e.host && a.pathname === e.pathname;
  } catch {
    return false;
  }
}

/** Registers every handler and the view push; returns the undo, for quit and for tests. */
export function registerIpc(options: IpcOptions): () => void {
  const log =
    options.log ??
    ((line: string) => {
      console.warn(`[ipc] ${line}`);
    });
  for (const op of OPERATIONS) {
    ipcMain.handle(channelOf(op), async (event: IpcMainInvokeEvent, arg: unknown): Promise<Reply> => {
      if (!isOwnMainFrame(event.senderFrame, options.window(), options.rendererUrl)) {
        log(`dropped ${op} from a frame that is not the wizard's own page (${event.senderFrame?.url ?? 'no frame'})`);
        return { ok: false, error: { code: 'not-allowed', message: 'This page may not drive the wizard.' } };
      }
      return dispatch(options.wizard, op, arg, log);
    });
  }
  const unsubscribe = options.wizard.subscribe((view) => {
    const win = options.window();
    if (win !== null && !win.isDestroyed()) win.webContents.send(VIEW_CHANNEL, view);
  });
  return () => {
    unsubscribe();
    for (const op of OPERATIONS) ipcMain.removeHandler(channelOf(op));
  };
}
