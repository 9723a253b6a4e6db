#!/usr/bin/env node
// What `npm start` and `npm test` do first: whatever set-up a fresh clone (or a stale one) still lacks,
// and nothing else: npm dependencies (none yet, or older than package-lock.json) then the build (dist/
// missing or older than its sources), and beside them the pinned pwsh (scripts/install-pwsh.mjs) then its
// precompiled assemblies (scripts/precompile-pwsh.mjs).
// Only node: imports here: this runs before node_modules exists.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pwshPrecompiled } from './precompile-pwsh.mjs';
import { PWSH_VERSION } from './pwsh-version.mjs';

export { PWSH_VERSION };

/** What the build reads, and what it writes (each output must be newer than every source). */
export const BUILD_SOURCES = ['renderer', 'electron', 'shared', 'scripts/build.mjs', 'package-lock.json'];
export const BUILD_OUTPUTS = [
  'dist/renderer/index.html',
  'dist/electron/main.cjs',
  'dist/electron/preload.cjs',
  'dist/cli/exha.mjs',
  'dist/cli/inputs.json',
];

/**
 * The decision alone, from facts already read (times in ms; undefined = the file is not there).
 * @param {{ lockfile: number | undefined, installedLockfile: number | undefined, pwshVersion: string | undefined,
 *   pwshPrecompiled: boolean, pwshNeeded: boolean, newestSource: number, oldestOutput: number | undefined }} facts
 * @returns {Array<'dependencies' | 'pwsh' | 'precompile' | 'build'>}
 */
export function whatIsMissing(facts) {
  const missing = [];
  // npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
  if (facts.installedLockfile === undefined || (facts.lockfile !== undefined && facts.lockfile > facts.installedLockfile))
    missing.push('dependencies');
  if (facts.pwshNeeded && facts.pwshVersion !== PWSH_VERSION) missing.push('pwsh');
  // A new install is IL only; an older checkout's pwsh may predate precompiling.
  if (facts.pwshNeeded && (missing.includes('pwsh') || !facts.pwshPrecompiled)) missing.push('precompile');
  // New dependencies can change the bundles too.
  if (missing.includes('dependencies') || facts.oldestOutput === undefined || facts.newestSource > facts.oldestOutput)
    missing.push('build');
  return missing;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time below a file or folder (0 when nothing is there). */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let time = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    time = Math.max(time, newest(join(path, entry)));
  }
  return time;
}

/** The pinned pwsh's version as dotnet installed it (.tools/pwsh/.store/powershell/<version>), without starting it. */
function pwshVersion(root) {
  if (!existsSync(join(root, '.tools', 'pwsh', process.platform === 'win32' ? 'pwsh.exe' : 'pwsh'))) return undefined;
  try {
    const versions = readdirSync(join(root, '.tools', 'pwsh', '.store', 'powershell'));
    return versions.includes(PWSH_VERSION) ? PWSH_VERSION : versions[0];
  } catch {
    return undefined;
  }
}

/** The facts whatIsMissing decides on, read from the checkout at root. */
export function readFacts(root, env = process.env) {
  const outputs = BUILD_OUTPUTS.map((p) => mtime(join(root, p)));
  return {
    lockfile: mtime(join(root, 'package-lock.json')),
    installedLockfile: mtime(join(root, 'node_modules', '.package-lock.json')),
    pwshVersion: pwshVersion(root),
    pwshPrecompiled: pwshPrecompiled(root),
    // Windows uses the built-in Windows PowerShell 5.1; EXHA_PWSH points at another PowerShell.
    pwshNeeded: !(env.EXHA_PWSH ?? '') && (process.platform !== 'win32' || env.EXHA_INSTALL_PWSH === '1'),
    newestSource: Math.max(...BUILD_SOURCES.map((p) => newest(join(root, p)))),
    oldestOutput: outputs.includes(undefined) ? undefined : Math.min(...outputs),
  };
}

/**
 * Runs one set-up step; resolves when it succeeded, and exits with its status when it failed. `quiet`: its
 * output is held and printed whole when it ends (a step running beside another that prints as it goes).
 */
function run(root, what, command, args, quiet = false) {
  console.log(`set-up: ${what} (${[command, ...args].join(' ')})`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      shell: process.platform === 'win32',
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const end = (status) => {
      if (output) process.stdout.write(`set-up: ${what}:\n${output}`);
      if (status !== 0) {
        console.error(`set-up: ${what} failed; fix what it reports above, then run the same command again.`);
        process.exit(status ?? 1);
      }
      resolve();
    };
    child.on('error', () => end(1));
    child.on('close', end);
  });
}

/**
 * What is missing, in two lanes side by side (neither needs the other, and each alone leaves a core idle on
 * a two-core machine): the npm dependencies then the build, and the pinned pwsh then its precompile.
 */
export async function setUp(root) {
  const missing = whatIsMissing(readFacts(root));
  const node = async () => {
    if (missing.includes('dependencies')) await run(root, 'npm dependencies', 'npm', ['ci', '--no-audit', '--no-fund']);
    if (missing.includes('build')) await run(root, 'build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
  };
  const pwsh = async () => {
    if (missing.includes('pwsh'))
      await run(root, `PowerShell ${PWSH_VERSION}`, process.execPath, [join(root, 'scripts', 'install-pwsh.mjs')], true);
    if (missing.includes('precompile'))
      await run(
        root,
        `PowerShell ${PWSH_VERSION}'s assemblies, precompiled`,
        process.execPath,
        [join(root, 'scripts', 'precompile-pwsh.mjs')],
        true,
      );
  };
  await Promise.all([node(), pwsh()]);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await setUp(join(dirname(fileURLToPath(import.meta.url)), '..'));
}
