// The real target: Exchange remote PowerShell to one server and a session on a cluster node. The step
// scripts are the same text as in the lab; only this prelude differs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PsScript } from '../powershell';

export interface RealTargetOptions {
  /** FQDN of the Exchange server whose /PowerShell endpoint the wizard uses. */
  exchangeServer: string;
  /** The cluster node the cluster session runs on; the outage test never takes this one down. */
  clusterNode: string;
  /** Ask for credentials with Get-Credential instead of the current Windows logon. Never stored. */
  useCredential: boolean;
}

function preludeText(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'real-prelude.ps1'), join(here, '..', '..', 'electron', 'targets', 'real-prelude.ps1')]) {
    try { return readFileSync(candidate, 'utf8'); } catch { /* next */ }
  }
  throw new Error('real-prelude.ps1 is missing from the application files');
}

export function realPrelude(options: RealTargetOptions): PsScript {
  return {
    label: `Connect to ${options.exchangeServer} (Exchange remote PowerShell) and ${options.clusterNode} (cluster)`,
    script: preludeText(),
    params: { ExchangeServer: options.exchangeServer, ClusterNode: options.clusterNode, UseCredential: options.useCredential },
  };
}
