// What the lab cannot play of a seed, as the lab itself says (Test-LabSeed, lab/ExchangeLab/State.ps1):
// asked of a short PowerShell of its own, so `exha plan` and `exha snapshot` name it without opening a lab.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { powerShellEnvironment, resolvePowerShell } from '../powershell';
import { findLabDir } from '../targets/lab';

// Fixed text: the module and the seed's path travel in the environment, never in the script.
const TEST_SEED =
  "$ErrorActionPreference = 'Stop'; Import-Module $env:EXHA_LAB_MODULE -DisableNameChecking; " +
  '@(Test-LabSeed -Path $env:EXHA_SEED_PATH) | ForEach-Object { [Console]::Out.WriteLine([string]$_) }';

export function labLimitsOf(seedPath: string): string[] {
  const result = spawnSync(resolvePowerShell(), ['-NoProfile', '-NonInteractive', '-Command', TEST_SEED], {
    encoding: 'utf8',
    env: {
      ...powerShellEnvironment(),
      EXHA_LAB_MODULE: join(findLabDir(), 'ExchangeLab', 'ExchangeLab.psd1'),
      EXHA_SEED_PATH: seedPath,
    },
    timeout: 60_000,
  });
  if (result.status !== 0) {
    const why = (result.stderr || result.error?.message || 'no output').trim().split('\n')[0] ?? '';
    return [`the lab could not load this seed: ${why}`];
  }
  return result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
