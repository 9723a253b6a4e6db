// The lab target: the PowerShell module that plays the two servers, loaded by the engine's prelude.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PsScript } from '../powershell';

export interface LabDelays { nodeLossDetection: number; groupOnline: number; databaseMount: number }

/** The lab folder: EXHA_LAB_DIR, the repo's lab/ (source or dist bundle), or the packaged app's resources. */
export function findLabDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.EXHA_LAB_DIR,
    resolve(here, '..', '..', 'lab'),
    resolve(here, '..', 'lab'),
    resources ? join(resources, 'lab') : undefined,
  ].filter((c): c is string => typeof c === 'string');
  const found = candidates.find((c) => existsSync(join(c, 'ExchangeLab', 'ExchangeLab.psd1')));
  if (!found) throw new Error(`The lab module was not found (looked in ${candidates.join(', ')}); set EXHA_LAB_DIR to the folder holding ExchangeLab/.`);
  return found;
}

export function defaultLabSeed(): string {
  return join(findLabDir(), 'seeds', 'default.json');
}

export function labPrelude(statePath: string, seedPath: string, delays?: LabDelays): PsScript {
  const params: PsScript['params'] = {
    Module: join(findLabDir(), 'ExchangeLab', 'ExchangeLab.psd1'),
    State: statePath,
    Seed: seedPath,
  };
  const lines = [
    'param($Module, $State, $Seed, $Delays)',
    'Import-Module $Module -Force -DisableNameChecking -Global',
    'Use-LabState -Path $State -SeedPath $Seed',
  ];
  if (delays) {
    params.Delays = [delays.nodeLossDetection, delays.groupOnline, delays.databaseMount];
    lines.push('Set-LabDelay -NodeLossDetectionSeconds $Delays[0] -GroupOnlineSeconds $Delays[1] -DatabaseMountSeconds $Delays[2]');
  }
  return { label: 'Load the lab (two Exchange 2010 servers and their DAG cluster)', script: lines.join('\n'), params };
}
