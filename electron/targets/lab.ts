// The lab target: the PowerShell module that plays the two servers, loaded by the engine's prelude.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePowerShell, type PsScript } from '../powershell';
import { ps } from '../powershell/script';
import { EXCHANGE_COMMANDS, SESSION_PRELUDE, type SessionKind } from './session-prelude';

export interface LabDelays {
  nodeLossDetection: number;
  groupOnline: number;
  databaseMount: number;
}

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
  if (!found)
    throw new Error(
      `The lab module was not found (looked in ${candidates.join(', ')}); set EXHA_LAB_DIR to the folder holding ExchangeLab/.`,
    );
  return found;
}

export function defaultLabSeed(): string {
  return join(findLabDir(), 'seeds', 'default.json');
}

/** Opens the two sessions on the lab's servers: the only lines that differ from the real prelude. */
const OPEN_LAB_SESSIONS = ps`
# The lab's prelude: the workstation's own view of the lab (its DNS, ping and directory, and the lab's
# controls), then a real PSRP session to each lab server process, in place of New-PSSession, each bound to
# the server it names (as a real session belongs to its server).
param([string]$Module, [string]$State, [string]$Seed, [int[]]$Delays, [string]$Executable, [string[]]$ExchangeCommands, [string]$ExchangeServer, [string]$ClusterNode)
Import-Module $Module -Force -DisableNameChecking -Global -Function Get-LabCommandSet
Import-Module $Module -DisableNameChecking -Global -Function ((Get-LabCommandSet Workstation) + (Get-LabCommandSet Control) + (Get-LabCommandSet Remoting))
# The servers start first and warm up while the workstation side prepares the state.
$servers = Start-LabServer -Role Exchange, ClusterNode -StatePath $State -SeedPath $Seed -Executable $Executable -ExchangeServer $ExchangeServer -ClusterNode $ClusterNode
Use-LabState -Path $State -SeedPath $Seed
if ($Delays) { Set-LabDelay -NodeLossDetectionSeconds $Delays[0] -GroupOnlineSeconds $Delays[1] -DatabaseMountSeconds $Delays[2] }
$global:ExhaExchangeSession, $global:ExhaClusterSession = New-LabPSSession -Server $servers
# Kept for a move (MOVE_LAB_SESSIONS): a session reopened elsewhere uses the same lab server process.
$global:ExhaLabServers = @{ Exchange = $servers[0]; Cluster = $servers[1] }
`;

/** Reopens the sessions named in $Move on other lab servers, in the running engine (targets/move.ts). */
const MOVE_LAB_SESSIONS = ps`
param([string[]]$Move, [string]$ExchangeServer, [string]$ClusterNode, [string[]]$ExchangeCommands)
if ($Move -contains 'Exchange') {
    Use-ExhaSession Exchange (Move-LabPSSession -Server $global:ExhaLabServers.Exchange -Name $ExchangeServer -Session $global:ExhaExchangeSession) $ExchangeCommands
}
if ($Move -contains 'Cluster') {
    Use-ExhaSession Cluster (Move-LabPSSession -Server $global:ExhaLabServers.Cluster -Name $ClusterNode -Session $global:ExhaClusterSession)
}
$true
`;

/** The script that reopens the `move` sessions on `placement`'s servers in the lab, labelled `label`. */
export function labMove(placement: Required<LabPlacement>, move: SessionKind[], label: string): PsScript {
  return {
    label,
    script: MOVE_LAB_SESSIONS,
    params: {
      Move: [...move],
      ExchangeServer: placement.exchangeServer,
      ClusterNode: placement.clusterNode,
      ExchangeCommands: [...EXCHANGE_COMMANDS],
    },
  };
}

/** The servers the lab's two sessions belong to (names or FQDNs); empty: the lab's defaults. */
export interface LabPlacement {
  exchangeServer?: string;
  clusterNode?: string;
}

export function labPrelude(
  statePath: string,
  seedPath: string,
  delays?: LabDelays,
  executable?: string,
  placement: LabPlacement = {},
): PsScript {
  const params: PsScript['params'] = {
    Module: join(findLabDir(), 'ExchangeLab', 'ExchangeLab.psd1'),
    State: statePath,
    Seed: seedPath,
    Delays: delays ? [delays.nodeLossDetection, delays.groupOnline, delays.databaseMount] : [],
    // The lab servers run on the same PowerShell as the engine (the dotnet-tool launcher's path, not dotnet's).
    Executable: resolvePowerShell(executable === undefined ? {} : { executable }),
    ExchangeCommands: [...EXCHANGE_COMMANDS],
    ExchangeServer: placement.exchangeServer ?? '',
    ClusterNode: placement.clusterNode ?? '',
  };
  const on = placement.exchangeServer
    ? ` (Exchange on ${placement.exchangeServer}, cluster on ${placement.clusterNode ?? placement.exchangeServer})`
    : '';
  return {
    label: `Start the lab (two Exchange 2010 servers and their DAG cluster) and connect to it by remoting${on}`,
    script: OPEN_LAB_SESSIONS + '\n\n' + SESSION_PRELUDE,
    params,
  };
}
