// The window's API as one named function per operation, over whatever carries a call (Electron IPC in the
// preload, the WebSocket in a browser). Written out, not mapped from OPERATIONS, so a reader sees each one;
// WizardApi's type makes the list exhaustive (a missing or extra operation does not compile).
import type { Operation, RequestOf, ResultMap, WizardApi } from './contract';

/** Sends one operation and resolves with its result (rejects with a WizardApiError when refused). */
export type CallOperation = <O extends Operation>(op: O, request: RequestOf<O>) => Promise<ResultMap[O]>;

export function apiCalls(call: CallOperation): Omit<WizardApi, 'onView'> {
  return {
    getView: (r) => call('getView', r),
    start: (r) => call('start', r),
    resume: (r) => call('resume', r),
    discardJournal: (r) => call('discardJournal', r),
    next: (r) => call('next', r),
    back: (r) => call('back', r),
    retry: (r) => call('retry', r),
    skip: (r) => call('skip', r),
    acknowledge: (r) => call('acknowledge', r),
    setInputs: (r) => call('setInputs', r),
    rollbackStep: (r) => call('rollbackStep', r),
    rollbackAll: (r) => call('rollbackAll', r),
    restart: (r) => call('restart', r),
    exportReport: (r) => call('exportReport', r),
    snapshotSite: (r) => call('snapshotSite', r),
    day2Check: (r) => call('day2Check', r),
    day2Maintenance: (r) => call('day2Maintenance', r),
    day2EndMaintenance: (r) => call('day2EndMaintenance', r),
    day2Remove: (r) => call('day2Remove', r),
  };
}
