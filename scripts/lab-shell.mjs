#!/usr/bin/env node
// `npm run lab`: an interactive pwsh with the lab loaded, to play the documented procedure by hand.
// State goes to ./lab-state.json (git-ignored) unless a path is given: npm run lab -- my-lab.json
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = join(root, '.tools', 'pwsh', process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
const pwsh = process.env.EXHA_PWSH ?? (existsSync(local) ? local : process.platform === 'win32' ? 'powershell.exe' : 'pwsh');
const state = resolve(process.argv[2] ?? join(root, 'lab-state.json'));
const module = join(root, 'lab', 'ExchangeLab', 'ExchangeLab.psd1');
// Paths travel as arguments, not pasted into the command text.
const command =
  'param($Module, $State) Import-Module $Module -Force -DisableNameChecking; Use-LabState -Path $State; Write-Host "The lab is loaded (state: $State). Try Get-DatabaseAvailabilityGroup -Status or Get-ClusterGroup; lab/README.md has the whole walk-through."';
const child = spawn(
  pwsh,
  ['-NoLogo', '-NoProfile', '-NoExit', '-Command', `& { ${command} } '${module.replace(/'/g, "''")}' '${state.replace(/'/g, "''")}'`],
  { stdio: 'inherit' },
);
child.on('exit', (code) => {
  process.exit(code ?? 0);
});
