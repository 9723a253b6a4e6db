// The PowerShell engine's public surface; the modules behind it are implementation.
export { PowerShellSession } from './session';
export { toPsLiteral, secret, SecretValue, type PsValue, type PsInput } from './quote';
export { resolvePowerShell, type ResolveOptions } from './executable';
export {
  PowerShellNotFoundError,
  PowerShellPreludeError,
  PowerShellProtocolError,
  PowerShellSessionDiedError,
  PowerShellSessionDisposedError,
  PowerShellTimeoutError,
  type PsErrorRecord,
} from './errors';
export type { PowerShellSessionOptions, PsCall, PsResult, PsSchema, PsScript, TranscriptEntry, TranscriptOutcome } from './types';
