// The run's one PowerShell session: opened on its target's prelude (targets/factory.ts), every command's
// transcript entry handed on. Other credentials live here, in memory, for the session only. Its two remote
// sessions live where the admin connected them, unless a step placed them elsewhere (placeSessions).
import { PowerShellSession, type TranscriptEntry } from '../powershell';
import { preludeOf, type RunTarget, type TargetOptions } from '../targets/factory';
import { placementOf, samePlacement, type SessionPlacement } from '../targets/placement';
import { assertLabStateReadable } from './lab-state-file';
import { StepFailure } from './step';

export type Credential = { userName: string; password: string };

export class RunSession {
  #session: PowerShellSession | null = null;
  /** Where a step placed the sessions; null: where the target says (the admin's choice). */
  #placement: SessionPlacement | null = null;
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
    this.#placement = null;
    this.#session = this.#create(target, placementOf(target));
  }

  /** The session, opened on `target` first when there is none (a run reopened from its journal connects on first use). */
  async connected(target: RunTarget): Promise<PowerShellSession> {
    if (!this.#session) await this.open(target);
    if (!this.#session) throw new StepFailure('There is no PowerShell session.', 'Start or resume the run from Connect.');
    return this.#session;
  }

  /** Where the sessions are now. */
  placement(target: RunTarget): SessionPlacement {
    return this.#placement ?? placementOf(target);
  }

  /**
   * Reopens the sessions on `where` (null: where the admin connected them) and connects at once (so a server that does not answer is known
   * now, and the transcript shows the move under `label`). Nothing happens when they are there already.
   */
  async place(target: RunTarget, where: SessionPlacement | null, label: string): Promise<void> {
    const placement = where ?? placementOf(target);
    if (this.#session && samePlacement(this.placement(target), placement)) return;
    const old = this.#session;
    this.#placement = samePlacement(placementOf(target), placement) ? null : placement;
    this.#session = this.#create(target, placement, label);
    // The old session ends while the new one connects (its PowerShell takes seconds to exit).
    await Promise.all([old?.dispose(), this.#session.restart()]);
  }

  #create(target: RunTarget, placement: SessionPlacement, label?: string): PowerShellSession {
    const prelude = preludeOf(target, { ...this.options, credential: this.credential }, placement, label);
    // The prelude runs again only when this session reconnects (its process or a server session was lost);
    // a session placed elsewhere is a new one, whose first connect is not a reconnect.
    let connects = 0;
    return new PowerShellSession({
      ...(this.options.powershell ? { executable: this.options.powershell } : {}),
      prelude,
      onTranscript: (entry) => {
        this.options.onTranscript(entry);
        if (entry.label === prelude.label && entry.outcome === 'ok' && ++connects > 1) this.options.onReconnect?.(entry);
      },
    });
  }

  async close(): Promise<void> {
    await this.#session?.dispose();
    this.#session = null;
    this.#placement = null;
  }
}
