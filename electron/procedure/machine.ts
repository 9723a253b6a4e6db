// The procedure as a statechart, drawn in docs/machine.md (regenerate: npx tsx scripts/machine-chart.ts).
// This file is the chart: the top level below, then the one chart every step shares. Its vocabulary
// (context, events, actors, actions, guards) is machine-setup.ts; createWizardMachine binds the actors to a run's steps.
// Every invoke has an explicit id (step.<id>, rollback.<id>, rollback.all) so persisted snapshots and
// graph tests can name it; state names are persisted too (journal.json): renaming one breaks old journals.
import type { SnapshotFrom } from 'xstate';
import { STEP_IDS, stepMeta, type StepId } from '../../shared/steps';
import { initialContext, undoableSteps, wizardSetupFor, type StepActions } from './machine-setup';

export {
  initialContext,
  undoableSteps,
  type RecordedStatus,
  type StepActorError,
  type StepActions,
  type StepActorInput,
  type WizardContext,
  type WizardEvent,
} from './machine-setup';

/** Only the chart's types and state configs come from this setup: its actors never run (see wizardChart). */
const wizardSetup = wizardSetupFor({
  run: () => Promise.reject(new Error('The chart runs no step: createWizardMachine(steps) makes the machine that does.')),
  undo: () => Promise.reject(new Error('The chart undoes no step: createWizardMachine(steps) makes the machine that does.')),
});

const chart = wizardSetup.createStateConfig({
  id: 'wizard',
  initial: 'connect',
  context: initialContext,
  states: {
    // The steps in catalogue order (shared/steps.ts), each the chart of step() below.
    connect: step('connect'),
    preflight: step('preflight'),
    accessPoint: step('accessPoint'),
    validate: step('validate'),
    clusterRole: step('clusterRole'),
    dns: step('dns'),
    casArray: step('casArray'),
    databases: step('databases'),
    clientChecks: step('clientChecks'),
    failover: step('failover'),
    complete: step('complete'),
    // Roll back everything: undo the newest change until none is left, or until the step asked for is reached.
    rollingBackAll: {
      initial: 'next',
      states: {
        next: {
          always: [
            ...STEP_IDS.map(stopAt),
            { guard: 'nothingToUndo', target: '#wizard.rolledBack', actions: 'clearRollbackTo' },
            { target: 'undoing' },
          ],
        },
        undoing: {
          entry: 'clearError',
          invoke: {
            id: 'rollback.all',
            src: 'undoStep',
            input: ({ context }) => ({ stepId: undoableSteps(context)[0] ?? 'connect', context }),
            onDone: { target: 'next', actions: 'markNextUndone' },
            onError: { target: '#wizard.rollbackFailed', actions: 'recordRollbackAllFailure' },
          },
        },
      },
    },
    rollbackFailed: {
      on: {
        RETRY: { target: 'rollingBackAll' },
        ROLLBACK_ALL: { target: 'rollingBackAll', actions: 'setRollbackTo' },
      },
    },
    rolledBack: {
      on: {
        RESTART: { target: 'connect', actions: 'resetContext' },
      },
    },
    aborted: {
      on: {
        RESTART: { target: 'connect', actions: 'resetContext' },
        ROLLBACK_ALL: { target: 'rollingBackAll', actions: 'setRollbackTo' },
      },
    },
  },
});

/** The machine a run drives: the chart, its actors running and undoing steps through `steps`. */
export function createWizardMachine(steps: StepActions) {
  return wizardSetupFor(steps).createMachine(chart);
}

export type WizardMachine = ReturnType<typeof createWizardMachine>;

/** The chart alone, for what reads it (the drawing, graph tests, the journal's snapshot check): it runs no step. */
export const wizardMachine: WizardMachine = wizardSetup.createMachine(chart);

/**
 * One step's chart:  review --NEXT--> running --> done | failed;  done, failed --RETRY--> running;
 * a step that changes the servers also has rollingBack (ROLLBACK_STEP), which returns to review.
 * Events marked `when(...)` exist only for the steps the flag names (see variations()).
 */
function step(stepId: StepId) {
  const is = variations(stepId);

  const review = wizardSetup.createStateConfig({
    on: {
      NEXT: { guard: { type: 'canRun', params: { stepId } }, target: 'running' },
      ...when(is.skippable, { SKIP: { target: is.next, actions: { type: 'setStatus', params: { stepId, status: 'skipped' } } } }),
      ...when(is.backFromReview, { BACK: { target: is.back } }),
      ...when(is.accessPoint, { SET_INPUTS: { actions: ['forgetValidation', 'storeInputs'] } }),
      ...leaveTheRun(),
    },
  });
  // Connect is where a run starts: its only way forward is START with the chosen target.
  const connectReview = wizardSetup.createStateConfig({
    on: {
      START: { target: 'running', actions: 'storeTarget' },
    },
  });
  const running = wizardSetup.createStateConfig({
    entry: 'clearError',
    invoke: {
      id: `step.${stepId}`,
      src: 'runStep',
      input: ({ context }) => ({ stepId, context }),
      onDone: {
        target: 'done',
        actions: [
          { type: 'recordOutput', params: { stepId } },
          { type: 'setStatus', params: { stepId, status: 'done' } },
        ],
      },
      onError: {
        target: 'failed',
        actions: [
          { type: 'recordFailure', params: { stepId, keepPartial: true } },
          { type: 'setStatus', params: { stepId, status: 'failed' } },
        ],
      },
    },
  });
  const done = wizardSetup.createStateConfig({
    on: {
      RETRY: { target: 'running' },
      ...when(is.hasNext, { NEXT: { guard: { type: 'mayLeave', params: { stepId } }, target: is.next } }),
      // A failover test that put everything back has nothing to roll back: not offered.
      ...when(is.changesServers, { ROLLBACK_STEP: { guard: { type: 'leftSomething', params: { stepId } }, target: 'rollingBack' } }),
      ...when(is.backFromResult, { BACK: { target: is.back } }),
      ...when(is.accessPoint, { SET_INPUTS: { guard: 'inputsChanged', target: 'review', actions: ['forgetValidation', 'storeInputs'] } }),
      ...when(is.preflight, { ACKNOWLEDGE: { actions: 'storeAcknowledgement' } }),
      ...leaveTheRun(),
    },
  });
  const failed = wizardSetup.createStateConfig({
    on: {
      RETRY: { target: 'running' },
      ...when(is.skippable, { SKIP: { target: is.next, actions: { type: 'setStatus', params: { stepId, status: 'skipped' } } } }),
      ...when(is.changesServers, { ROLLBACK_STEP: { target: 'rollingBack' } }),
      ...when(is.backFromResult, { BACK: { target: is.back } }),
      ...when(is.accessPoint, { SET_INPUTS: { target: 'review', actions: ['forgetValidation', 'storeInputs'] } }),
      ...leaveTheRun(),
    },
  });
  const rollingBack = wizardSetup.createStateConfig({
    entry: 'clearError',
    invoke: {
      id: `rollback.${stepId}`,
      src: 'undoStep',
      input: ({ context }) => ({ stepId, context }),
      onDone: { target: 'review', actions: { type: 'setStatus', params: { stepId, status: 'rolledBack' } } },
      onError: { target: 'failed', actions: { type: 'recordFailure', params: { stepId, keepPartial: false } } },
    },
  });

  return wizardSetup.createStateConfig({
    // Complete has nothing to review: it reads the after-snapshot as soon as it is reached.
    initial: is.complete ? 'running' : 'review',
    states: {
      ...(is.complete ? {} : { review: is.connect ? connectReview : review }),
      running,
      done,
      failed,
      ...(is.changesServers ? { rollingBack } : {}),
    },
  });
}

/** What sets one step's chart apart, read from the catalogue. */
function variations(stepId: StepId) {
  const meta = stepMeta(stepId);
  const index = STEP_IDS.indexOf(stepId);
  const next = STEP_IDS[index + 1];
  const previous = STEP_IDS[index - 1];
  // BACK returns to the previous step's result, and never past a change on the servers: from review
  // when the previous step changed nothing; from done or failed when this step changed nothing either.
  const backFromReview = previous !== undefined && !stepMeta(previous).changesServers;
  return {
    connect: stepId === 'connect',
    preflight: stepId === 'preflight',
    accessPoint: stepId === 'accessPoint',
    complete: stepId === 'complete',
    hasNext: next !== undefined,
    next: `#wizard.${next ?? stepId}`,
    back: `#wizard.${previous ?? stepId}.done`,
    backFromReview,
    backFromResult: backFromReview && !meta.changesServers,
    skippable: meta.skippable && next !== undefined,
    changesServers: meta.changesServers,
  };
}

// The config types setup() checks against, so the helpers below need no `as const`.
type StateConfig = Parameters<typeof wizardSetup.createStateConfig>[0];
type Transitions = NonNullable<StateConfig['on']>;
type Transition = Exclude<Extract<NonNullable<StateConfig['always']>, readonly unknown[]>[number], string>;

/** These transitions, or none: how the template names an event that only some steps have. */
function when(flag: boolean, transitions: Transitions): Transitions {
  return flag ? transitions : {};
}

/** From any step past connect the admin may roll back everything or abort the run. */
function leaveTheRun(): Transitions {
  return {
    ROLLBACK_ALL: { target: '#wizard.rollingBackAll', actions: 'setRollbackTo' },
    ABORT: { target: '#wizard.aborted' },
  };
}

/** Roll back everything up to a step stops at that step's result once nothing after it is left to undo. */
function stopAt(stepId: StepId): Transition {
  return { guard: { type: 'stopsAt', params: { stepId } }, target: `#wizard.${stepId}.done`, actions: 'clearRollbackTo' };
}

export type WizardSnapshot = SnapshotFrom<typeof wizardMachine>;

/** Where the machine is, in the words of the view: the step on screen and its phase. */
export function locate(snapshot: Pick<WizardSnapshot, 'value' | 'context'>): {
  stepId: StepId;
  phase: 'review' | 'running' | 'done' | 'failed' | 'rollingBack' | 'rolledBack' | 'rollbackFailed' | 'aborted';
} {
  const value = snapshot.value;
  if (typeof value === 'string') {
    const last = [...STEP_IDS].reverse().find((id) => snapshot.context.statuses[id] !== 'todo') ?? 'connect';
    return { stepId: snapshot.context.error?.stepId ?? last, phase: value };
  }
  const [key, sub] = Object.entries(value)[0] ?? ['connect', 'review'];
  if (key === 'rollingBackAll') {
    return { stepId: undoableSteps(snapshot.context)[0] ?? 'connect', phase: 'rollingBack' };
  }
  return { stepId: key as StepId, phase: sub as 'review' };
}
