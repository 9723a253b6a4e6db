// The engine's public shapes: what a caller sends, what comes back, and what the transcript records.
import type { PsErrorRecord } from './errors';
import type { PsInput, PsValue } from './quote';

export interface PsScript {
  /** PowerShell source; declare `param(...)` to receive `params` by name. */
  script: string;
  params?: Record<string, PsInput>;
  /** Names the call in timeouts, errors and the transcript. */
  label?: string;
}

export interface PsSchema<T> {
  parse(value: unknown): T;
}

export type PsCall<T = unknown> = PsScript & { timeoutMs?: number; schema?: PsSchema<T> };

interface PsResultCommon {
  warnings: string[];
  information: string[];
  startedAt: string;
  endedAt: string;
  durationMs: number;
}

export type PsResult<T = unknown> = (PsResultCommon & { ok: true; data: T }) | (PsResultCommon & { ok: false; error: PsErrorRecord });

export type TranscriptOutcome = 'ok' | 'error' | 'timeout' | 'died';

export interface TranscriptEntry {
  id: number;
  label?: string;
  script: string;
  /** The call's parameters with every secret replaced by '<secret>'. */
  params: Record<string, PsValue>;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: TranscriptOutcome;
  /** Present when PowerShell answered; secrets in it are replaced by '<secret>'. */
  result?: PsResult;
  /** The message of the engine error thrown instead of a result. */
  failure?: string;
}

export interface PowerShellSessionOptions {
  /** Overrides EXHA_PWSH and the search for a PowerShell executable. */
  executable?: string;
  /** Runs in the global scope at every (re)start, before the first call (PowerShellSession.usePrelude replaces it for later starts). */
  prelude?: PsScript;
  defaultTimeoutMs?: number;
  /** Takes the Windows PowerShell 5.1 branches of the protocol even on pwsh 7 (tests of those branches). */
  legacyProtocol?: boolean;
  onTranscript?: (entry: TranscriptEntry) => void;
}
