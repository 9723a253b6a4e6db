// The sandboxed preload: the page gets one named function per contract operation and a view
// subscription, never ipcRenderer itself, so it can reach no channel the contract does not list.
// Each operation is written out (WizardApi makes the list exhaustive), so Go-to-definition from the
// page lands here and then on main's one handler (main/ipc.ts -> host/dispatch.ts -> procedure/operations.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Operation, RequestOf, ResultMap, WizardApi, WizardView } from '../../shared/contract';
import { VIEW_CHANNEL, channelOf } from '../../shared/operations';
import { unwrapReply, type IpcReply } from '../../shared/reply';

/** The page's call of one operation: its channel, the reply unwrapped (a refusal becomes a thrown WizardApiError). */
function call<O extends Operation>(op: O): (request: RequestOf<O>) => Promise<ResultMap[O]> {
  return async (request) => unwrapReply((await ipcRenderer.invoke(channelOf(op), request)) as IpcReply) as ResultMap[O];
}

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

const api: WizardApi = {
  getView: call('getView'),
  start: call('start'),
  resume: call('resume'),
  discardJournal: call('discardJournal'),
  next: call('next'),
  back: call('back'),
  retry: call('retry'),
  skip: call('skip'),
  acknowledge: call('acknowledge'),
  setInputs: call('setInputs'),
  rollbackStep: call('rollbackStep'),
  rollbackAll: call('rollbackAll'),
  restart: call('restart'),
  exportReport: call('exportReport'),
  day2Check: call('day2Check'),
  day2Maintenance: call('day2Maintenance'),
  day2EndMaintenance: call('day2EndMaintenance'),
  day2Remove: call('day2Remove'),
  onView,
};

contextBridge.exposeInMainWorld('exha', api);
