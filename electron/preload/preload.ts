// The sandboxed preload: the page gets one named function per contract operation and a view
// subscription, never ipcRenderer itself, so it can reach no channel the contract does not list.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WizardApi, WizardView } from '../../shared/contract';
import { OPERATIONS, VIEW_CHANNEL, channelOf } from '../../shared/operations';
import { unwrapReply, type IpcReply } from '../../shared/reply';

function buildApi(): WizardApi {
  const calls = Object.fromEntries(
    OPERATIONS.map((op) => [op, async (request: unknown) => unwrapReply((await ipcRenderer.invoke(channelOf(op), request)) as IpcReply)]),
  );
  const onView = (listener: (view: WizardView) => void): (() => void) => {
    // The event stays here: handing it to the page would hand over event.sender.
    const handler = (_event: IpcRendererEvent, view: WizardView): void => {
      listener(view);
    };
    ipcRenderer.on(VIEW_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(VIEW_CHANNEL, handler);
    };
  };
  // Built from OPERATIONS, so each key is an operation; the per-operation result types are the contract's.
  return { ...calls, onView } as unknown as WizardApi;
}

contextBridge.exposeInMainWorld('exha', buildApi());
