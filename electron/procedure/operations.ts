// Every operation of shared/contract.ts and the code that does it, in one table: machine and day-2 operations
// alike. A reader finds any operation's handler here, and Go-to-definition on a `wizard.` call lands on it.
// `readOnly` operations run without the state folder's lock; every other one takes it first (controller.ts).
import type { Operation, RequestOf, ResultMap } from '../../shared/contract';
import type { WizardController } from './controller';

export interface Route<O extends Operation> {
  /** Only reads: runs without taking the state folder's lock. */
  readOnly?: true;
  /** A day-2 action: runs beside nothing else that changes the servers (day2/desk.ts). */
  day2?: true;
  handle: (wizard: WizardController, request: RequestOf<O>) => Promise<ResultMap[O]> | ResultMap[O];
}

export const ROUTES: { readonly [O in Operation]: Route<O> } = {
  getView: { readOnly: true, handle: (wizard) => wizard.view() },
  exportReport: { readOnly: true, handle: (wizard, request) => wizard.exportReport(request) },
  snapshotSite: { readOnly: true, handle: (wizard) => wizard.snapshotSite() },

  // The run's life in the state folder (run-lifecycle.ts).
  start: { handle: (wizard, request) => wizard.start(request) },
  resume: { handle: (wizard, request) => wizard.resumeInterrupted(request?.credential) },
  discardJournal: { handle: (wizard) => wizard.discardJournal() },
  restart: { handle: (wizard) => wizard.restart() },

  // One machine event each (machine.ts); the refusal is what the admin reads when the machine cannot take it here.
  next: { handle: (wizard, request) => wizard.next(request?.validateCluster) },
  back: { handle: (wizard) => wizard.send({ type: 'BACK' }, 'Back is not possible here') },
  skip: { handle: (wizard) => wizard.send({ type: 'SKIP' }, 'This step cannot be skipped') },
  acknowledge: { handle: (wizard, request) => wizard.acknowledge(request) },
  setInputs: {
    handle: (wizard, inputs) =>
      wizard.send({ type: 'SET_INPUTS', inputs }, 'The client access point can only be changed before it is created'),
  },
  retry: { handle: (wizard) => wizard.retryFailed(true) },
  rollbackStep: { handle: (wizard) => wizard.rollbackStep() },
  rollbackAll: { handle: (wizard, request) => wizard.rollbackAll(undefined, request.includeFound === true) },

  // Day 2 on a setup already there (day2/desk.ts): each runs in the background; the view follows it.
  day2Check: {
    day2: true,
    handle: (wizard, request) => wizard.day2('day2Check', request),
  },
  day2Maintenance: {
    day2: true,
    handle: (wizard, request) => wizard.day2('day2Maintenance', request),
  },
  day2EndMaintenance: {
    day2: true,
    handle: (wizard, request) => wizard.day2('day2EndMaintenance', request),
  },
  day2Remove: {
    day2: true,
    handle: (wizard, request) => wizard.day2('day2Remove', request),
  },
};
