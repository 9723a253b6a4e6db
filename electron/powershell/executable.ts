// Which PowerShell the engine runs. The repo-local pwsh comes before anything on PATH so tests
// and development use the pinned version; Windows falls back to the built-in Windows PowerShell,
// which is what an Exchange 2010 administrator's machine is guaranteed to have.
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PowerShellNotFoundError } from './errors';

export const INSTALL_HINT =
  'run `npm run setup` (installs pwsh 7.6.9 into .tools/pwsh with the .NET SDK) or set EXHA_PWSH to a PowerShell executable.';

export interface ResolveOptions {
  executable?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where to start looking for the repo's .tools folder; defaults to this module's folder. */
  searchFrom?: string;
}

export function resolvePowerShell(options: ResolveOptions = {}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const explicit = options.executable ?? nonEmpty(env.EXHA_PWSH);
  if (explicit !== undefined) {
    const found = locate(explicit, env, platform);
    if (found === undefined) {
      const source = options.executable !== undefined ? 'the configured executable' : 'EXHA_PWSH';
      throw new PowerShellNotFoundError(
        `PowerShell not found: ${source} '${explicit}' does not exist or is not executable; ${INSTALL_HINT}`,
      );
    }
    return found;
  }
  const local = findRepoLocal(options.searchFrom ?? moduleDir(), platform);
  if (local !== undefined) return local;
  const fallbacks = platform === 'win32' ? ['powershell.exe', 'pwsh.exe'] : ['pwsh'];
  for (const name of fallbacks) {
    const found = locate(name, env, platform);
    if (found !== undefined) return found;
  }
  throw new PowerShellNotFoundError(`PowerShell not found: ${INSTALL_HINT}`);
}

/**
 * The environment every PowerShell the engine starts runs with (the lab servers it starts inherit it).
 * DOTNET_TC_CallCounting=0 keeps .NET from recompiling hot methods a second time in the background:
 * a wizard session is seconds of short scripts, and that second compile was wasted CPU (measured: a
 * whole lab run 21 -> 13 CPU-seconds, as fast or faster). Only pwsh 7 reads it; Windows PowerShell
 * 5.1 (.NET Framework) ignores DOTNET_ variables. A value already set is kept.
 */
export function powerShellEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    DOTNET_TC_CallCounting: '0',
    ...base,
    POWERSHELL_TELEMETRY_OPTOUT: '1',
    POWERSHELL_UPDATECHECK: 'Off',
    // With a terminal TERM, .NET writes keypad-mode escapes each time pwsh reads a line;
    // landing after node-powershell's end delimiter, they stop it from seeing the end.
    TERM: 'dumb',
    NO_COLOR: '1',
  };
}

function findRepoLocal(start: string, platform: NodeJS.Platform): string | undefined {
  const exe = platform === 'win32' ? 'pwsh.exe' : 'pwsh';
  // Source runs from electron/powershell, the bundle from dist/electron: the root is a few levels up.
  let dir = start;
  for (let depth = 0; depth < 4; depth += 1) {
    const candidate = join(dir, '.tools', 'pwsh', exe);
    if (isExecutable(candidate, platform)) return toolHost(join(dir, '.tools', 'pwsh'), exe, platform) ?? candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The dotnet tool's .tools/pwsh/pwsh is a shim that starts the real pwsh as a second process (a second
 * .NET runtime start, ~0.1 CPU-s, on every session and every lab server). PowerShell's own launcher sits
 * in the tool's store (.store/powershell/<v>/powershell/<v>/tools/<tfm>/any/<unix|win>/): the same pwsh,
 * started once. (One version in the store; otherwise the shim, which knows which one it runs.)
 */
function toolHost(toolDir: string, exe: string, platform: NodeJS.Platform): string | undefined {
  const store = join(toolDir, '.store', 'powershell');
  const [version, ...more] = listDir(store);
  // None, or more than one version: only the shim knows which it runs.
  if (version === undefined || more.length > 0) return undefined;
  const tools = join(store, version, 'powershell', version, 'tools');
  const hosts = listDir(tools).map((framework) => join(tools, framework, 'any', platform === 'win32' ? 'win' : 'unix', exe));
  return hosts.find((host) => isExecutable(host, platform));
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function locate(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (isAbsolute(name) || name.includes('/') || name.includes('\\')) {
    return isExecutable(name, platform) ? name : undefined;
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter((d) => d !== '');
  const extensions = platform === 'win32' && !/\.[a-z]+$/i.test(name) ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function moduleDir(): string {
  // The CommonJS bundle has __dirname and no import.meta; the ESM source has the reverse.
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
