// Failover test (write-up steps 19–20, 25–30): a planned move of the role and back, then an outage of the
// node that owns the role, watched about once a second until the role, the databases and the array are back;
// then the node returns and the original owners and active copies are restored.
import { z } from 'zod';
import type { FailoverResult, TimelineSample } from '../../../shared/results';
import { WRITE_UP_FAILOVER_SECONDS } from '../../../shared/steps';
import type { ScriptValues } from '../../powershell/script';
import {
  requireInputs,
  requireSite,
  StepFailure,
  type PlanContext,
  type PlannedCall,
  type StepContext,
  type StepDefinition,
} from '../step';
import {
  ClusterSampleSchema,
  CopiesSchema,
  MovedSchema,
  OutageSampleSchema,
  labNodeState,
  moveDatabase,
  moveGroup,
  pingArray,
  sampleCluster,
  sampleCopies,
  sampleOutage,
  type ClusterSample,
  type CopySample,
} from './failover-scripts';
import { moveSessionsOff, putSessionsBack, reachSessions } from './failover-sessions';

const NODE_WAIT_SECONDS = 30 * 60;
const RESYNC_WAIT_SECONDS = 300;

function activeCopies(copies: CopySample): Record<string, string | null> {
  const byDb: Record<string, string | null> = {};
  for (const c of copies) {
    byDb[c.Database] ??= null;
    if (c.Status === 'Mounted') byDb[c.Database] = c.Server;
  }
  return byDb;
}

function otherNode(ctx: PlanContext, node: string): string {
  return (
    requireSite(ctx)
      .cluster.nodes.map((n) => n.name)
      .find((n) => n.toLowerCase() !== node.toLowerCase()) ?? ''
  );
}

/** The node to take down: the one the role lives on, as in the write-up. The wizard's own sessions on it
 *  are moved to the other node first (failover-sessions.ts), so it never loses them to the outage. */
function chooseOutageNode(roleOwner: string): string {
  return roleOwner;
}

async function observe(
  ctx: StepContext,
  name: string,
  address: string,
): Promise<{ cluster: ClusterSample; copies: CopySample; reachable: boolean }> {
  const sample = await ctx.run(sampleOutage, { Name: name, Address: address }, OutageSampleSchema);
  return { cluster: sample.Cluster, copies: sample.Copies, reachable: sample.Reachable };
}

async function waitFor(
  ctx: StepContext,
  label: string,
  waitingFor: string,
  seconds: number,
  done: () => Promise<boolean>,
): Promise<boolean> {
  const started = ctx.now();
  for (;;) {
    if (await done()) return true;
    if (ctx.now() - started > seconds * 1000) return false;
    ctx.activity({ label, waitingFor, timeoutSeconds: seconds });
    await ctx.sleep(1000);
  }
}

async function restore(ctx: StepContext, outageNode: string | null): Promise<boolean> {
  const { name, address } = names(ctx);
  const before = ctx.before.failover;
  if (!before) return true;
  // A node is away while the cluster calls it anything but Up, or while its database copies show
  // ServiceDown: right after its adapters go, the cluster still says Up for the node-loss detection time
  // (a resume that landed then once skipped bringing it back and waited for copies that never returned).
  const away = async (): Promise<string[]> => {
    const nodes = (await ctx.run(sampleCluster, { Name: name }, ClusterSampleSchema)).Nodes;
    const silent = new Set(
      (await ctx.run(sampleCopies, {}, CopiesSchema)).filter((c) => c.Status === 'ServiceDown').map((c) => c.Server.toLowerCase()),
    );
    return nodes.filter((n) => n.State !== 'Up' || silent.has(n.Name.toLowerCase())).map((n) => n.Name);
  };
  const gone = await away();
  if (gone.length > 0) {
    const down = outageNode ?? gone.join(', ');
    if (ctx.target.kind === 'lab') {
      for (const node of gone) await ctx.run(labNodeState, { Node: node, State: 'Up' }, z.unknown());
    }
    const up = await waitFor(
      ctx,
      `Bring ${down} back`,
      `${down} to rejoin: the cluster to call it Up and its database copies to answer (re-enable its network adapters)`,
      NODE_WAIT_SECONDS,
      async () => (await away()).length === 0,
    );
    if (!up) return false;
  }
  const healthy = await waitFor(
    ctx,
    'Waiting for the returned node to resynchronize',
    'every passive copy to be Healthy again',
    RESYNC_WAIT_SECONDS,
    async () => {
      const copies = await ctx.run(sampleCopies, {}, CopiesSchema);
      return copies.every((c) => c.Status === 'Mounted' || c.Status === 'Healthy');
    },
  );
  if (!healthy) return false;
  const cluster = await ctx.run(sampleCluster, { Name: name }, ClusterSampleSchema);
  // The outage also moved the DAG's own groups (Cluster Group holds the Primary Active Manager): put every group back.
  const owners: Record<string, string> = { ...(before.groupOwners ?? {}), [name]: before.roleOwner };
  for (const group of cluster.Groups) {
    const owner = owners[group.Name];
    if (owner && group.OwnerNode.toLowerCase() !== owner.toLowerCase())
      await ctx.run(moveGroup, { Name: group.Name, Node: owner }, MovedSchema);
  }
  const active = activeCopies(await ctx.run(sampleCopies, {}, CopiesSchema));
  for (const [db, server] of Object.entries(before.activeServers)) {
    if ((active[db] ?? '').toLowerCase() !== server.toLowerCase())
      await ctx.run(moveDatabase, { Database: db, Server: server }, z.unknown());
  }
  const final = await observe(ctx, name, address);
  const finalActive = activeCopies(final.copies);
  return (
    final.cluster.OwnerNode.toLowerCase() === before.roleOwner.toLowerCase() &&
    final.cluster.State === 'Online' &&
    Object.entries(before.activeServers).every(([db, s]) => (finalActive[db] ?? '').toLowerCase() === s.toLowerCase())
  );
}

function names(ctx: PlanContext) {
  const inputs = requireInputs(ctx);
  return { name: inputs.name, address: inputs.address };
}

function recovered(sample: TimelineSample, outageNode: string): boolean {
  const lower = outageNode.toLowerCase();
  return (
    sample.roleState === 'Online' &&
    sample.roleOwner.toLowerCase() !== lower &&
    sample.arrayReachable &&
    Object.values(sample.activeCopies).every((s) => s !== null && s.toLowerCase() !== lower)
  );
}

async function outage(ctx: StepContext, outageNode: string): Promise<NonNullable<FailoverResult['outage']>> {
  const { name, address } = names(ctx);
  const samples: TimelineSample[] = [];
  if (ctx.target.kind === 'lab') {
    await ctx.run(labNodeState, { Node: outageNode, State: 'Down' }, z.unknown());
  } else {
    const down = await waitFor(
      ctx,
      `Take ${outageNode} down now`,
      `${outageNode} to drop out of the cluster: disable all its network adapters, as in the write-up (step 27)`,
      NODE_WAIT_SECONDS,
      async () =>
        (await ctx.run(sampleCluster, { Name: name }, ClusterSampleSchema)).Nodes.some(
          (n) => n.Name.toLowerCase() === outageNode.toLowerCase() && n.State !== 'Up',
        ),
    );
    if (!down)
      throw new StepFailure(
        `${outageNode} did not go down within ${String(NODE_WAIT_SECONDS / 60)} minutes.`,
        'Retry when you are ready to take the node down, or skip the outage test.',
      );
  }
  const started = ctx.now();
  let recoverySeconds: number | null = null;
  while ((ctx.now() - started) / 1000 < ctx.outageWatchSeconds) {
    const tickStarted = ctx.now();
    const o = await observe(ctx, name, address);
    const sample: TimelineSample = {
      t: Math.round((tickStarted - started) / 100) / 10,
      at: new Date(tickStarted).toISOString(),
      roleOwner: o.cluster.OwnerNode,
      roleState: o.cluster.State,
      activeCopies: activeCopies(o.copies),
      arrayReachable: o.reachable,
    };
    samples.push(sample);
    ctx.sample(sample);
    if (recovered(sample, outageNode)) {
      recoverySeconds = sample.t;
      break;
    }
    ctx.activity({
      label: `${outageNode} is down: watching the failover`,
      waitingFor: `the role, every database and the array to be back on the other node (${String(WRITE_UP_FAILOVER_SECONDS)} s in the write-up)`,
      timeoutSeconds: ctx.outageWatchSeconds,
    });
    await ctx.sleep(Math.max(0, 1000 - (ctx.now() - tickStarted)));
  }
  return { node: outageNode, samples, recoverySeconds, referenceSeconds: WRITE_UP_FAILOVER_SECONDS };
}

/**
 * The result of an attempt that was interrupted, from the samples the journal kept: complete when the outage
 * had already recovered, otherwise a failure that asks before a node goes down again.
 */
function keptOutcome(ctx: StepContext, before: { roleOwner: string }): FailoverResult {
  const { name } = names(ctx);
  const original = before.roleOwner;
  const other = otherNode(ctx, original);
  const node = chooseOutageNode(original);
  const samples = [...ctx.keptSamples];
  const at = samples.findIndex((s) => recovered(s, node));
  if (at >= 0) {
    const kept = samples.slice(0, at + 1);
    return {
      originalOwner: original,
      otherNode: other,
      planned: [],
      outage: { node, samples: kept, recoverySeconds: kept[at]?.t ?? null, referenceSeconds: WRITE_UP_FAILOVER_SECONDS },
      restored: true,
    };
  }
  const partial: FailoverResult = {
    originalOwner: original,
    otherNode: other,
    planned: [],
    restored: true,
    outage: samples.length > 0 ? { node, samples, recoverySeconds: null, referenceSeconds: WRITE_UP_FAILOVER_SECONDS } : null,
  };
  throw new StepFailure(
    `The failover test was interrupted ${samples.length > 0 ? 'before the recovery was measured' : 'before the outage was measured'}. Everything is back in place: ${name} on ${original}, every database active where it was.`,
    `Testing again takes ${node} down again, a second outage for the users: Retry when that is agreed (exha resume --retest-failover), or Skip the test (exha resume --skip-failover-test).`,
    null,
    partial,
  );
}

function planFor(ctx: PlanContext): PlannedCall[] {
  if (!ctx.inputs || !ctx.site) return [];
  const { name, address } = names(ctx);
  const nodes = ctx.site.cluster.nodes.map((n) => n.name);
  const [first = '', second = ''] = nodes;
  const calls: { script: PlannedCall['script']; values: ScriptValues }[] = [
    { script: sampleOutage, values: { Name: name, Address: address } },
    { script: moveGroup, values: { Name: name, Node: second } },
    { script: moveGroup, values: { Name: name, Node: first } },
  ];
  if (ctx.target.kind === 'lab')
    calls.push(
      { script: labNodeState, values: { Node: first, State: 'Down' } },
      { script: labNodeState, values: { Node: first, State: 'Up' } },
    );
  return calls;
}

export const failoverStep: StepDefinition<FailoverResult> = {
  id: 'failover',
  plan: planFor,
  rollbackPlan(ctx): PlannedCall[] {
    const before = ctx.before.failover;
    if (!before || !ctx.inputs) return [];
    const owners = { ...(before.groupOwners ?? {}), [ctx.inputs.name]: before.roleOwner };
    return [
      ...Object.entries(owners).map(([group, node]) => ({ script: moveGroup, values: { Name: group, Node: node } })),
      ...Object.entries(before.activeServers).map(([db, server]) => ({ script: moveDatabase, values: { Database: db, Server: server } })),
    ];
  },
  undoSummary: (ctx) =>
    `Bring every node back, move the role to ${ctx.before.failover?.roleOwner ?? 'its original owner'} and the active copies to their original servers`,
  async run(ctx) {
    const { name, address } = names(ctx);
    let before = ctx.before.failover;
    if (!before) {
      const first = await observe(ctx, name, address);
      const active = activeCopies(first.copies);
      before = await ctx.recordBefore('failover', {
        roleOwner: first.cluster.OwnerNode,
        groupOwners: Object.fromEntries(first.cluster.Groups.map((g) => [g.Name, g.OwnerNode])),
        activeServers: Object.fromEntries(Object.entries(active).filter((e): e is [string, string] => e[1] !== null)),
      });
    } else {
      // An earlier attempt (interrupted, or failed): put everything back before anything else, through
      // sessions on a node that answers (the one taken down may still be down).
      const reached = await reachSessions(ctx);
      if (!(await restore(ctx, null))) {
        throw new StepFailure(
          'The previous failover test was interrupted and the original owners could not be restored.',
          'Bring both nodes up, then Retry.',
        );
      }
      await putSessionsBack(ctx, reached);
      // A second outage is the admin's decision, never a resume's: keep what was measured instead.
      if (!ctx.retryConsented) return keptOutcome(ctx, before);
    }
    const original = before.roleOwner;
    const other = otherNode(ctx, original);
    const planned: FailoverResult['planned'] = [];
    for (const to of [other, original]) {
      ctx.activity({ label: `Moving ${name} to ${to}`, waitingFor: `${name} to come online on ${to}`, timeoutSeconds: 180 });
      const started = ctx.now();
      const moved = await ctx.run(moveGroup, { Name: name, Node: to }, MovedSchema);
      const reachable = await ctx.run(pingArray, { Address: address }, z.boolean());
      planned.push({ to, state: moved.State, arrayReachable: reachable, seconds: Math.round((ctx.now() - started) / 100) / 10 });
      if (moved.State !== 'Online' || !reachable) {
        throw new StepFailure(
          `After moving ${name} to ${to} the role is ${moved.State} and the array ${reachable ? 'answers' : 'does not answer'}.`,
          'Look at the role in Failover Cluster Manager on that node; Roll back this step to restore the owners.',
          null,
          { originalOwner: original, otherNode: other, planned, outage: null, restored: false },
        );
      }
    }
    const outageNode = chooseOutageNode(original);
    const moved = await moveSessionsOff(ctx, outageNode, other);
    const result = await outage(ctx, outageNode);
    const restored = await restore(ctx, outageNode);
    // Only once the node is back (a failed restore leaves the sessions on the node that answers).
    const sessionMoves = restored ? await putSessionsBack(ctx, moved) : moved;
    const output: FailoverResult = {
      originalOwner: original,
      otherNode: other,
      planned,
      outage: result,
      restored,
      ...(sessionMoves.length > 0 ? { sessionMoves } : {}),
    };
    if (result.recoverySeconds === null) {
      throw new StepFailure(
        `Within ${String(ctx.outageWatchSeconds)} seconds of ${outageNode} going down, the role, the databases and the array were not all back on the other node.`,
        'Read the timeline: a database whose copy queue exceeded the mount dial stays dismounted; a role that stays offline points at the cluster. The original owners have been restored where possible.',
        null,
        output,
      );
    }
    if (!restored) {
      throw new StepFailure(
        'The failover worked, but the original owners and active copies could not be restored.',
        'Bring both nodes up and let the copies resynchronize, then Roll back this step to move everything back.',
        null,
        output,
      );
    }
    return output;
  },
  async rollback(ctx) {
    const reached = ctx.before.failover ? await reachSessions(ctx) : [];
    if (!(await restore(ctx, null))) {
      throw new StepFailure(
        'Could not restore the original role owner and active copies.',
        'Bring both nodes up and let the copies resynchronize, then try the rollback again.',
      );
    }
    await putSessionsBack(ctx, reached);
  },
};
