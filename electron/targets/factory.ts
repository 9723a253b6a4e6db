// What a run connects to: the target a start request names, as the journal records it (the server names
// checked first), and the PowerShell prelude that opens the sessions on it. The lab and the real servers
// differ here and nowhere else in the run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestOf } from '../../shared/contract';
import type { PsScript } from '../powershell';
import { defaultLabSeed, labMove, labPrelude, type LabDelays } from './lab';
import { labServers, placementOf, shortName, type SessionPlacement } from './placement';
import { realMove, realPrelude } from './real';
import type { SessionKind } from './session-prelude';

/** The target as the run's journal records it: enough to connect again on resume, never a password. */
export interface RunTarget {
  kind: 'lab' | 'real';
  sessionNode: string | null;
  exchangeServer?: string;
  clusterNode?: string;
  useCredential?: boolean;
  /** The other account's name, when one was used; never its password. */
  userName?: string;
  labSeedPath?: string;
  labStatePath?: string;
  /** The workstation the wizard ran on (its host name), for the report. */
  workstation?: string;
  /** The lab delays the run set, else the seed's (null: unreadable); all zero means recovery times are not measurements. */
  labDelays?: LabDelays | null;
}

/** What the host was started with that shapes a target: where the lab lives, its delays, which PowerShell. */
export interface TargetOptions {
  stateDir: string;
  labSeedPath?: string;
  labStatePath?: string;
  labDelays?: LabDelays;
  /** Overrides the PowerShell executable. */
  powershell?: string;
}

const SERVER_NAME = /^[A-Za-z0-9.-]{1,255}$/;

/** The delays a seed gives the lab when the run sets none, so the journal records what the lab plays. */
function seedDelays(seedPath: string): LabDelays | null {
  try {
    const d = (JSON.parse(readFileSync(seedPath, 'utf8')) as { lab?: { delays?: Record<string, unknown> } }).lab?.delays;
    const n = (v: unknown) => (typeof v === 'number' ? v : null);
    const [a, b, c] = [n(d?.nodeLossDetectionSeconds), n(d?.groupOnlineSeconds), n(d?.databaseMountSeconds)];
    return a !== null && b !== null && c !== null ? { nodeLossDetection: a, groupOnline: b, databaseMount: c } : null;
  } catch {
    return null;
  }
}

/** The target a start request names, or why the request cannot be used (nothing has run yet). */
export function targetOf(request: RequestOf<'start'>, options: TargetOptions): RunTarget | { problem: string } {
  if (request.target === 'lab') {
    const labSeedPath = options.labSeedPath ?? defaultLabSeed();
    const named = labNames(request, labSeedPath);
    if ('problem' in named) return named;
    return {
      kind: 'lab',
      sessionNode: named.clusterNode,
      ...named,
      labSeedPath,
      labStatePath: options.labStatePath ?? join(options.stateDir, 'lab-state.json'),
      labDelays: options.labDelays ?? seedDelays(labSeedPath),
    };
  }
  const exchangeServer = request.exchangeServer ?? '';
  // The cluster session defaults to the Exchange server: both are DAG members.
  const clusterNode = request.clusterNode || exchangeServer;
  if (!exchangeServer) return { problem: 'Name the Exchange server to connect to (its FQDN, e.g. EX01.rogertech.local).' };
  if (!SERVER_NAME.test(exchangeServer) || !SERVER_NAME.test(clusterNode))
    return { problem: 'Server names may contain only letters, digits, dots and hyphens.' };
  if (request.useCredential && !request.credential)
    return { problem: 'Enter the user name and password to use, or untick "Use other credentials".' };
  return {
    kind: 'real',
    sessionNode: clusterNode.split('.')[0] ?? null,
    exchangeServer,
    clusterNode,
    useCredential: Boolean(request.credential),
    ...(request.credential ? { userName: request.credential.userName } : {}),
  };
}

/** The lab's servers the sessions belong to, as the lab names them: the ones the request names (name or
 *  FQDN), or the lab's defaults (its first Exchange server; the cluster node defaults to the Exchange server). */
function labNames(request: RequestOf<'start'>, seedPath: string): SessionPlacement | { problem: string } {
  const servers = labServers(seedPath);
  const find = (name: string) =>
    servers.find((s) => s.name.toLowerCase() === name.toLowerCase() || s.fqdn.toLowerCase() === name.toLowerCase());
  const asked = { exchangeServer: request.exchangeServer ?? '', clusterNode: request.clusterNode ?? '' };
  for (const [what, name] of [
    ['Exchange server', asked.exchangeServer],
    ['cluster node', asked.clusterNode],
  ] as const) {
    if (name && !find(name))
      return { problem: `The lab has no server named ${name} to use as the ${what}: it has ${servers.map((s) => s.name).join(', ')}.` };
  }
  const placement = placementOf({
    kind: 'lab',
    labSeedPath: seedPath,
    ...(asked.exchangeServer ? { exchangeServer: asked.exchangeServer } : {}),
  });
  const exchangeServer = find(placement.exchangeServer)?.name ?? placement.exchangeServer;
  return { exchangeServer, clusterNode: asked.clusterNode ? (find(asked.clusterNode)?.name ?? asked.clusterNode) : exchangeServer };
}

/** What opening sessions needs of a target (a day-2 session has no run behind it, so no more than this). */
export type SessionTarget = Pick<RunTarget, 'kind' | 'labStatePath' | 'labSeedPath' | 'exchangeServer' | 'clusterNode'>;

/**
 * The prelude that opens the sessions on a target: the lab's servers, or remoting to the real ones. `placement`
 * opens them elsewhere than where the admin connected them (the failover test keeps them off the node it
 * takes down), `label` says why in the transcript.
 */
export function preludeOf(
  target: SessionTarget,
  options: TargetOptions & { credential: { userName: string; password: string } | null },
  placement: SessionPlacement = placementOf(target),
  label?: string,
): PsScript {
  const prelude =
    target.kind === 'lab'
      ? labPrelude(
          target.labStatePath ?? join(options.stateDir, 'lab-state.json'),
          target.labSeedPath ?? defaultLabSeed(),
          options.labDelays,
          options.powershell,
          placement,
        )
      : realPrelude({ ...placement, credential: options.credential });
  return label === undefined ? prelude : { ...prelude, label };
}

/** The sessions that are on other servers in `to` than in `from`. */
export function sessionsToMove(from: SessionPlacement, to: SessionPlacement): SessionKind[] {
  const moves: SessionKind[] = [];
  if (shortName(from.exchangeServer) !== shortName(to.exchangeServer)) moves.push('Exchange');
  if (shortName(from.clusterNode) !== shortName(to.clusterNode)) moves.push('Cluster');
  return moves;
}

/**
 * The script that reopens the sessions that move from `from` to `to` inside the running engine (after its
 * prelude): only those sessions open again, the rest of the engine stays as it is.
 */
export function moveOf(
  target: SessionTarget,
  options: { credential: { userName: string; password: string } | null },
  from: SessionPlacement,
  to: SessionPlacement,
  label: string,
): PsScript {
  const move = sessionsToMove(from, to);
  return target.kind === 'lab' ? labMove(to, move, label) : realMove({ ...to, credential: options.credential }, move, label);
}
