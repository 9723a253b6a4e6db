// The run's status for the top of the report: complete, partial, rolled back or failed, said plainly.
import { STEPS, stepMeta } from '../../shared/steps';
import type { JournalData } from '../procedure/journal';
import { inPlaceOf } from '../procedure/in-place';
import { initialContext, locate, type WizardContext } from '../procedure/machine';
import { acknowledgementOf, rollbacksOf } from './decisions';
import { effectiveLabDelays } from './lab-delays';
import type { ReportRun } from './types';

export interface MachineState {
  value: unknown;
  context: WizardContext;
}

/** The machine's persisted state out of the journal; an unstarted journal reads as a fresh machine. */
export function machineState(journal: JournalData): MachineState {
  const snap = journal.snapshot as Partial<MachineState> | null;
  if (!snap || typeof snap !== 'object' || !snap.context) return { value: { connect: 'review' }, context: initialContext() };
  return { value: snap.value ?? { connect: 'review' }, context: snap.context };
}

export function buildRun(journal: JournalData, state: MachineState): ReportRun {
  const { context } = state;
  const where = locate({ value: state.value as never, context });
  const inPlace = inPlaceOf(context, journal.before);
  const changesInPlace = STEPS.filter((s) => inPlace.made.some((e) => e.stepId === s.id)).map((s) => s.title);
  const lastStep = { id: where.stepId, title: stepMeta(where.stepId).title };
  let status: ReportRun['status'];
  let headline: string;
  // What the servers hold now comes first: a rolled-back run says so, whatever steps once reached.
  if (where.phase === 'rolledBack' || inPlace.outcome === 'rolledBack') {
    status = 'rolledBack';
    headline = inPlace.headline;
  } else if (where.phase === 'failed' || where.phase === 'rollbackFailed' || where.phase === 'aborted') {
    status = 'failed';
    const what = where.phase === 'rollbackFailed' ? 'The rollback' : `The step "${lastStep.title}"`;
    headline = `${what} did not finish. ${inPlace.made.length > 0 ? `Still on the servers: ${changesInPlace.join(', ')}.` : 'Nothing this run made is on the servers.'}`;
  } else if (context.statuses.complete === 'done' && inPlace.outcome !== 'partlyRolledBack') {
    status = 'complete';
    headline = 'Every step ran; the client access point, the Client Access array and the databases are in place.';
  } else {
    status = 'partial';
    const reached = STEPS.filter((s) => context.statuses[s.id] === 'done').map((s) => s.title);
    headline =
      inPlace.outcome === 'partlyRolledBack'
        ? inPlace.headline
        : `The run stopped after "${reached[reached.length - 1] ?? 'Connect'}"; later steps were not reached. ${inPlace.made.length > 0 ? `On the servers now: ${changesInPlace.join(', ')}.` : 'Nothing this run made is on the servers.'}`;
  }
  const error = context.error
    ? {
        stepId: context.error.stepId,
        message: context.error.message,
        advice: context.error.advice,
        powershell: context.error.powershell
          ? `${context.error.powershell.message} (${context.error.powershell.fullyQualifiedErrorId})`
          : null,
      }
    : null;
  const t = journal.target;
  const site = context.outputs.connect as { servers?: { name: string }[]; cluster?: { nodes?: { name: string }[] } } | undefined;
  const where_ =
    t.kind === 'real'
      ? { workstation: t.workstation ?? null, exchangeServer: t.exchangeServer ?? null, clusterNode: t.clusterNode ?? null }
      : {
          workstation: t.workstation ?? null,
          exchangeServer: site?.servers?.[0]?.name ? `${site.servers[0].name} (lab)` : 'the lab',
          clusterNode: site?.cluster?.nodes?.[0]?.name ? `${site.cluster.nodes[0].name} (lab)` : 'the lab',
        };
  const delays = effectiveLabDelays(t);
  return {
    status,
    headline,
    changesInPlace,
    inPlace,
    lastStep,
    error,
    startedAt: journal.createdAt,
    updatedAt: journal.updatedAt,
    target: t.kind,
    where: where_,
    labDelays: delays.delays,
    labDelaysSource: delays.source,
    acknowledgement: acknowledgementOf(journal, state),
    rollbacks: rollbacksOf(journal, state),
  };
}

/** Lab delays all at zero: the lab switched over instantly, so an outage time is not a measurement. */
export function labDelaysOff(run: Pick<ReportRun, 'target' | 'labDelays'>): boolean {
  const d = run.labDelays;
  return run.target === 'lab' && d !== null && d.nodeLossDetection === 0 && d.groupOnline === 0 && d.databaseMount === 0;
}

/** An interrupted run's phase that is a rollback not finished: it goes on with the rollback, not with a resume. */
export function rollbackUnfinished(phase: string): boolean {
  return phase === 'rollbackFailed' || phase === 'rollingBack';
}

/** The command that carries an interrupted run on from where it stopped (what `exha status` offers). */
export function continueCommand(phase: string): 'exha rollback' | 'exha resume' {
  return rollbackUnfinished(phase) ? 'exha rollback' : 'exha resume';
}
