// A script that fails is an ordinary result (ok: false); these are thrown only when the engine
// itself could not do its job, so callers can tell "the command said no" from "no answer came".

/** The fields of a PowerShell ErrorRecord a caller can act on. */
export interface PsErrorRecord {
  message: string;
  fullyQualifiedErrorId: string;
  category: string;
  targetObject: string | null;
  exceptionType: string;
  scriptStackTrace?: string;
}

export class PowerShellNotFoundError extends Error {
  override readonly name = 'PowerShellNotFoundError';
}

export class PowerShellTimeoutError extends Error {
  override readonly name = 'PowerShellTimeoutError';

  constructor(
    readonly label: string,
    readonly timeoutMs: number,
  ) {
    super(`PowerShell call '${label}' did not finish within ${timeoutMs} ms; its process was killed and the next call starts a new one.`);
  }
}

export class PowerShellSessionDiedError extends Error {
  override readonly name = 'PowerShellSessionDiedError';
}

export class PowerShellSessionDisposedError extends Error {
  override readonly name = 'PowerShellSessionDisposedError';
}

/** The process answered with something that is not a result: a bug in the engine or a broken host. */
export class PowerShellProtocolError extends Error {
  override readonly name = 'PowerShellProtocolError';
}

export class PowerShellPreludeError extends Error {
  override readonly name = 'PowerShellPreludeError';

  constructor(
    readonly record: PsErrorRecord,
    label: string,
  ) {
    super(`PowerShell prelude '${label}' failed: ${record.message} (${record.fullyQualifiedErrorId})`);
  }
}
