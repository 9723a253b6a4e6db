// Which operations only read, and the operations that are one machine event each: the event they send, what
// they record first, and the refusal shown when the machine cannot take the event where it is. The others
// (start, resume, discard, retry, roll back everything, restart, export, day 2) are the controller's named methods.
import type { Operation, RequestOf } from '../../shared/contract';
import type { StepId } from '../../shared/steps';
import type { WizardMachineEvent } from './actor-host';
import type { RunRecorder } from './recorder';

/** Operations that only read: every other one changes the run, so it needs the state folder's lock. */
export const READ_ONLY_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['getView', 'exportReport']);

export type MachineOperation = 'next' | 'back' | 'skip' | 'acknowledge' | 'setInputs' | 'rollbackStep';

interface MachineOperationSpec<O extends MachineOperation> {
  event: (request: RequestOf<O>) => WizardMachineEvent;
  /** Why the machine cannot take the event here (unless a step is running: that is said instead). */
  refusal: string;
  /** A choice the request carries, kept in the journal before the event is sent, so a resume keeps it. */
  record?: (request: RequestOf<O>, recorder: RunRecorder, at: StepId) => void;
  /** A decision the report names with who and when, kept once the machine has taken the event. */
  recordTaken?: (request: RequestOf<O>, recorder: RunRecorder, at: StepId) => void;
}

export const MACHINE_OPERATIONS: { readonly [O in MachineOperation]: MachineOperationSpec<O> } = {
  next: {
    event: () => ({ type: 'NEXT' }),
    refusal: 'Next is not possible here',
    // The cluster role screen's choice to run the cluster's validation too.
    record: (request, recorder, at) => {
      const choice = request?.validateCluster;
      if (choice !== undefined && at === 'clusterRole') recorder.recordValidationChoice(choice);
    },
  },
  back: { event: () => ({ type: 'BACK' }), refusal: 'Back is not possible here' },
  skip: { event: () => ({ type: 'SKIP' }), refusal: 'This step cannot be skipped' },
  acknowledge: {
    event: (r) => ({ type: 'ACKNOWLEDGE', notice: r.notice, warnings: r.warnings }),
    refusal: 'Acknowledge the preflight results on the preflight step',
    recordTaken: (r, recorder) => {
      recorder.recordDecision('acknowledged', 'preflight', r.warnings ? 'notice and preflight warnings' : 'notice');
    },
  },
  setInputs: {
    event: (inputs) => ({ type: 'SET_INPUTS', inputs }),
    refusal: 'The client access point can only be changed before it is created',
  },
  rollbackStep: {
    event: () => ({ type: 'ROLLBACK_STEP' }),
    refusal: 'This step has nothing to roll back',
    recordTaken: (_r, recorder, at) => {
      recorder.recordDecision('rollbackRequested', at, 'step');
    },
  },
};

export function isMachineOperation(op: Operation): op is MachineOperation {
  return Object.hasOwn(MACHINE_OPERATIONS, op);
}
