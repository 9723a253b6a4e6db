// What the window shows while a step runs and nothing is journalled yet: what it waits for, the command
// in flight, and the failover samples. One per run (run.ts); every change is announced on the wizard's Changes.
import type { Activity, TranscriptLine } from '../../shared/contract';
import type { TimelineSample } from '../../shared/results';
import type { ScriptValues, StepScript } from '../powershell/script';
import type { ChangeSink } from './changes';

const WAITING_FOR: Record<StepScript['runsOn'], string> = {
  exchange: 'the Exchange server to answer (remote PowerShell)',
  cluster: 'the cluster node to answer',
  local: 'DNS, Active Directory or the network to answer',
};

/** A command says what it waits for only once it has taken this long. */
const QUIET_MS = 1000;

export class LiveProgress {
  activity: Activity | null = null;
  running: TranscriptLine | null = null;
  private activityIsAuto = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `shownSamples`: the failover samples shown from the start (a resumed run's, kept in its journal). */
  constructor(
    private readonly changes: ChangeSink,
    private shownSamples: TimelineSample[] = [],
  ) {}

  /** The failover test's samples so far, as the timeline shows them. */
  get samples(): TimelineSample[] {
    return this.shownSamples;
  }

  /** A step's own words about a long wait win over the automatic ones. */
  setActivity(activity: Omit<Activity, 'since'> | null): void {
    this.activity = activity
      ? { ...activity, since: this.activity?.label === activity.label ? this.activity.since : new Date().toISOString() }
      : null;
    this.activityIsAuto = false;
    this.changes.emit();
  }

  commandStarted(script: StepScript, values: ScriptValues, id: number): void {
    const line: TranscriptLine = {
      id,
      label: script.label,
      script: script.body,
      params: values,
      startedAt: new Date().toISOString(),
      durationMs: null,
      outcome: 'running',
      output: '',
      error: null,
      warnings: [],
    };
    this.running = line;
    this.clearTimer();
    this.timer = setTimeout(() => {
      if (this.running !== line || (this.activity && !this.activityIsAuto)) return;
      this.activity = {
        label: script.label,
        waitingFor: WAITING_FOR[script.runsOn],
        since: line.startedAt,
        timeoutSeconds: script.timeoutSeconds ?? 60,
      };
      this.activityIsAuto = true;
      this.changes.emit();
    }, QUIET_MS);
    this.changes.emit();
  }

  commandFinished(): void {
    this.running = null;
    this.clearTimer();
    if (this.activityIsAuto) {
      this.activity = null;
      this.activityIsAuto = false;
    }
  }

  stepSettled(): void {
    this.commandFinished();
    this.activity = null;
  }

  /** One more sample; returns them all (the journal keeps the list so far). */
  sample(sample: TimelineSample): TimelineSample[] {
    const samples = [...this.shownSamples, sample];
    this.shownSamples = samples;
    this.changes.emit();
    return samples;
  }

  /** A failover test starting afresh drops the samples an earlier attempt took. */
  clearSamples(): void {
    this.shownSamples = [];
  }

  dispose(): void {
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
