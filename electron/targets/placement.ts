// Where the wizard's two sessions live: the Exchange session belongs to one server (its /PowerShell
// endpoint), the cluster session to one node, on real servers and in the lab alike. A run starts where the
// admin connected them; the failover test moves them off the node it takes down and back afterwards.
import { readFileSync } from 'node:fs';
import { defaultLabSeed } from './lab';

export interface SessionPlacement {
  /** The server whose Exchange endpoint the Exchange session uses (FQDN on real servers, the lab's name or FQDN in the lab). */
  exchangeServer: string;
  /** The node the cluster session runs on. */
  clusterNode: string;
}

/** What a placement needs of a target (a RunTarget or a day-2 target). */
export interface PlacedTarget {
  kind: 'lab' | 'real';
  exchangeServer?: string;
  clusterNode?: string;
  labSeedPath?: string;
}

/** The lab's Exchange servers as its seed names them: `{ name, fqdn }`, in seed order. */
export function labServers(seedPath: string): { name: string; fqdn: string }[] {
  try {
    const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as { exchangeServers?: { name?: unknown; fqdn?: unknown }[] };
    return (seed.exchangeServers ?? [])
      .filter((s): s is { name: string; fqdn: string } => typeof s.name === 'string' && typeof s.fqdn === 'string')
      .map((s) => ({ name: s.name, fqdn: s.fqdn }));
  } catch {
    return [];
  }
}

/** Where a target's sessions are when the admin connects: the named servers, or the lab's defaults (its
 *  first Exchange server; the cluster node defaults to the Exchange server, as for real servers). */
export function placementOf(target: PlacedTarget): SessionPlacement {
  const exchangeServer =
    target.exchangeServer ?? (target.kind === 'lab' ? (labServers(target.labSeedPath ?? defaultLabSeed())[0]?.name ?? '') : '');
  return { exchangeServer, clusterNode: target.clusterNode || exchangeServer };
}

/** A server's short name (EX01 of EX01.rogertech.local), for comparing a name with a node. */
export function shortName(server: string): string {
  return (server.split('.')[0] ?? server).toLowerCase();
}

export function samePlacement(a: SessionPlacement, b: SessionPlacement): boolean {
  return shortName(a.exchangeServer) === shortName(b.exchangeServer) && shortName(a.clusterNode) === shortName(b.clusterNode);
}
