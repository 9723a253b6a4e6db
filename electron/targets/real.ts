// The real target: Exchange remote PowerShell to one server and a session on a cluster node. The step
// scripts are the same text as in the lab; only this prelude differs.
import { secret, type PsScript } from '../powershell';
import { ps } from '../powershell/script';
import { REAL_PRELUDE } from './real-prelude';
import { EXCHANGE_COMMANDS, type SessionKind } from './session-prelude';

export interface RealTargetOptions {
  /** FQDN of the Exchange server whose /PowerShell endpoint the wizard uses. */
  exchangeServer: string;
  /** The cluster node the cluster session runs on (the outage test moves it off the node it takes down, and back). */
  clusterNode: string;
  /** Other credentials instead of the current Windows logon: handed to PowerShell as a SecureString, never stored. */
  credential: { userName: string; password: string } | null;
}

export function realPrelude(options: RealTargetOptions): PsScript {
  return {
    label: `Connect to ${options.exchangeServer} (Exchange remote PowerShell) and ${options.clusterNode} (cluster)`,
    script: REAL_PRELUDE,
    params: {
      ExchangeServer: options.exchangeServer,
      ClusterNode: options.clusterNode,
      UserName: options.credential?.userName ?? '',
      Password: secret(options.credential?.password ?? ''),
      ExchangeCommands: [...EXCHANGE_COMMANDS],
    },
  };
}

/**
 * Reopens the `move` sessions on other servers in the running engine: a new session first, then the old
 * one removed (its server may already have stopped answering: its removal cannot fail the move).
 */
const MOVE_REAL_SESSIONS = ps`
param([string[]]$Move, [string]$ExchangeServer, [string]$ClusterNode, [string]$UserName, [System.Security.SecureString]$Password, [string[]]$ExchangeCommands)
foreach ($kind in $Move) {
    $server = $ClusterNode
    $old = $global:ExhaClusterSession
    if ($kind -eq 'Exchange') { $server = $ExchangeServer; $old = $global:ExhaExchangeSession }
    Use-ExhaSession $kind (New-ExhaSession $kind $server $UserName $Password) $ExchangeCommands
    try { Remove-PSSession $old } catch { }
}
$true
`;

export function realMove(options: RealTargetOptions, move: SessionKind[], label: string): PsScript {
  return {
    label,
    script: MOVE_REAL_SESSIONS,
    params: {
      Move: [...move],
      ExchangeServer: options.exchangeServer,
      ClusterNode: options.clusterNode,
      UserName: options.credential?.userName ?? '',
      Password: secret(options.credential?.password ?? ''),
      ExchangeCommands: [...EXCHANGE_COMMANDS],
    },
  };
}
