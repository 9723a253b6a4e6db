// The run's one PowerShell session: opened on its target's prelude (targets/factory.ts), every command's
// transcript entry handed on. Other credentials live here, in memory, for the session only. Its two remote
// sessions live where the admin connected them, unless a step placed them elsewhere (placeSessions).
import {
  PowerShellPreludeError,
  PowerShellSession,
  PowerShellSessionDiedError,
  PowerShellTimeoutError,
  type PsScript,
  type TranscriptEntry,
} from '../powershell';
import { moveOf, preludeOf, type RunTarget, type TargetOptions } from '../targets/factory';
import { placementOf, samePlacement, type SessionPlacement } from '../targets/placement';
import { assertLabStateReadable } from './lab-state-file';
import { StepFailure } from './step';

export type Credential = { userName: string; password: string };

export class RunSession {
  #session: PowerShellSession | null = null;
  /** Where a step placed the sessions; null: where the target says (the admin's choice). */
  #placement: SessionPlacement | null = null;
  /** The label of the prelude the session's next (re)start runs: an entry under it is a connect. */
  #preludeLabel = '';
  /** The session has connected since it was opened (or its sessions were opened elsewhere): the prelude
   *  running again is a reconnect (its process or a server session was lost). */
  #connected = false;
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
    this.#session = this.#create(this.#prelude(target, placementOf(target)));
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
   * Reopens the sessions on `where` (null: where the admin connected them), at once, so a server that does not
   * answer is known now and the transcript shows the move under `label`. Nothing happens when they are there
   * already. A connected engine reopens only the sessions that move (the rest of it stays as it is); one that
   * is not connected (its last connect failed: a resume with a node down), or that stopped answering during
   * the move, connects there afresh. A move that fails otherwise (a server refused the session) leaves the
   * sessions where they were: the next command connects them there again.
   */
  async place(target: RunTarget, where: SessionPlacement | null, label: string): Promise<void> {
    const from = this.placement(target);
    const to = where ?? placementOf(target);
    if (this.#session && samePlacement(from, to)) return;
    const previous = this.#placement;
    this.#placement = samePlacement(placementOf(target), to) ? null : to;
    const session = this.#session;
    if (!session?.isRunning) {
      const prelude = this.#prelude(target, to, label);
      if (session) session.usePrelude(prelude);
      else this.#session = this.#create(prelude);
      this.#connected = false;
      await this.#session?.restart();
      return;
    }
    try {
      const result = await session.invoke(moveOf(target, { credential: this.credential }, from, to, label));
      if (!result.ok) throw new PowerShellPreludeError(result.error, label);
      session.usePrelude(this.#prelude(target, to));
    } catch (error) {
      if (error instanceof PowerShellTimeoutError || error instanceof PowerShellSessionDiedError) {
        // The engine did not answer (it is gone now): connect afresh where the sessions were going, as a
        // new engine would. A server that refuses the session still fails here, with its own words.
        session.usePrelude(this.#prelude(target, to, label));
        this.#connected = false;
        await session.restart();
        return;
      }
      this.#placement = previous;
      session.usePrelude(this.#prelude(target, from));
      await session.stop();
      throw error;
    }
  }

  /** The prelude that opens the sessions on `placement`; also what makes a transcript entry a connect. */
  #prelude(target: RunTarget, placement: SessionPlacement, label?: string): PsScript {
    const prelude = preludeOf(target, { ...this.options, credential: this.credential }, placement, label);
    this.#preludeLabel = prelude.label ?? '';
    return prelude;
  }

  #create(prelude: PsScript): PowerShellSession {
    this.#connected = false;
    return new PowerShellSession({
      ...(this.options.powershell ? { executable: this.options.powershell } : {}),
      prelude,
      onTranscript: (entry) => {
        this.options.onTranscript(entry);
        if (entry.label !== this.#preludeLabel || entry.outcome !== 'ok') return;
        if (this.#connected) this.options.onReconnect?.(entry);
        this.#connected = true;
      },
    });
  }

  async close(): Promise<void> {
    await this.#session?.dispose();
    this.#session = null;
    this.#placement = null;
  }
}
