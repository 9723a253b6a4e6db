// Every command the run's PowerShell session finishes goes to the run's journal, numbered, with the step
// that ran it. Made before the session (which reports to it) and the step runner (which says whose commands they are).
import type { StepId } from '../../shared/steps';
import type { TranscriptEntry } from '../powershell';
import type { ChangeSink } from './changes';
import type { LiveProgress } from './live-progress';
import type { RunRecorder } from './recorder';

export class CommandLog {
  /** The step whose commands are being recorded (set by the step runner while a step or its undo runs). */
  step: StepId | null = null;
  /**
   * Off until the run's machine starts: the commands a resume runs first to check it is the same site belong
   * to no step, and a resume refused there must leave the journal as it was.
   */
  recording = false;

  constructor(
    private readonly recorder: RunRecorder,
    private readonly progress: LiveProgress,
    private readonly changes: ChangeSink,
  ) {}

  /** The session's transcript callback: one finished command. */
  readonly record = (entry: TranscriptEntry): void => {
    this.progress.commandFinished();
    if (!this.recording) return;
    this.recorder.recordCommand(entry, this.step);
    this.changes.emit();
  };

  /** The session's reconnect callback: the session was lost and opened again under this step (reconnects.ts). */
  readonly reconnected = (entry: TranscriptEntry): void => {
    if (!this.recording) return;
    this.recorder.recordReconnect(entry.endedAt, this.step);
    this.changes.emit();
  };
}
