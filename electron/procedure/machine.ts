// The procedure as a statechart, built from the step catalogue. Pure: it names its actors (runStep,
// rollbackStep) and the host provides them with machine.provide(). Every invoke has an explicit id
// (step.<id>, rollback.<id>, rollback.all) so persisted snapshots and graph tests can name it.
import { assign, fromPromise, setup, type AnyEventObject, type SnapshotFrom } from 'xstate';
import type { ErrorInfo } from '../../shared/contract';
import { STEP_IDS, STEPS, stepMeta, type StepId } from '../../shared/steps';
import { hasErrors, validateAccessPoint, type AccessPointInputs } from '../../shared/validation';
import type { Check } from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import type { TargetInfo } from './step';

export type RecordedStatus = 'todo' | 'done' | 'failed' | 'rolledBack' | 'skipped';

export interface WizardContext {
  target: TargetInfo | null;
  inputs: AccessPointInputs | null;
  acknowledged: { notice: boolean; warnings: boolean };
  statuses: Record<StepId, RecordedStatus>;
  /** Each step's result (or, after a failure, what it had found), serialisable. */
  outputs: Partial<Record<StepId, unknown>>;
  error: (ErrorInfo & { stepId: StepId }) | null;
  /** Roll back everything stops after undoing the steps that came after this one. */
  rollbackTo: StepId | null;
}

export type WizardEvent =
  | { type: 'START'; target: TargetInfo }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'RETRY' }
  | { type: 'SKIP' }
  | { type: 'SET_INPUTS'; inputs: AccessPointInputs }
  | { type: 'ACKNOWLEDGE'; notice: boolean; warnings: boolean }
  | { type: 'ROLLBACK_STEP' }
  | { type: 'ROLLBACK_ALL'; to?: StepId }
  | { type: 'ABORT' }
  | { type: 'RESTART' };

export interface StepActorInput {
  stepId: StepId;
  context: WizardContext;
}

/** What a step actor throws: plain data, so it survives persistence. */
export interface StepActorError extends ErrorInfo {
  partial?: unknown;
}

const initialStatuses = (): Record<StepId, RecordedStatus> =>
  Object.fromEntries(STEP_IDS.map((id) => [id, 'todo'])) as Record<StepId, RecordedStatus>;

export function initialContext(): WizardContext {
  return {
    target: null,
    inputs: null,
    acknowledged: { notice: false, warnings: false },
    statuses: initialStatuses(),
    outputs: {},
    error: null,
    rollbackTo: null,
  };
}

/** A failover test that finished and put the owners back left nothing to undo (in-place.ts agrees). */
function leftNothing(context: WizardContext, id: StepId): boolean {
  return (
    id === 'failover' &&
    context.statuses.failover === 'done' &&
    (context.outputs.failover as { restored?: unknown } | undefined)?.restored === true
  );
}

/** Changes to undo for Roll back everything, newest first; failed steps may have changed something. */
export function undoableSteps(context: WizardContext): StepId[] {
  const floor = context.rollbackTo ? STEP_IDS.indexOf(context.rollbackTo) : -1;
  return [...STEPS]
    .reverse()
    .filter((s) => STEP_IDS.indexOf(s.id) > floor)
    .filter((s) => s.changesServers && (context.statuses[s.id] === 'done' || context.statuses[s.id] === 'failed'))
    .filter((s) => !leftNothing(context, s.id))
    .map((s) => s.id);
}

function preflightWarnings(context: WizardContext): boolean {
  const checks = context.outputs.preflight as Check[] | undefined;
  return (checks ?? []).some((c) => c.status === 'warn');
}

function toErrorInfo(error: unknown): StepActorError {
  if (error && typeof error === 'object' && 'message' in error && 'advice' in error) return error as StepActorError;
  return {
    message: error instanceof Error ? error.message : String(error),
    powershell: null,
    advice: 'Retry; if it fails again, roll back this step.',
  };
}

const settled = {
  ROLLBACK_ALL: { target: '#wizard.rollingBackAll', actions: 'setRollbackTo' as const },
  ABORT: { target: '#wizard.aborted' },
};

const outputOf = (event: AnyEventObject): unknown => ('output' in event ? event.output : undefined);
const errorOf = (event: AnyEventObject): unknown => ('error' in event ? event.error : undefined);

function stepStates(stepId: StepId, nextId: StepId | null, prevId: StepId | null) {
  const meta = stepMeta(stepId);
  const nextTarget = nextId ? `#wizard.${nextId}` : '#wizard.complete.done';
  // Complete has nothing to review: it reads the after-snapshot as soon as it is reached.
  const autoRun = stepId === 'complete';
  const review = {
    on: {
      ...settled,
      NEXT: [{ guard: { type: 'canRun' as const, params: { stepId } }, target: 'running' }],
      ...(prevId && !stepMeta(prevId).changesServers ? { BACK: { target: `#wizard.${prevId}.done` } } : {}),
      ...(meta.skippable
        ? { SKIP: { target: nextTarget, actions: { type: 'setStatus' as const, params: { stepId, status: 'skipped' as const } } } }
        : {}),
      ...(stepId === 'accessPoint' ? { SET_INPUTS: { actions: ['forgetValidation' as const, 'storeInputs' as const] } } : {}),
    },
  };
  const rollingBack = {
    entry: 'clearError' as const,
    invoke: {
      id: `rollback.${stepId}`,
      src: 'rollbackStep' as const,
      input: ({ context }: { context: WizardContext }): StepActorInput => ({ stepId, context }),
      onDone: {
        target: autoRun ? 'running' : 'review',
        actions: { type: 'setStatus' as const, params: { stepId, status: 'rolledBack' as const } },
      },
      onError: { target: 'failed', actions: { type: 'recordFailure' as const, params: { stepId, keepPartial: false } } },
    },
  };
  return {
    initial: autoRun ? ('running' as const) : ('review' as const),
    states: {
      ...(autoRun ? {} : { review }),
      ...(meta.changesServers ? { rollingBack } : {}),
      running: {
        entry: 'clearError' as const,
        invoke: {
          id: `step.${stepId}`,
          src: 'runStep' as const,
          input: ({ context }: { context: WizardContext }): StepActorInput => ({ stepId, context }),
          onDone: {
            target: 'done',
            actions: [
              { type: 'recordOutput' as const, params: { stepId } },
              { type: 'setStatus' as const, params: { stepId, status: 'done' as const } },
            ],
          },
          onError: {
            target: 'failed',
            actions: [
              { type: 'recordFailure' as const, params: { stepId, keepPartial: true } },
              { type: 'setStatus' as const, params: { stepId, status: 'failed' as const } },
            ],
          },
        },
      },
      done: {
        on: {
          ...settled,
          ...(nextId ? { NEXT: [{ guard: { type: 'mayLeave' as const, params: { stepId } }, target: nextTarget }] } : {}),
          ...(stepId === 'accessPoint'
            ? {
                SET_INPUTS: {
                  guard: 'inputsChanged' as const,
                  target: 'review',
                  actions: ['forgetValidation' as const, 'storeInputs' as const],
                },
              }
            : {}),
          ...(stepId === 'preflight' ? { ACKNOWLEDGE: { actions: 'storeAcknowledgement' as const } } : {}),
          ...(prevId && !stepMeta(prevId).changesServers && !meta.changesServers ? { BACK: { target: `#wizard.${prevId}.done` } } : {}),
          RETRY: { target: 'running' },
          // A failover test that put everything back has nothing to roll back: not offered.
          ...(meta.changesServers
            ? { ROLLBACK_STEP: { guard: { type: 'leftSomething' as const, params: { stepId } }, target: 'rollingBack' } }
            : {}),
        },
      },
      failed: {
        on: {
          ...settled,
          RETRY: { target: 'running' },
          ...(meta.skippable
            ? { SKIP: { target: nextTarget, actions: { type: 'setStatus' as const, params: { stepId, status: 'skipped' as const } } } }
            : {}),
          ...(meta.changesServers ? { ROLLBACK_STEP: { target: 'rollingBack' } } : {}),
          ...(stepId === 'accessPoint'
            ? { SET_INPUTS: { target: 'review', actions: ['forgetValidation' as const, 'storeInputs' as const] } }
            : {}),
          ...(prevId && !stepMeta(prevId).changesServers && !meta.changesServers ? { BACK: { target: `#wizard.${prevId}.done` } } : {}),
        },
      },
    },
  };
}

export const wizardMachine = setup({
  types: {
    context: {} as WizardContext,
    events: {} as WizardEvent,
  },
  actors: {
    runStep: fromPromise<unknown, StepActorInput>(() => Promise.reject(new Error('runStep is provided by the host'))),
    rollbackStep: fromPromise<unknown, StepActorInput>(() => Promise.reject(new Error('rollbackStep is provided by the host'))),
  },
  actions: {
    clearError: assign({ error: null }),
    resetContext: assign(() => initialContext()),
    storeTarget: assign(({ event }) => (event.type === 'START' ? { target: event.target } : {})),
    storeInputs: assign(({ event }) => (event.type === 'SET_INPUTS' ? { inputs: event.inputs } : {})),
    storeAcknowledgement: assign(({ event }) =>
      event.type === 'ACKNOWLEDGE' ? { acknowledged: { notice: event.notice, warnings: event.warnings } } : {},
    ),
    setRollbackTo: assign(({ event }) => ({ rollbackTo: event.type === 'ROLLBACK_ALL' ? (event.to ?? null) : null })),
    clearRollbackTo: assign({ rollbackTo: null }),
    setStatus: assign(({ context }, params: { stepId: StepId; status: RecordedStatus }) => ({
      statuses: { ...context.statuses, [params.stepId]: params.status },
    })),
    recordOutput: assign(({ context, event }, params: { stepId: StepId }) => ({
      outputs: { ...context.outputs, [params.stepId]: outputOf(event) },
    })),
    recordFailure: assign(({ context, event }, params: { stepId: StepId; keepPartial: boolean }) => {
      const info = toErrorInfo(errorOf(event));
      const outputs =
        params.keepPartial && info.partial !== undefined ? { ...context.outputs, [params.stepId]: info.partial } : context.outputs;
      return {
        error: {
          message: info.message,
          powershell: info.powershell,
          advice: info.advice,
          ...(info.fixAt ? { fixAt: info.fixAt } : {}),
          stepId: params.stepId,
        },
        outputs,
      };
    }),
    // New answers on Client access point: a validation of the old ones (its failure, its table) no
    // longer holds, so it is forgotten and validation runs again for what was entered.
    forgetValidation: assign(({ context, event }) => {
      if (event.type !== 'SET_INPUTS' || JSON.stringify(event.inputs) === JSON.stringify(context.inputs)) return {};
      const { validate: _old, ...outputs } = context.outputs;
      return {
        outputs,
        statuses: context.statuses.validate === 'todo' ? context.statuses : { ...context.statuses, validate: 'todo' as const },
        error: context.error?.stepId === 'validate' ? null : context.error,
      };
    }),
    markNextUndone: assign(({ context }) => ({
      statuses: { ...context.statuses, [undoableSteps(context)[0] ?? 'connect']: 'rolledBack' },
    })),
    recordRollbackAllFailure: assign(({ context, event }) => {
      const info = toErrorInfo(errorOf(event));
      return {
        error: { message: info.message, powershell: info.powershell, advice: info.advice, stepId: undoableSteps(context)[0] ?? 'connect' },
      };
    }),
  },
  guards: {
    canRun: ({ context }, params: { stepId: StepId }) => {
      if (context.target === null) return false;
      if (params.stepId === 'accessPoint') {
        const site = context.outputs.connect as SiteFacts | undefined;
        return context.inputs !== null && !hasErrors(validateAccessPoint(context.inputs, site));
      }
      return true;
    },
    mayLeave: ({ context }, params: { stepId: StepId }) => {
      // The field-technique notice and any preflight warnings are acknowledged before the first change.
      if (params.stepId !== 'preflight') return true;
      return context.acknowledged.notice && (!preflightWarnings(context) || context.acknowledged.warnings);
    },
    nothingToUndo: ({ context }) => undoableSteps(context).length === 0,
    leftSomething: ({ context }, params: { stepId: StepId }) => !leftNothing(context, params.stepId),
    inputsChanged: ({ context, event }) => event.type === 'SET_INPUTS' && JSON.stringify(event.inputs) !== JSON.stringify(context.inputs),
    stopsAt: ({ context }, params: { stepId: StepId }) => context.rollbackTo === params.stepId && undoableSteps(context).length === 0,
  },
}).createMachine({
  id: 'wizard',
  initial: 'connect',
  context: initialContext,
  states: {
    ...(Object.fromEntries(
      STEP_IDS.map((id, i) => {
        const states = stepStates(id, STEP_IDS[i + 1] ?? null, STEP_IDS[i - 1] ?? null);
        // Connect is where a run starts: its only way forward is START with the chosen target.
        if (id === 'connect')
          return [
            id,
            { ...states, states: { ...states.states, review: { on: { START: { target: 'running', actions: 'storeTarget' as const } } } } },
          ];
        return [id, states];
      }),
    ) as Record<StepId, ReturnType<typeof stepStates>>),
    rollingBackAll: {
      initial: 'next',
      states: {
        next: {
          always: [
            ...STEP_IDS.map((id) => ({
              guard: { type: 'stopsAt' as const, params: { stepId: id } },
              target: `#wizard.${id}.done`,
              actions: 'clearRollbackTo' as const,
            })),
            { guard: 'nothingToUndo', target: '#wizard.rolledBack', actions: 'clearRollbackTo' as const },
            { target: 'undoing' },
          ],
        },
        undoing: {
          entry: 'clearError' as const,
          invoke: {
            id: 'rollback.all',
            src: 'rollbackStep',
            input: ({ context }: { context: WizardContext }): StepActorInput => ({
              stepId: undoableSteps(context)[0] ?? 'connect',
              context,
            }),
            onDone: { target: 'next', actions: 'markNextUndone' },
            onError: {
              target: '#wizard.rollbackFailed',
              actions: 'recordRollbackAllFailure',
            },
          },
        },
      },
    },
    rollbackFailed: {
      on: { RETRY: { target: 'rollingBackAll' }, ROLLBACK_ALL: { target: 'rollingBackAll', actions: 'setRollbackTo' as const } },
    },
    rolledBack: {
      on: { RESTART: { target: 'connect', actions: 'resetContext' as const } },
    },
    aborted: {
      on: {
        RESTART: { target: 'connect', actions: 'resetContext' as const },
        ROLLBACK_ALL: { target: 'rollingBackAll', actions: 'setRollbackTo' as const },
      },
    },
  },
});

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
