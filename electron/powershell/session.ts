// One long-lived PowerShell process behind a strict one-at-a-time queue. A call that times out
// or loses its process throws and leaves the session ready to start a fresh process for the
// next call, so one bad command never wedges the ones queued behind it.
import { randomBytes } from 'node:crypto';
import {
  type PsErrorRecord,
  PowerShellNotFoundError,
  PowerShellPreludeError,
  PowerShellProtocolError,
  PowerShellSessionDiedError,
  PowerShellSessionDisposedError,
  PowerShellTimeoutError,
} from './errors';
import { INSTALL_HINT, resolvePowerShell } from './executable';
import { toPsLiteral } from './quote';
import { collectSecrets, maskParams, redactDeep, redactor, type Redactor } from './redact';
import { applySchema, readEnvelope, shapeOutput, type Envelope } from './result';
import { PwshProcess, type ExitInfo } from './transport';
import type { PowerShellSessionOptions, PsCall, PsResult, PsScript, TranscriptEntry, TranscriptOutcome } from './types';
import { bootstrapLine, callLine, preludeLine } from './wrapper';

const DEFAULT_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 250;
const EXIT_GRACE_MS = 2_000;

interface Prepared {
  id: number;
  label: string;
  script: PsScript;
  paramsLiteral: string;
  redact: Redactor;
}

/** One round trip to pwsh: a line sent, its tagged reply awaited. */
interface RoundTrip {
  proc: PwshProcess;
  line: string;
  nonce: string;
  label: string;
  timeoutMs: number;
  redact: Redactor;
  executable?: string;
}

interface Clock {
  startedAt: string;
  started: number;
}

export class PowerShellSession {
  readonly #options: PowerShellSessionOptions;
  #prelude: PsScript | undefined;
  #process: PwshProcess | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  #disposed = false;

  constructor(options: PowerShellSessionOptions = {}) {
    this.#options = options;
    this.#prelude = options.prelude;
  }

  /** The prelude every later (re)start runs (the running process keeps what it has). */
  usePrelude(prelude: PsScript): void {
    this.#prelude = prelude;
  }

  get isRunning(): boolean {
    return this.#process?.alive ?? false;
  }

  /** The current process's id, for diagnostics and for tests that kill it. */
  get pid(): number | undefined {
    return this.isRunning ? this.#process?.pid : undefined;
  }

  invoke<T = unknown>(call: PsCall<T>): Promise<PsResult<T>> {
    return this.#enqueue(() => this.#invoke(call));
  }

  /** Replaces the process with a fresh one (prelude included), after the calls already queued. */
  restart(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#stop(EXIT_GRACE_MS);
      await this.#ensureStarted();
    });
  }

  /** Ends the process after the calls already queued; the next call starts a fresh one (prelude included). */
  stop(): Promise<void> {
    return this.#enqueue(() => this.#stop(EXIT_GRACE_MS));
  }

  /** Ends the process (asking first, SIGKILL after ~2 s); calls still queued are rejected. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#stop(EXIT_GRACE_MS);
  }

  #enqueue<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(() => {
      if (this.#disposed) throw new PowerShellSessionDisposedError('The PowerShell session was disposed.');
      return task();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #invoke<T>(call: PsCall<T>): Promise<PsResult<T>> {
    let clock = startClock();
    const prepared = this.#prepare(call);
    const timeoutMs = call.timeoutMs ?? this.#defaultTimeout;
    try {
      const proc = await this.#ensureStarted();
      // A call's own time starts once PowerShell is up: starting it (and the prelude, recorded apart)
      // is not the command's time, and the report would otherwise show the first command as slow.
      clock = startClock();
      const nonce = newNonce();
      const line = callLine(call.script, prepared.paramsLiteral, nonce);
      const envelope = await this.#roundTrip({ proc, line, nonce, label: prepared.label, timeoutMs, redact: prepared.redact });
      const result = this.#toResult(envelope, clock, prepared.redact, call.schema);
      this.#record(prepared, clock, result.ok ? 'ok' : 'error', result);
      return result;
    } catch (error) {
      this.#record(prepared, clock, outcomeOf(error), undefined, error);
      throw error;
    }
  }

  #prepare(script: PsScript): Prepared {
    const params = script.params ?? {};
    return {
      id: this.#nextId++,
      label: script.label ?? firstLine(script.script),
      script,
      // Validated before any process starts: a value with no PowerShell literal is the caller's bug.
      paramsLiteral: toPsLiteral(params),
      redact: redactor(collectSecrets(params)),
    };
  }

  async #ensureStarted(): Promise<PwshProcess> {
    if (this.#process?.alive === true) return this.#process;
    this.#process = undefined;
    const executable = resolvePowerShell({ executable: this.#options.executable });
    const proc = PwshProcess.spawn(executable);
    // Held from the start, so a dispose() that arrives mid-startup has a process to end.
    this.#process = proc;
    try {
      const nonce = newNonce();
      const line = bootstrapLine(nonce, this.#options.legacyProtocol === true);
      const hello = await this.#roundTrip({
        proc,
        line,
        nonce,
        label: 'startup',
        timeoutMs: this.#defaultTimeout,
        redact: (t) => t,
        executable,
      });
      const hostPid = shapeOutput(hello.output);
      if (typeof hostPid === 'number') proc.adoptHostPid(hostPid);
      await this.#runPrelude(proc);
    } catch (error) {
      await this.#discard(proc);
      throw error;
    }
    return proc;
  }

  async #runPrelude(proc: PwshProcess): Promise<void> {
    const prelude = this.#prelude;
    if (prelude === undefined) return;
    const clock = startClock();
    const prepared = this.#prepare({ ...prelude, label: prelude.label ?? 'prelude' });
    let result: PsResult;
    try {
      const nonce = newNonce();
      const line = preludeLine(prelude.script, prepared.paramsLiteral, nonce);
      const envelope = await this.#roundTrip({
        proc,
        line,
        nonce,
        label: prepared.label,
        timeoutMs: this.#defaultTimeout,
        redact: prepared.redact,
      });
      result = this.#toResult(envelope, clock, prepared.redact, undefined);
    } catch (error) {
      this.#record(prepared, clock, outcomeOf(error), undefined, error);
      throw error;
    }
    this.#record(prepared, clock, result.ok ? 'ok' : 'error', result);
    if (!result.ok) throw new PowerShellPreludeError(result.error, prepared.label);
  }

  /** Sends one line and waits for its tagged reply, turning every way that can fail into a typed error. */
  async #roundTrip(request: RoundTrip): Promise<Envelope> {
    const { proc, line, nonce, label, timeoutMs, redact } = request;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => {
        resolve({ kind: 'timeout' });
      }, timeoutMs);
    });
    const outcome = await Promise.race([proc.send(line), timeout]);
    clearTimeout(timer);
    if (outcome.kind === 'timeout') {
      await this.#discard(proc);
      throw new PowerShellTimeoutError(label, timeoutMs);
    }
    if (outcome.kind === 'exited') {
      await this.#discard(proc);
      throw this.#exitError(outcome.exit, request);
    }
    let envelope: Envelope | undefined;
    try {
      envelope = readEnvelope(outcome.stdout, nonce);
    } catch {
      envelope = undefined;
    }
    if (envelope === undefined) {
      await this.#discard(proc);
      throw new PowerShellProtocolError(redact(`PowerShell gave no readable result for '${label}'${describeStderr(outcome.stderr)}`));
    }
    // Output written straight to the process's stderr bypasses the streams the wrapper merges.
    for (const note of outcome.stderr.split(/\r?\n/)) {
      if (note.trim() !== '') envelope.warnings.push(`stderr: ${note}`);
    }
    return envelope;
  }

  #exitError(exit: ExitInfo, { label, executable, redact }: RoundTrip): Error {
    if (this.#disposed) return new PowerShellSessionDisposedError(`The PowerShell session was disposed during '${label}'.`);
    // Only the startup round trip passes the executable: a process that dies before its first
    // answer is not a working PowerShell, whatever the file is.
    if (executable !== undefined) {
      const why = exit.spawnError?.message ?? `it exited (${describeExit(exit)})${describeStderr(exit.stderrTail)}`;
      return new PowerShellNotFoundError(`PowerShell could not be started from '${executable}': ${oneLine(why)}; ${INSTALL_HINT}`);
    }
    return new PowerShellSessionDiedError(
      redact(
        `PowerShell exited (${describeExit(exit)}) during '${label}'; the next call starts a new process.${describeStderr(exit.stderrTail)}`,
      ),
    );
  }

  #toResult<T>(envelope: Envelope, clock: Clock, redact: Redactor, schema: PsCall<T>['schema']): PsResult<T> {
    const common = {
      warnings: envelope.warnings.map(redact),
      information: envelope.information.map(redact),
      ...stopClock(clock),
    };
    const parsed =
      envelope.error !== null ? { ok: false as const, error: envelope.error } : applySchema(shapeOutput(envelope.output), schema);
    if (parsed.ok) return { ok: true, data: parsed.data, ...common };
    return { ok: false, error: redactDeep(parsed.error, redact) as PsErrorRecord, ...common };
  }

  #record(prepared: Prepared, clock: Clock, outcome: TranscriptOutcome, result?: PsResult, error?: unknown): void {
    const listener = this.#options.onTranscript;
    if (listener === undefined) return;
    const entry: TranscriptEntry = {
      id: prepared.id,
      label: prepared.label,
      script: prepared.script.script,
      params: maskParams(prepared.script.params ?? {}),
      ...(result === undefined
        ? stopClock(clock)
        : { startedAt: result.startedAt, endedAt: result.endedAt, durationMs: result.durationMs }),
      outcome,
    };
    if (result !== undefined) entry.result = redactDeep(result, prepared.redact) as PsResult;
    if (error !== undefined) entry.failure = prepared.redact(messageOf(error));
    try {
      listener(entry);
    } catch {
      // A broken transcript sink must not change what the call returns.
    }
  }

  async #discard(proc: PwshProcess): Promise<void> {
    if (this.#process === proc) this.#process = undefined;
    await proc.kill(KILL_GRACE_MS);
  }

  async #stop(graceMs: number): Promise<void> {
    const proc = this.#process;
    this.#process = undefined;
    if (proc !== undefined) await proc.exit(graceMs);
  }

  get #defaultTimeout(): number {
    return this.#options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }
}

function outcomeOf(error: unknown): TranscriptOutcome {
  if (error instanceof PowerShellTimeoutError) return 'timeout';
  if (error instanceof PowerShellSessionDiedError || error instanceof PowerShellSessionDisposedError) return 'died';
  return 'error';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
}

function startClock(): Clock {
  return { startedAt: new Date().toISOString(), started: performance.now() };
}

function stopClock(clock: Clock): { startedAt: string; endedAt: string; durationMs: number } {
  return {
    startedAt: clock.startedAt,
    endedAt: new Date().toISOString(),
    durationMs: Math.round((performance.now() - clock.started) * 100) / 100,
  };
}

function newNonce(): string {
  return randomBytes(12).toString('hex');
}

function firstLine(script: string): string {
  const line = script.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function describeExit(exit: ExitInfo): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

function describeStderr(stderr: string): string {
  const tail = stderr.trim();
  return tail === '' ? '' : `; stderr: ${tail.slice(-500)}`;
}
