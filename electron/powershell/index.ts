// The PowerShell engine's public surface; the modules behind it are implementation.
export { PowerShellSession } from './session';
export { toPsLiteral, secret, SecretValue, type PsValue, type PsInput } from './quote';
export { powerShellEnvironment, resolvePowerShell, type ResolveOptions } from './executable';
// Every error the engine throws is public: callers tell them apart.
export * from './errors';
export type { PowerShellSessionOptions, PsCall, PsResult, PsSchema, PsScript, TranscriptEntry, TranscriptOutcome } from './types';
