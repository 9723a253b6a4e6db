// The run's status for the top of the report: complete, partial, rolled back or failed, said plainly.
import { STEPS, stepMeta } from '../../shared/steps';
import type { JournalData } from '../procedure/journal';
import { initialContext, locate, type WizardContext } from '../procedure/machine';
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
  // A finished failover test put the owners back: it leaves nothing behind to mention.
  const restored = (context.outputs.failover as { restored?: boolean } | undefined)?.restored === true && context.statuses.failover === 'done';
  const changed = STEPS.filter((s) => s.changesServers && (context.statuses[s.id] === 'done' || context.statuses[s.id] === 'failed') && !(s.id === 'failover' && restored));
  const rolledBack = STEPS.filter((s) => context.statuses[s.id] === 'rolledBack');
  const changesInPlace = changed.map((s) => s.title);
  const lastStep = { id: where.stepId, title: stepMeta(where.stepId).title };
  let status: ReportRun['status'];
  let headline: string;
  if (context.statuses.complete === 'done') {
    status = 'complete';
    headline = 'Every step ran; the client access point, the Client Access array and the databases are in place.';
  } else if (where.phase === 'rolledBack' || (rolledBack.length > 0 && changed.length === 0)) {
    status = 'rolledBack';
    headline = `The changes of ${rolledBack.map((s) => s.title).join(', ') || 'this run'} were undone. Nothing this run created is left on the servers.`;
  } else if (where.phase === 'failed' || where.phase === 'rollbackFailed' || where.phase === 'aborted') {
    status = 'failed';
    const what = where.phase === 'rollbackFailed' ? 'The rollback' : `The step "${lastStep.title}"`;
    headline = `${what} did not finish. ${changed.length > 0 ? `Still on the servers: ${changesInPlace.join(', ')}.` : 'Nothing is changed on the servers.'}`;
  } else {
    status = 'partial';
    const reached = STEPS.filter((s) => context.statuses[s.id] === 'done').map((s) => s.title);
    headline = `The run stopped after "${reached[reached.length - 1] ?? 'Connect'}"; later steps were not reached. ${changed.length > 0 ? `On the servers now: ${changesInPlace.join(', ')}.` : 'Nothing is changed on the servers.'}`;
  }
  const error = context.error
    ? {
        stepId: context.error.stepId,
        message: context.error.message,
        advice: context.error.advice,
        powershell: context.error.powershell ? `${context.error.powershell.message} (${context.error.powershell.fullyQualifiedErrorId})` : null,
      }
    : null;
  return { status, headline, changesInPlace, lastStep, error, startedAt: journal.createdAt, updatedAt: journal.updatedAt, target: journal.target.kind };
}
