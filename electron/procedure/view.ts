// Turns the machine's snapshot, the journal and live progress into the serialisable view the window renders.
import type { Day2View } from '../../shared/day2';
import type {
  Activity,
  ErrorInfo,
  FailoverView,
  PlannedScript,
  ResumeOffer,
  StepResults,
  StepView,
  TranscriptLine,
  WizardView,
} from '../../shared/contract';
import type { SiteFacts } from '../../shared/site';
import { FIELD_TECHNIQUE_NOTICE, STEPS, stepMeta, type StepId } from '../../shared/steps';
import { validateAccessPoint, defaultInputs } from '../../shared/validation';
import { inPlaceOf } from './in-place';
import type { JournalCommand, JournalData } from './journal';
import { initialContext, locate, undoableSteps, type WizardContext, type WizardSnapshot } from './machine';
import { renderScript } from '../powershell/script';
import type { PlanContext, TargetInfo } from './step';
import { stepDefinition } from './steps';

export interface ViewInputs {
  revision: number;
  snapshot: WizardSnapshot | null;
  journal: JournalData | null;
  activity: Activity | null;
  running: TranscriptLine | null;
  live: FailoverView['live'];
  resume: ResumeOffer | null;
  notice: string | null;
  stateDir: string;
  /** A journal that could not be read, with what every shell says about it. */
  damaged: { path: string; reason: string; message: string } | null;
  day2: Day2View | null;
}

const TRANSCRIPT_LINES = 60;

/** While the failover test runs (no result yet): the owner it recorded before the outage and the other node, both known. */
function liveOwners(roleOwner: string, site: SiteFacts | null): { originalOwner: string; otherNode: string } {
  const other = site?.cluster.nodes.find((n) => roleOwner !== '' && n.name.toLowerCase() !== roleOwner.toLowerCase())?.name ?? '';
  return { originalOwner: roleOwner, otherNode: other };
}

/** Results that describe what a change made (the failover test's outputs are observations and stay). */
const UNDONE_HIDES: ReadonlySet<StepId> = new Set<StepId>(['clusterRole', 'dns', 'casArray', 'databases']);

export function toTranscriptLine(c: JournalCommand): TranscriptLine {
  return {
    id: c.id,
    label: c.label,
    script: c.script,
    params: c.params,
    startedAt: c.startedAt,
    durationMs: c.durationMs,
    outcome: c.outcome,
    output: c.output,
    error: c.error ? `${c.error.message} (${c.error.fullyQualifiedErrorId})` : null,
    warnings: c.warnings,
  };
}

export function planContext(context: WizardContext, journal: JournalData | null): PlanContext {
  return {
    site: (context.outputs.connect as SiteFacts | undefined) ?? null,
    inputs: context.inputs,
    target: context.target ?? ({ kind: 'lab', sessionNode: null } satisfies TargetInfo),
    before: journal?.before ?? {},
  };
}

function safePlan(fn: () => PlannedScript[]): PlannedScript[] {
  try {
    return fn();
  } catch {
    return [];
  }
}

export function stepPlan(stepId: StepId, pc: PlanContext): PlannedScript[] {
  const def = stepDefinition(stepId);
  return [
    ...safePlan(() => def.plan(pc).map((c) => renderScript(c.script, c.values))),
    ...safePlan(() => def.rollbackPlan(pc).map((c) => renderScript(c.script, c.values))),
  ];
}

export function rollbackSummary(context: WizardContext, pc: PlanContext): WizardView['rollbackPlan'] {
  return undoableSteps(context).map((id) => ({
    stepId: id,
    title: stepMeta(id).title,
    undo:
      safePlan(() => [{ label: stepDefinition(id).undoSummary?.(pc) ?? '', runsOn: 'local', kind: 'rollback', text: '' }])[0]?.label ?? '',
    // The PowerShell Roll back everything will run, as the day-2 dialogs show theirs.
    scripts: safePlan(() =>
      stepDefinition(id)
        .rollbackPlan(pc)
        .map((c) => renderScript(c.script, c.values)),
    ),
  }));
}

/** The current step's own undo, for the confirmation Roll back this step shows before it acts. */
function undoPlanOf(stepId: StepId, pc: PlanContext): WizardView['rollbackStepPlan'] {
  const def = stepDefinition(stepId);
  return {
    title: stepMeta(stepId).title,
    undo: safePlan(() => [{ label: def.undoSummary?.(pc) ?? '', runsOn: 'local', kind: 'rollback', text: '' }])[0]?.label ?? '',
    scripts: safePlan(() => def.rollbackPlan(pc).map((c) => renderScript(c.script, c.values))),
  };
}

/** Connect before a run: the read-only scripts it will run, shown before it runs them. */
function connectPlan(): PlannedScript[] {
  return safePlan(() =>
    stepDefinition('connect')
      .plan({ site: null, inputs: null, target: { kind: 'lab', sessionNode: null }, before: {} })
      .map((c) => renderScript(c.script, c.values)),
  );
}

/**
 * The rail's status of a step: as recorded, except that DNS registration is the cluster role's own doing
 * (the Network Name registers the record), so it is undone with the role.
 */
function effectiveStatus(id: StepId, recorded: StepView['status'], context: WizardContext | null): StepView['status'] {
  if (id === 'dns' && recorded === 'done' && context?.statuses.clusterRole === 'rolledBack') return 'rolledBack';
  return recorded;
}

/** A run has started: its machine has a target (Connect's START was taken). */
export function runStarted(snapshot: WizardSnapshot | null): boolean {
  return snapshot !== null && snapshot.context.target !== null;
}

/** The run is over (rolled back, aborted or complete): a new one may start in its place. */
export function restartAllowed(snapshot: WizardSnapshot | null): boolean {
  if (!snapshot) return false;
  const where = locate(snapshot);
  return snapshot.value === 'rolledBack' || snapshot.value === 'aborted' || (where.stepId === 'complete' && where.phase === 'done');
}

export function buildView(v: ViewInputs): WizardView {
  const snapshot = v.snapshot;
  const context = snapshot?.context ?? null;
  const where = snapshot ? locate(snapshot) : { stepId: 'connect' as StepId, phase: 'review' as const };
  const phase = where.phase === 'aborted' ? 'failed' : where.phase;
  const pc = context ? planContext(context, v.journal) : null;
  const site = pc?.site ?? null;
  // A change that was rolled back is no longer on the servers: its screen does not show it as a result.
  const undone = (id: StepId): boolean =>
    UNDONE_HIDES.has(id) && effectiveStatus(id, context?.statuses[id] ?? 'todo', context) === 'rolledBack';
  const output = <K extends keyof StepResults>(id: K): StepResults[K] | null =>
    undone(id) ? null : ((context?.outputs[id] as StepResults[K] | undefined) ?? null);
  const steps: StepView[] = STEPS.map((meta) => {
    const recorded = effectiveStatus(meta.id, context?.statuses[meta.id] ?? 'todo', context);
    const timing = v.journal?.timings[meta.id];
    let status: StepView['status'] = recorded;
    if (meta.id === where.stepId && snapshot) {
      if (where.phase === 'running' || where.phase === 'rollingBack') status = 'running';
      else if (recorded === 'todo' || where.phase === 'review') status = recorded === 'rolledBack' ? 'rolledBack' : 'current';
    }
    return {
      id: meta.id,
      title: meta.title,
      writeUpSteps: meta.writeUpSteps,
      status,
      changesServers: meta.changesServers,
      startedAt: timing?.startedAt ?? null,
      endedAt: timing?.endedAt ?? null,
    };
  });
  const inputs = context?.inputs ?? (site ? defaultInputs(site) : null);
  const value = snapshot?.value;
  const inStep = snapshot !== null && typeof value === 'object' && !('rollingBackAll' in value);
  const meta = stepMeta(where.stepId);
  // A day-2 action changing the servers counts as running: nothing else may change them meanwhile.
  const notRunning = phase !== 'running' && phase !== 'rollingBack' && !v.day2?.running;
  const error: ErrorInfo | null = context?.error
    ? {
        message: context.error.message,
        powershell: context.error.powershell,
        advice: context.error.advice,
        ...(context.error.fixAt ? { fixAt: context.error.fixAt } : {}),
      }
    : null;
  const failover = output('failover');
  const started = runStarted(snapshot);
  return {
    revision: v.revision,
    target: context?.target?.kind ?? null,
    started,
    site,
    current: where.stepId,
    phase: where.phase === 'aborted' ? 'failed' : where.phase,
    steps,
    plan: pc ? stepPlan(where.stepId, pc) : where.stepId === 'connect' ? connectPlan() : [],
    transcript: [...(v.journal?.commands.slice(-TRANSCRIPT_LINES).map(toTranscriptLine) ?? []), ...(v.running ? [v.running] : [])],
    activity: v.activity,
    error,
    notice: {
      text: v.notice ? `${v.notice}\n\n${FIELD_TECHNIQUE_NOTICE}` : FIELD_TECHNIQUE_NOTICE,
      acknowledged: context?.acknowledged.notice ?? false,
    },
    preflight: output('preflight'),
    inputs,
    inputErrors: inputs && site ? validateAccessPoint(inputs, site) : {},
    validation: output('validate'),
    clusterRole: output('clusterRole'),
    dns: output('dns'),
    casArray: output('casArray'),
    databases: output('databases'),
    clientChecks: output('clientChecks'),
    failover:
      failover || v.live.length > 0
        ? {
            ...(failover ?? {
              ...liveOwners(v.journal?.before.failover?.roleOwner ?? '', site),
              planned: [],
              outage: null,
              restored: false,
            }),
            live: v.live,
          }
        : null,
    inPlace: inPlaceOf(context ?? initialContext(), v.journal?.before ?? {}),
    labDelays: v.journal?.target.kind === 'lab' ? (v.journal.target.labDelays ?? null) : null,
    rollbackStepPlan: pc && meta.changesServers ? undoPlanOf(where.stepId, pc) : null,
    rollbackPlan: context && pc ? rollbackSummary(context, pc) : [],
    can: {
      next: Boolean(snapshot?.can({ type: 'NEXT' })) && inStep,
      back: Boolean(snapshot?.can({ type: 'BACK' })),
      retry:
        Boolean(snapshot?.can({ type: 'RETRY' })) &&
        (phase === 'failed' || phase === 'rollbackFailed' || (phase === 'done' && !meta.changesServers && where.stepId !== 'complete')),
      skip: Boolean(snapshot?.can({ type: 'SKIP' })),
      rollbackStep: Boolean(snapshot?.can({ type: 'ROLLBACK_STEP' })),
      rollbackAll: notRunning && context !== null && undoableSteps(context).length > 0 && Boolean(snapshot?.can({ type: 'ROLLBACK_ALL' })),
      acknowledge: Boolean(snapshot?.can({ type: 'ACKNOWLEDGE', notice: true, warnings: true })),
      setInputs: Boolean(snapshot?.can({ type: 'SET_INPUTS', inputs: { name: '', address: '', network: '' } })),
      restart: restartAllowed(snapshot),
    },
    resume: v.resume,
    stateDir: v.stateDir,
    day2: v.day2,
    // Newest step first, as the rollback ran.
    undoNotes: Object.values(v.journal?.before.undoNotes ?? {}).flatMap((n) => n ?? []),
    damagedJournal: v.damaged,
  };
}
