// The real target: Exchange remote PowerShell to one server and a session on a cluster node. The step
// scripts are the same text as in the lab; only this prelude differs.
import { secret, type PsScript } from '../powershell';
import { REAL_PRELUDE } from './real-prelude';
import { EXCHANGE_COMMANDS } from './session-prelude';

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
