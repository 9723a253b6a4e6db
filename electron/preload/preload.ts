// The sandboxed preload: the page gets one named function per contract operation and a view
// subscription, never ipcRenderer itself, so it can reach no channel the contract does not list.
// Each operation is written out once for both shells' pages (shared/api-calls.ts); main answers it with its
// one handler (main/ipc.ts -> host/dispatch.ts -> procedure/operations.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { apiCalls, type CallOperation } from '../../shared/api-calls';
import type { ResultMap, WizardApi, WizardView } from '../../shared/contract';
import { VIEW_CHANNEL, channelOf } from '../../shared/operations';
import { unwrapReply, type IpcReply } from '../../shared/reply';

/** One operation on its own channel; the reply unwrapped (a refusal becomes a thrown WizardApiError). */
const invoke: CallOperation = async (op, request) =>
  unwrapReply((await ipcRenderer.invoke(channelOf(op), request)) as IpcReply) as ResultMap[typeof op];

function onView(listener: (view: WizardView) => void): () => void {
  // The event stays here: handing it to the page would hand over event.sender.
  const handler = (_event: IpcRendererEvent, view: WizardView): void => {
    listener(view);
  };
  ipcRenderer.on(VIEW_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(VIEW_CHANNEL, handler);
  };
}

const api: WizardApi = { ...apiCalls(invoke), onView };

contextBridge.exposeInMainWorld('exha', api);
