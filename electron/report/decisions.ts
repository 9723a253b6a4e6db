// Who decided what, and when, out of the journal's events: the acknowledgement of the unsupported
// configuration, and each rollback (asked by whom, which steps it undid at what time, how it ended).
// A journal written before these events were recorded still yields its rollbacks, with the asker unknown.
import { stepMeta, STEPS, type StepId } from '../../shared/steps';
import type { JournalData, JournalEvent } from '../procedure/journal';
import { locate } from '../procedure/machine';
import type { MachineState } from './status';
import type { ReportAcknowledgement, ReportRollback } from './types';

export function acknowledgementOf(journal: JournalData, state: MachineState): ReportAcknowledgement | null {
  const event = [...journal.events].reverse().find((e) => e.type === 'acknowledged');
  if (event) return { at: event.at, by: event.by ?? null, what: event.state };
  // Acknowledged before the journal recorded who: say so rather than leave the decision out.
  return state.context.acknowledged.notice ? { at: null, by: null, what: 'notice' } : null;
}

function scopeOf(e: JournalEvent): ReportRollback['scope'] {
  return e.state === 'step' ? 'step' : e.state === 'to' ? 'to' : 'all';
}

/** Each rollback the run saw, oldest first; steps whose status says rolled back but no event names are added last. */
export function rollbacksOf(journal: JournalData, state: MachineState): ReportRollback[] {
  const out: ReportRollback[] = [];
  const open = (e: JournalEvent | null): ReportRollback => {
    const r: ReportRollback = {
      requestedAt: e?.at ?? null,
      by: e?.by ?? null,
      scope: e ? scopeOf(e) : 'all',
      to: e && e.state === 'to' ? e.stepId : null,
      undone: [],
      result: 'done',
    };
    out.push(r);
    return r;
  };
  let current: ReportRollback | null = null;
  for (const e of journal.events) {
    if (e.type === 'rollbackRequested') current = open(e);
    else if (e.type === 'rolledBack' && e.stepId) {
      current ??= open(null);
      current.undone.push({ stepId: e.stepId, title: stepMeta(e.stepId).title, at: e.at });
    }
  }
  const named = new Set(out.flatMap((r) => r.undone.map((u) => u.stepId)));
  const unnamed = STEPS.filter((s) => state.context.statuses[s.id] === 'rolledBack' && !named.has(s.id)).reverse();
  if (unnamed.length > 0) {
    const last = out[out.length - 1] ?? open(null);
    for (const s of unnamed) last.undone.push({ stepId: s.id, title: s.title, at: null });
  }
  const last = out[out.length - 1];
  if (last) {
    const phase = locate({ value: state.value as never, context: state.context }).phase;
    if (phase === 'rollbackFailed') last.result = 'failed';
    else if (phase === 'rollingBack') last.result = 'running';
  }
  // A rollback asked that undid nothing and did not fail (refused afterwards, or nothing left) says nothing true: leave it out.
  return out.filter((r) => r.undone.length > 0 || r.result !== 'done');
}

/** When a step was last undone, for the steps table (null: not undone, or undone before the journal recorded when). */
export function undoneAt(rollbacks: ReportRollback[], stepId: StepId): string | null {
  let at: string | null = null;
  for (const r of rollbacks) for (const u of r.undone) if (u.stepId === stepId) at = u.at;
  return at;
}
