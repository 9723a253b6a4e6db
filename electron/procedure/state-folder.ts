// The one default state folder of the window, the browser wizard and exha: a run started in one is seen by
// the others (exha status, exha check). --state-dir overrides it in all three.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** EXHA_STATE_DIR, else %LOCALAPPDATA%\ExchangeHAWizard\state on Windows and $XDG_STATE_HOME/exha (~/.local/state/exha) elsewhere. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.EXHA_STATE_DIR) return env.EXHA_STATE_DIR;
  // The home of `env` (as the process given that environment sees it), not necessarily this process's.
  const home = (platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir();
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'ExchangeHAWizard', 'state');
  return join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'exha');
}
