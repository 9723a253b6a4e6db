// The machine's vocabulary: its context, events, actors, actions and guards, typed once with xstate's setup().
// The chart that uses them is machine.ts. The two actors (runStep, undoStep) are defined here, on the StepActions
// a run hands in (step-runner.ts in the app, stubs in the machine's own tests).
import { assign, fromPromise, setup, type AnyEventObject } from 'xstate';
import type { ErrorInfo } from '../../shared/contract';
import { STEP_IDS, STEPS, type StepId } from '../../shared/steps';
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

/** What the machine's two actors do: run a step, and undo one (step-runner.ts does both in the app). */
export interface StepActions {
  run(input: StepActorInput): Promise<unknown>;
  undo(input: StepActorInput): Promise<unknown>;
}

const outputOf = (event: AnyEventObject): unknown => ('output' in event ? event.output : undefined);
const errorOf = (event: AnyEventObject): unknown => ('error' in event ? event.error : undefined);

/** The machine's setup with its actors bound to `steps`; machine.ts builds the chart on it. */
export function wizardSetupFor(steps: StepActions) {
  return setup({
    types: {
      context: {} as WizardContext,
      events: {} as WizardEvent,
    },
    actors: {
      // The invoke ids (step.<id>, rollback.<id>, rollback.all) and these names are kept in journals: see old-journals.ts.
      runStep: fromPromise<unknown, StepActorInput>(({ input }) => steps.run(input)),
      undoStep: fromPromise<unknown, StepActorInput>(({ input }) => steps.undo(input)),
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
          statuses: context.statuses.validate === 'todo' ? context.statuses : { ...context.statuses, validate: 'todo' },
          error: context.error?.stepId === 'validate' ? null : context.error,
        };
      }),
      markNextUndone: assign(({ context }) => ({
        statuses: { ...context.statuses, [undoableSteps(context)[0] ?? 'connect']: 'rolledBack' },
      })),
      recordRollbackAllFailure: assign(({ context, event }) => {
        const info = toErrorInfo(errorOf(event));
        return {
          error: {
            message: info.message,
            powershell: info.powershell,
            advice: info.advice,
            stepId: undoableSteps(context)[0] ?? 'connect',
          },
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
  });
}

export type WizardSetup = ReturnType<typeof wizardSetupFor>;
