// One pwsh process driven through node-powershell, with the sharp edges filed off: every
// promise it creates is observed (an unobserved one crashes Node when pwsh is missing or
// killed), the process's exit is always seen, and a send never rejects: it reports a reply or
// the exit, so the session can race it against a timer without leaking rejections.
import type { ChildProcess } from 'node:child_process';
import { PowerShell } from 'node-powershell';
import { powerShellEnvironment } from './executable';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: Error;
  stderrTail: string;
}

export type SendOutcome = { kind: 'reply'; stdout: string; stderr: string } | { kind: 'exited'; exit: ExitInfo };

// node-powershell lets NODE_POWERSHELL override the executable it was given; the engine has
// already chosen one (option > EXHA_PWSH > repo-local > system) and must get exactly that.
class PinnedPowerShell extends PowerShell {
  protected override setExecutable(options: { executable?: string }): string {
    if (options.executable === undefined) throw new Error('PinnedPowerShell needs an executable');
    return options.executable;
  }
}

// Private in node-powershell's typings; reached in this one place, for pid, signals and exit.
interface ShellInternals {
  process: ChildProcess;
  exitPromise: Promise<void>;
}

const STDERR_TAIL = 4096;

export class PwshProcess {
  readonly #shell: PowerShell;
  readonly #child: ChildProcess;
  readonly exited: Promise<ExitInfo>;
  #exit: ExitInfo | undefined;
  #stderrTail = '';
  #hostPid: number | undefined;

  private constructor(executable: string) {
    this.#shell = new PinnedPowerShell({
      executable,
      throwOnInvocationError: false,
      executableOptions: {
        '-NoProfile': true,
        '-NonInteractive': true,
        '-ExecutionPolicy': 'Bypass',
      },
      spawnOptions: {
        env: powerShellEnvironment(),
        windowsHide: true,
      },
    });
    const internals = this.#shell as unknown as ShellInternals;
    this.#child = internals.process;
    internals.exitPromise.catch(() => undefined);
    // A write to a dead process's stdin errors; node-powershell only listens for the first one.
    this.#child.stdin?.on('error', () => undefined);
    this.#child.stderr?.on('data', (chunk: string | Buffer) => {
      this.#stderrTail = (this.#stderrTail + chunk.toString()).slice(-STDERR_TAIL);
    });
    this.exited = new Promise((resolve) => {
      const settle = (info: Omit<ExitInfo, 'stderrTail'>): void => {
        if (this.#exit !== undefined) return;
        this.#exit = { ...info, stderrTail: this.#stderrTail };
        resolve(this.#exit);
      };
      this.#child.once('exit', (code, signal) => {
        settle({ code, signal });
      });
      this.#child.once('error', (error) => {
        settle({ code: null, signal: null, spawnError: error });
      });
    });
  }

  static spawn(executable: string): PwshProcess {
    return new PwshProcess(executable);
  }

  /** The id of the process running PowerShell, once the bootstrap has reported it. */
  get pid(): number | undefined {
    return this.#hostPid ?? this.#child.pid;
  }

  /**
   * Launchers such as the dotnet-tool pwsh start PowerShell as a child of their own, so the
   * process we spawned is not always the one running scripts. Signals go to both; otherwise a
   * kill would orphan a busy PowerShell that only notices when it next reads stdin.
   */
  adoptHostPid(pid: number): void {
    if (pid !== this.#child.pid) this.#hostPid = pid;
  }

  get alive(): boolean {
    return this.#exit === undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async send(line: string): Promise<SendOutcome> {
    if (this.#exit !== undefined) return { kind: 'exited', exit: this.#exit };
    const reply = this.#shell.invoke(line).then(
      (record) => ({ kind: 'reply' as const, record }),
      () => ({ kind: 'failed' as const }),
    );
    const exit = this.exited.then((info) => ({ kind: 'exited' as const, exit: info }));
    const first = await Promise.race([reply, exit]);
    // Results accumulate in node-powershell's history forever; they can be large, and they hold
    // the payloads (secrets included), so they go as soon as they are read.
    this.#shell.history.splice(0);
    if (first.kind === 'failed' && this.alive) {
      // node-powershell only fails an invocation over a dead process; if this one still runs,
      // its state is unknown, and a process in an unknown state is not worth keeping.
      await this.kill(250);
    }
    // node-powershell resolves with an empty record when the process exits cleanly mid-call.
    if (first.kind !== 'reply' || !this.alive) {
      return { kind: 'exited', exit: await this.exited };
    }
    return {
      kind: 'reply',
      stdout: first.record.stdout?.toString('utf8') ?? '',
      stderr: first.record.stderr?.toString('utf8') ?? '',
    };
  }

  /** Ends the process: SIGTERM, then SIGKILL after graceMs. Resolves once it has exited. */
  async kill(graceMs: number): Promise<void> {
    if (!this.alive) return;
    this.#signal(this.#hostPid ?? this.#child.pid, 'SIGTERM');
    await this.#escalate(graceMs);
  }

  /** Asks pwsh to exit on its own, as a user would, then escalates like kill. */
  async exit(graceMs: number): Promise<void> {
    if (!this.alive) return;
    this.#child.stdin?.end('exit\n');
    await this.#escalate(graceMs);
  }

  async #escalate(graceMs: number): Promise<void> {
    if (await this.#exitedWithin(graceMs)) return;
    // PowerShell first, so the launcher is still there to reap it (a launcher killed first
    // leaves a zombie behind); then the launcher, if it has not followed.
    if (this.#hostPid !== undefined) {
      this.#signal(this.#hostPid, 'SIGKILL');
      if (await this.#exitedWithin(1000)) return;
    }
    this.#signal(this.#child.pid, 'SIGKILL');
    // SIGKILL cannot be refused; the bound only guards against an exit event that never comes.
    await this.#exitedWithin(2000);
  }

  #signal(pid: number | undefined, signal: NodeJS.Signals): void {
    if (!this.alive || pid === undefined) return;
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
    // EOF on stdin also ends a PowerShell that outlived its launcher, once it is idle.
    if (signal === 'SIGKILL') this.#child.stdin?.destroy();
  }

  async #exitedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, ms);
    });
    const outcome = await Promise.race([this.exited.then(() => true), elapsed]);
    clearTimeout(timer);
    return outcome;
  }
}
