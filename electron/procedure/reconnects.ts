// Reconnects during a run: PowerShell and the sessions on the servers opened again while the run went on
// (a process that died and was started again, a broken session reopened). Each is a journal event, so the
// transcript, the report and the CLI can say when it happened and during which step, and no gap it left in
// the observations goes unmentioned.
import { stepMeta, type StepId } from '../../shared/steps';
import type { JournalData, JournalEvent } from './journal';

export const RECONNECTED = 'reconnected';

/** What a reconnect opens again: both of the run's sessions, the Exchange endpoint and the cluster node. */
export const RECONNECT_WHAT = 'PowerShell and both server sessions (the Exchange endpoint and the cluster node) were opened again';

export interface Reconnect {
  at: string;
  stepId: StepId | null;
  /** The admin's sentence for it. */
  text: string;
}

export function reconnectEvent(at: string, stepId: StepId | null): JournalEvent {
  return { at, type: RECONNECTED, stepId, state: RECONNECT_WHAT };
}

/** The run's reconnects, oldest first; `since` keeps those from that time on (this process's own). */
export function reconnectsOf(journal: Pick<JournalData, 'events'>, since?: string): Reconnect[] {
  return journal.events
    .filter((e) => e.type === RECONNECTED && (since === undefined || e.at >= since))
    .map((e) => ({
      at: e.at,
      stepId: e.stepId,
      text: `${e.at}${e.stepId ? `, during ${stepMeta(e.stepId).title}` : ''}: the connection was lost and ${RECONNECT_WHAT}. Whatever the run was observing meanwhile (a failover test's samples) has a gap there.`,
    }));
}
