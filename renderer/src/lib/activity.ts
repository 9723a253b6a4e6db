// What the window shows as "running now": the engine's activity when it sent one (commands longer than a
// second), else the running transcript line or the step itself, so a step is never silent while it runs.
import type { Activity, WizardView } from '../../../shared/contract';
import { stepMeta } from '../../../shared/steps';

/** True while the current step is running or being rolled back. */
function isBusy(view: WizardView): boolean {
  return view.phase === 'running' || view.phase === 'rollingBack';
}

/** The command running now (the last transcript line, when it is still running). */
function runningLine(view: WizardView): WizardView['transcript'][number] | null {
  const last = view.transcript.at(-1);
  return last?.outcome === 'running' ? last : null;
}

export function currentActivity(view: WizardView): Activity | null {
  if (view.activity) return view.activity;
  if (!isBusy(view)) return null;
  const line = runningLine(view);
  const step = view.steps.find((s) => s.id === view.current);
  const title = stepMeta(view.current).title;
  return {
    label: line ? line.label : `${view.phase === 'rollingBack' ? 'Rolling back' : 'Running'}: ${title}`,
    since: line?.startedAt ?? step?.startedAt ?? new Date().toISOString(),
    waitingFor: '',
    timeoutSeconds: null,
  };
}
