#!/usr/bin/env node
// Installs the pinned PowerShell 7 into .tools/pwsh (git-ignored) when it is missing.
// Real pwsh is what the engine and the lab are tested against; this keeps every machine on the same version.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PWSH_VERSION } from './pwsh-version.mjs';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = join(root, '.tools', 'pwsh');
const exe = join(toolDir, process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');

function installedVersion() {
  if (!existsSync(exe)) return undefined;
  const r = spawnSync(exe, ['-NoLogo', '-NoProfile', '-Command', '$PSVersionTable.PSVersion.ToString()'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const found = installedVersion();
if (found === PWSH_VERSION) {
  console.log(`pwsh ${PWSH_VERSION} present in .tools/pwsh`);
  process.exit(0);
}
if (process.platform === 'win32' && process.env.EXHA_INSTALL_PWSH !== '1') {
  console.log('Windows: the engine uses Windows PowerShell 5.1; set EXHA_INSTALL_PWSH=1 to also install pwsh for the tests.');
  process.exit(0);
}
if (spawnSync('dotnet', ['--version'], { encoding: 'utf8' }).status !== 0) {
  console.error(
    'pwsh is missing and the .NET SDK (dotnet) is not on PATH: install the .NET SDK, or PowerShell 7 and set EXHA_PWSH to its path.',
  );
  process.exit(1);
}
console.log(`installing PowerShell ${PWSH_VERSION} into .tools/pwsh (dotnet tool install) ...`);
execFileSync('dotnet', ['tool', found ? 'update' : 'install', 'PowerShell', '--version', PWSH_VERSION, '--tool-path', toolDir], {
  stdio: 'inherit',
});
const after = installedVersion();
if (after !== PWSH_VERSION) {
  console.error(`pwsh install finished but ${exe} reports ${after ?? 'nothing'}`);
  process.exit(1);
}
console.log(`pwsh ${after} installed`);
