// One run of the procedure, wired once: its journal's recorder, its live progress, its PowerShell session, the
// step runner and the machine. Each part is made with the parts it needs, in that order; every change leaves
// through the wizard's one Changes emitter. run-lifecycle.ts makes a Run to start, resume or reopen a run.
import type { TimelineSample } from '../../shared/results';
import type { ChangeSink } from './changes';
import { CommandLog } from './command-log';
import type { WizardOptions } from './wizard';
import { LiveProgress } from './live-progress';
import { MachineActor } from './machine-actor';
import type { WizardSnapshot } from './machine';
import type { RunRecorder } from './recorder';
import { RunSession, type Credential } from './run-session';
import { StepRunner } from './step-runner';

export interface RunWiring {
  options: WizardOptions;
  changes: ChangeSink;
  /** The account for the real servers, in memory only. */
  credential: Credential | null;
  /** The failover samples shown from the start: a resumed run's, kept in its journal. */
  shownSamples?: TimelineSample[];
}

export class Run {
  readonly progress: LiveProgress;
  readonly session: RunSession;
  readonly runner: StepRunner;
  readonly machine: MachineActor;
  readonly #commands: CommandLog;

  constructor(
    readonly recorder: RunRecorder,
    { options, changes, credential, shownSamples = [] }: RunWiring,
  ) {
    this.progress = new LiveProgress(changes, shownSamples);
    this.#commands = new CommandLog(recorder, this.progress, changes);
    this.session = new RunSession({ ...options, onTranscript: this.#commands.record, onReconnect: this.#commands.reconnected });
    this.session.credential = credential;
    this.runner = new StepRunner({
      recorder,
      session: this.session,
      progress: this.progress,
      commands: this.#commands,
      outageWatchSeconds: options.outageWatchSeconds ?? 180,
    });
    this.machine = new MachineActor({ recorder, steps: this.runner, changes });
  }

  /** Starts the machine (fresh, or from `snapshot`); from now on every command is journalled. */
  start(snapshot?: WizardSnapshot): void {
    this.#commands.recording = true;
    this.machine.start(snapshot);
  }

  async dispose(): Promise<void> {
    this.progress.dispose();
    this.machine.stop();
    await this.session.close();
  }
}
