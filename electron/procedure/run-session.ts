// The run's one PowerShell session: opened on its target's prelude (targets/factory.ts), every command's
// transcript entry handed on. Other credentials live here, in memory, for the session only.
import { PowerShellSession, type TranscriptEntry } from '../powershell';
import { preludeOf, type RunTarget, type TargetOptions } from '../targets/factory';
import { assertLabStateReadable } from './lab-state-file';
import { StepFailure } from './step';

export type Credential = { userName: string; password: string };

export class RunSession {
  #session: PowerShellSession | null = null;
  /** Held in memory for the session only; the journal keeps the user name at most. */
  credential: Credential | null = null;

  constructor(
    private readonly options: TargetOptions & {
      onTranscript: (entry: TranscriptEntry) => void;
      /** The session connected again after its first connect (reconnects.ts). */
      onReconnect?: (entry: TranscriptEntry) => void;
    },
  ) {}

  /** Closes the session there is and opens one on `target` (it connects on its first command). */
  async open(target: RunTarget): Promise<void> {
    await this.#session?.dispose();
    assertLabStateReadable(target, this.options.stateDir);
    const prelude = preludeOf(target, { ...this.options, credential: this.credential });
    // The prelude runs again only when the session reconnects (its process or a server session was lost).
    let connects = 0;
    this.#session = new PowerShellSession({
      ...(this.options.powershell ? { executable: this.options.powershell } : {}),
      prelude,
      onTranscript: (entry) => {
        this.options.onTranscript(entry);
        if (entry.label === prelude.label && entry.outcome === 'ok' && ++connects > 1) this.options.onReconnect?.(entry);
      },
    });
  }

  /** The session, opened on `target` first when there is none (a run reopened from its journal connects on first use). */
  async connected(target: RunTarget): Promise<PowerShellSession> {
    if (!this.#session) await this.open(target);
    if (!this.#session) throw new StepFailure('There is no PowerShell session.', 'Start or resume the run from Connect.');
    return this.#session;
  }

  async close(): Promise<void> {
    await this.#session?.dispose();
    this.#session = null;
  }
}
