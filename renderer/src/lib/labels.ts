// Words the window uses for states and actions, in one place so every screen says the same thing.
import type { Phase, StepStatus, WizardView } from '../../../shared/contract';
import type { Day2Action } from '../../../shared/day2';
import type { StepId } from '../../../shared/steps';
import { STEP_IDS, stepIndex, stepMeta } from '../../../shared/steps';

export const STATUS_TEXT: Record<StepStatus, string> = {
  todo: 'To do',
  current: 'Current',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  rolledBack: 'Rolled back',
  skipped: 'Skipped',
};

export const PHASE_TEXT: Record<Phase, string> = {
  review: 'Ready to run',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  rollingBack: 'Rolling back',
  rolledBack: 'Rolled back',
  rollbackFailed: 'Rollback failed',
};

/** A day-2 action while it runs (the Day 2 screen, and the footer saying why its buttons wait). */
export const DAY2_RUNNING: Record<Day2Action, string> = {
  check: 'Checking the setup…',
  maintenance: 'Moving everything off the node…',
  endMaintenance: 'Moving everything back…',
  remove: 'Removing the setup…',
};

/** What pressing Next does on a step that has not run yet. */
const RUN_TEXT: Record<StepId, string> = {
  connect: 'Connect',
  preflight: 'Run preflight',
  accessPoint: 'Use these values',
  validate: 'Run validation',
  clusterRole: 'Create cluster role',
  dns: 'Check DNS registration',
  casArray: 'Create CAS array',
  databases: 'Update databases',
  clientChecks: 'Run client checks',
  failover: 'Run failover test',
  complete: 'Finish',
};

/** The label of the Next button: always starts with "Next", then says what it will do. */
export function nextLabel(view: WizardView, target: 'lab' | 'real'): string {
  if (view.current === 'connect' && !view.started) return `Next: Connect to ${target === 'lab' ? 'the lab' : 'the servers'}`;
  if (view.phase === 'running' || view.phase === 'rollingBack') return 'Next';
  if (view.phase === 'done') {
    const following = STEP_IDS[stepIndex(view.current) + 1];
    return following ? `Next: ${stepMeta(following).title}` : 'Next';
  }
  return `Next: ${RUN_TEXT[view.current]}`;
}

export function writeUpText(steps: readonly number[]): string {
  if (steps.length === 0) return '';
  const ranges: string[] = [];
  let start = steps[0] ?? 0;
  let prev = start;
  for (const n of [...steps.slice(1), Number.NaN]) {
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    ranges.push(start === prev ? String(start) : `${String(start)}–${String(prev)}`);
    start = n;
    prev = n;
  }
  return `${steps.length === 1 ? 'Step' : 'Steps'} ${ranges.join(', ')}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${String(Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  return `${String(Math.floor(s / 60))} min ${String(Math.round(s % 60))} s`;
}

export function formatSeconds(seconds: number): string {
  return seconds < 60
    ? `${String(Math.floor(seconds))} s`
    : `${String(Math.floor(seconds / 60))} min ${String(Math.floor(seconds % 60))} s`;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** "192.168.0.0" + "255.255.255.0" -> "192.168.0.0/24" (falls back to address/mask). */
export function cidr(address: string, mask: string): string {
  const bits = mask.split('.').map(Number);
  if (bits.length !== 4 || bits.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) return `${address}/${mask}`;
  const binary = bits.map((b) => b.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(binary) ? `${address}/${String(binary.indexOf('0') === -1 ? 32 : binary.indexOf('0'))}` : `${address}/${mask}`;
}
