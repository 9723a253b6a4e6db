// The wizard's own sessions during the outage test. Each belongs to a server (Exchange remote PowerShell to
// one server, the cluster session to one node): one on the node taken down would stop answering in the
// middle of the watch. So before the outage every session on that node is reopened on the node that stays
// up, and after the restore they go back where the admin connected them. failover.ts calls these at those
// two points (and on a resume, when a session cannot reach a node that is still down).
import type { SessionMove } from '../../../shared/results';
import type { SessionPlacement } from '../../targets/placement';
import { shortName } from '../../targets/placement';
import { ps, type StepScript } from '../../powershell/script';
import { requireSite, StepFailure, type StepContext } from '../step';
import { z } from 'zod';

const SESSIONS = ['exchange', 'cluster'] as const;
const KEY = { exchange: 'exchangeServer', cluster: 'clusterNode' } as const;
const WORD = { exchange: 'Exchange', cluster: 'cluster' } as const;

/** The name to connect to on `node`: its FQDN from Connect's site read when the sessions use FQDNs. */
function addressOf(ctx: StepContext, node: string, like: string): string {
  if (!like.includes('.')) return node;
  const server = requireSite(ctx).servers.find((s) => shortName(s.name) === shortName(node));
  return server?.fqdn ?? node;
}

function on(server: string, node: string): boolean {
  return shortName(server) === shortName(node);
}

/**
 * Before `outageNode` goes down: every session on it is reopened on `survivor`, said in the transcript (the
 * reconnect's own entry) and returned for the result. Empty when none was on it.
 */
export async function moveSessionsOff(ctx: StepContext, outageNode: string, survivor: string): Promise<SessionMove[]> {
  const now = ctx.sessionPlacement;
  const moving = SESSIONS.filter((s) => on(now[KEY[s]], outageNode));
  if (moving.length === 0) return [];
  const next: SessionPlacement = { ...now };
  for (const s of moving) next[KEY[s]] = addressOf(ctx, survivor, now[KEY[s]]);
  const what = moving.map((s) => `the ${WORD[s]} session`).join(' and ');
  ctx.activity({
    label: `Moving ${what} to ${survivor}`,
    waitingFor: `${survivor} to accept the session before ${outageNode} goes down`,
    timeoutSeconds: 60,
  });
  await ctx.placeSessions(
    next,
    `Reopen ${what} on ${survivor}: ${outageNode} is about to go down, and a session on it would stop answering`,
  );
  const at = new Date(ctx.now()).toISOString();
  return moving.map((s) => ({ session: s, from: now[KEY[s]], to: next[KEY[s]], at, back: null }));
}

/** After the restore: the sessions go back where the admin connected them; each move gets its time back. */
export async function putSessionsBack(ctx: StepContext, moves: SessionMove[]): Promise<SessionMove[]> {
  if (moves.length === 0) return moves;
  const what = moves.map((m) => `the ${WORD[m.session]} session`).join(' and ');
  ctx.activity({ label: `Moving ${what} back`, waitingFor: 'the servers the sessions were connected to', timeoutSeconds: 60 });
  await ctx.placeSessions(null, `Put ${what} back on ${[...new Set(moves.map((m) => m.from))].join(' and ')}, where they were connected`);
  const back = new Date(ctx.now()).toISOString();
  return moves.map((m) => ({ ...m, back }));
}

/** One call through each session: a session to a server that is down does not answer (it hangs until the
 *  timeout, after which the engine's next process opens new sessions, which then fail at once). */
const answerCheck: StepScript = {
  label: 'Check both sessions answer',
  runsOn: 'local',
  kind: 'probe',
  params: [],
  timeoutSeconds: 30,
  body: ps`
    param()
    $null = @(Get-ExchangeServer)
    $null = @(Invoke-ExhaCluster -ScriptBlock { Get-Cluster })
    $true
  `,
};

/** The check timed out or found a session Broken: the engine restarted its PowerShell, so the next try
 *  opens the sessions afresh (context.ts). */
function restarted(error: unknown): boolean {
  return error instanceof StepFailure && /did not answer within|connection to the servers was lost/.test(error.message);
}

/** A session that could not be opened because its server does not answer (New-PSSession's error). */
function unreachableServer(error: unknown): string | null {
  if (!(error instanceof StepFailure) || !error.powershell) return null;
  if (!error.powershell.fullyQualifiedErrorId.includes('PSSessionOpenFailed')) return null;
  // WinRM names the server in its text ("Connecting to remote server EX01.rogertech.local failed ...").
  const named = /remote server (\S+) failed/i.exec(error.powershell.message)?.[1];
  const target = error.powershell.targetObject;
  return named ?? (typeof target === 'string' && target ? target : null);
}

/**
 * A resume or rollback after an interrupted outage: the node may still be down with a session the admin
 * connected on it, so no session opens. Those sessions are opened on the other node instead (put back by
 * putSessionsBack once the restore is done).
 */
export async function reachSessions(ctx: StepContext): Promise<SessionMove[]> {
  const nodes = requireSite(ctx).cluster.nodes.map((n) => n.name);
  let moves: SessionMove[] = [];
  // Sessions opened before the node went down (a timeout, or Broken), then at most one silent server per session.
  for (let attempt = 0; attempt < SESSIONS.length + 1; attempt++) {
    try {
      await ctx.run(answerCheck, {}, z.boolean());
      return moves;
    } catch (error) {
      if (restarted(error) && attempt === 0) continue;
      const silent = unreachableServer(error);
      const survivor = silent ? nodes.find((n) => !on(n, silent)) : undefined;
      if (!silent || !survivor) throw error;
      const moved = await moveSessionsOff(ctx, silent, survivor);
      if (moved.length === 0) throw error;
      moves = [...moves, ...moved];
    }
  }
  await ctx.run(answerCheck, {}, z.boolean());
  return moves;
}
