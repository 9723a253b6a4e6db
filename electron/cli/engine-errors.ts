// How a command that opened its own sessions (day 2, snapshot) reports what went wrong in them: a step's
// failure with PowerShell's own words and the advice, or PowerShell/the lab missing. Anything else is a bug.
import { PowerShellNotFoundError } from '../powershell';
import { StepFailure } from '../procedure/step';

export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3, environment: 4 } as const;

/** The exit code for `error`, having written it to stderr; null when it is none of these (rethrow it). */
export function reportEngineError(error: unknown, err: (line: string) => void): number | null {
  if (error instanceof StepFailure) {
    err(`exha: ${error.message}${error.powershell ? `\n  PowerShell: ${error.powershell.message}` : ''}\n  What to do: ${error.advice}`);
    return EXIT.failed;
  }
  if (error instanceof PowerShellNotFoundError || (error instanceof Error && /lab module was not found/.test(error.message))) {
    err(`exha: ${error.message}`);
    return EXIT.environment;
  }
  return null;
}
