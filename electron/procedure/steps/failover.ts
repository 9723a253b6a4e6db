// Failover test (write-up steps 19–20, 25–30): a planned move of the role and back, then an outage of the
// node that owns the role. The clock starts when the workstation's background probe first hears the node
// silent; a test message is sent through the surviving server; the watch samples the cluster, the copies,
// a MAPI logon to each database and the message's delivery about twice a second until every client check
// works again; then the node returns and the original owners and active copies are restored.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { clientRecovery, failoverEvents } from '../../../shared/failover-events';
import type { FailoverResult, SimulatedDelays, TimelineSample } from '../../../shared/results';
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
  LabDelaysSchema,
  MailboxesSchema,
  MovedSchema,
  OutageSampleSchema,
  ProbeSchema,
  labDelays,
  labNodeState,
  mailboxOn,
  moveDatabase,
  moveGroup,
  pingArray,
  receiveProbe,
  sampleCluster,
  sampleCopies,
  sampleOutage,
  sendTestMessage,
  startProbe,
  stopProbe,
  type ClusterSample,
  type CopySample,
} from './failover-scripts';
import { moveSessionsOff, putSessionsBack, reachSessions } from './failover-sessions';
import { Heard, activeCopies, recovered, toSample } from './failover-sample';

const NODE_WAIT_SECONDS = 30 * 60;
const RESYNC_WAIT_SECONDS = 300;
/** The issue asks for at least four probes a second: t0 is then at most 0.25 s after the node went silent. */
const PROBE_INTERVAL_MS = 250;
/** A timeline sample about twice a second: each event is placed halfway between the samples around it, so
 *  within about a quarter of a second of when it happened (when the machine keeps up). */
const TICK_MS = 500;
/** How long the probe may take to report its first reading of the node. */
const FIRST_READING_SECONDS = 10;

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

/** The role's owner and the active copies, without the probe (before and after the outage). */
async function observe(ctx: StepContext, name: string): Promise<{ cluster: ClusterSample; copies: CopySample }> {
  const cluster = await ctx.run(sampleCluster, { Name: name }, ClusterSampleSchema);
  const copies = await ctx.run(sampleCopies, {}, CopiesSchema);
  return { cluster, copies };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

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
  const { name } = names(ctx);
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
  const final = await observe(ctx, name);
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

type Outage = NonNullable<FailoverResult['outage']>;

async function hear(ctx: StepContext, heard: Heard): Promise<void> {
  heard.absorb(await ctx.run(receiveProbe, {}, ProbeSchema));
}

/** Polls the local probe (no remoting: a short local call) until `done`, or the time is up. */
async function listen(ctx: StepContext, heard: Heard, seconds: number, done: () => boolean, show?: () => void): Promise<boolean> {
  const started = ctx.now();
  for (;;) {
    await hear(ctx, heard);
    if (done()) return true;
    if (ctx.now() - started > seconds * 1000) return false;
    show?.();
    // The probe stamps each change itself, so reading it less often loses no precision; on real servers the
    // admin may take minutes to disable the adapters, and every read is a journalled command.
    await ctx.sleep(ctx.target.kind === 'real' ? 1000 : PROBE_INTERVAL_MS / 2);
  }
}

/**
 * t0: the first probe the node did not answer (in ms, workstation clock). A node the workstation could not hear
 * even before the outage (ping and 5985 dropped) gives no such moment: the clock then starts when the cluster
 * reports it not Up, which is late by the cluster's node-loss detection, and the result says so.
 */
async function takeDown(ctx: StepContext, node: string, heard: Heard): Promise<{ t0: number; clock: Outage['clock'] }> {
  const { name } = names(ctx);
  await listen(ctx, heard, FIRST_READING_SECONDS, () => heard.answering(node) !== undefined);
  const audible = heard.answering(node) === true;
  if (ctx.target.kind === 'lab') await ctx.run(labNodeState, { Node: node, State: 'Down' }, z.unknown());
  const show = () => {
    ctx.activity({
      label: `Take ${node} down now`,
      waitingFor: `${node} to go silent: disable all its network adapters, as in the write-up (step 27)`,
      timeoutSeconds: NODE_WAIT_SECONDS,
    });
  };
  if (audible) {
    const silent = () => heard.pending.some((c) => same(c.name, node) && !c.answering);
    if (await listen(ctx, heard, NODE_WAIT_SECONDS, silent, ctx.target.kind === 'real' ? show : undefined)) {
      const at = heard.pending.find((c) => same(c.name, node) && !c.answering)?.atMs ?? ctx.now();
      return { t0: at, clock: 'silent' };
    }
  } else {
    const noticed = await waitFor(
      ctx,
      `Take ${node} down now`,
      `${node} to drop out of the cluster (the workstation cannot hear it: ping and WinRM's 5985 do not answer)`,
      NODE_WAIT_SECONDS,
      async () =>
        (await ctx.run(sampleCluster, { Name: name }, ClusterSampleSchema)).Nodes.some((n) => same(n.Name, node) && n.State !== 'Up'),
    );
    if (noticed) return { t0: ctx.now(), clock: 'clusterNoticed' };
  }
  throw new StepFailure(
    `${node} did not go down within ${String(NODE_WAIT_SECONDS / 60)} minutes.`,
    'Retry when you are ready to take the node down, or skip the outage test.',
  );
}

type MailPlan = { to: string; subject: string; server: string } | { error: string };

/** Where the outage's test message goes: a mailbox on a database the node holds (so it must wait for the
 *  failover), submitted to the other node. Chosen while both nodes answer. */
async function planMail(ctx: StepContext, node: string): Promise<MailPlan> {
  const site = requireSite(ctx);
  const other = otherNode(ctx, node);
  const held = Object.entries(ctx.before.failover?.activeServers ?? {}).find(([, server]) => same(server, node))?.[0];
  const database = held ?? site.databases[0]?.name;
  if (!database) return { error: 'the site has no mailbox database' };
  const [to] = await ctx.run(mailboxOn, { Database: database }, MailboxesSchema);
  if (!to) return { error: `no mailbox on ${database} to send it to` };
  const server = site.servers.find((s) => same(s.name, other))?.fqdn ?? other;
  return { to, subject: `Exchange HA Wizard failover test ${randomUUID()}`, server };
}

async function sendMail(ctx: StepContext, plan: MailPlan, t0: number): Promise<NonNullable<Outage['mail']>> {
  if ('error' in plan) return { to: '', subject: '', sentAt: null, error: plan.error };
  try {
    const at = await ctx.run(sendTestMessage, { SmtpServer: plan.server, To: plan.to, Subject: plan.subject }, z.string());
    return { to: plan.to, subject: plan.subject, sentAt: Math.round((Date.parse(at) - t0) / 100) / 10 };
  } catch (err) {
    // A server that refuses the workstation's SMTP is not an outage: the rest of the test goes on.
    if (!(err instanceof StepFailure)) throw err;
    return { to: plan.to, subject: plan.subject, sentAt: null, error: err.powershell?.message ?? err.message };
  }
}

async function outage(ctx: StepContext, outageNode: string): Promise<Outage> {
  const { address } = names(ctx);
  const heard = new Heard();
  const plan = await planMail(ctx, outageNode);
  await ctx.run(startProbe, { Name: [outageNode, address], IntervalMs: PROBE_INTERVAL_MS }, z.unknown());
  try {
    const { t0, clock } = await takeDown(ctx, outageNode, heard);
    const mail = await sendMail(ctx, plan, t0);
    const result = await watch(
      ctx,
      outageNode,
      heard,
      t0,
      mail.sentAt !== null && !('error' in plan) ? { record: mail, server: plan.server } : null,
    );
    return { ...result, clock, mail, events: failoverEvents(result.samples, outageNode, clock, mail) };
  } finally {
    // The probe must not outlive the test; a session already gone took it with it.
    await ctx.run(stopProbe, {}, z.unknown()).catch(() => undefined);
  }
}

async function watch(
  ctx: StepContext,
  outageNode: string,
  heard: Heard,
  t0: number,
  mail: { record: NonNullable<Outage['mail']>; server: string } | null,
): Promise<Outage> {
  const { name, address } = names(ctx);
  const samples: TimelineSample[] = [];
  let recoverySeconds: number | null = null;
  let gap: { from: number; reason: string } | null = null;
  const since = (ms: number) => Math.round((ms - t0) / 100) / 10;
  while (since(ctx.now()) < ctx.outageWatchSeconds) {
    const tickStarted = ctx.now();
    let o;
    try {
      o = await ctx.run(
        sampleOutage,
        { Name: name, Subject: mail?.record.subject ?? '', MailServer: mail?.server ?? '' },
        OutageSampleSchema,
      );
    } catch (err) {
      // A session that died mid-outage: the engine opens a new one on the next call; the probe went with the
      // old one, so start it again. The span with no observation is marked on the timeline.
      if (!(err instanceof StepFailure)) throw err;
      gap ??= { from: samples.at(-1)?.t ?? 0, reason: `the session did not answer (${err.message.split('\n')[0] ?? ''})` };
      await ctx.run(startProbe, { Name: [outageNode, address], IntervalMs: PROBE_INTERVAL_MS }, z.unknown()).catch(() => undefined);
      await ctx.sleep(TICK_MS);
      continue;
    }
    const sample = toSample(o, heard, { t0, returned: ctx.now(), node: outageNode, array: address, gap });
    gap = null;
    samples.push(sample);
    ctx.sample(sample);
    if (recovered(sample, outageNode)) {
      // Each check's own moment, not the end of the tick that saw the last one (shared/failover-events.ts).
      recoverySeconds = clientRecovery(failoverEvents(samples, outageNode, 'silent', mail?.record), sample.t);
      break;
    }
    ctx.activity({
      label: `${outageNode} is down: watching the failover`,
      waitingFor: `a MAPI logon to every database through the surviving server, the role online, the array answering${mail ? ' and the test message delivered' : ''} (${String(WRITE_UP_FAILOVER_SECONDS)} s in the write-up)`,
      timeoutSeconds: ctx.outageWatchSeconds,
    });
    await ctx.sleep(Math.max(0, TICK_MS - (ctx.now() - tickStarted)));
  }
  return { node: outageNode, samples, recoverySeconds, referenceSeconds: WRITE_UP_FAILOVER_SECONDS };
}

/**
 * The result of an attempt that was interrupted, from the samples the journal kept: complete when the outage
 * had already recovered, otherwise a failure that asks before a node goes down again.
 */
async function keptOutcome(ctx: StepContext, before: { roleOwner: string }): Promise<FailoverResult> {
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
      outage: {
        node,
        samples: kept,
        recoverySeconds: clientRecovery(failoverEvents(kept, node), kept[at]?.t ?? 0),
        referenceSeconds: WRITE_UP_FAILOVER_SECONDS,
        events: failoverEvents(kept, node),
      },
      restored: true,
      ...(await simulatedDelays(ctx)),
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

/** Lab runs: the delays the lab simulated, read from the lab (defaults included), so every timing can say so. */
async function simulatedDelays(ctx: StepContext): Promise<{ simulated?: SimulatedDelays }> {
  if (ctx.target.kind !== 'lab') return {};
  const d = await ctx.run(labDelays, {}, LabDelaysSchema);
  return { simulated: { nodeLossDetection: d.NodeLossDetection, groupOnline: d.GroupOnline, databaseMount: d.DatabaseMount } };
}

function planFor(ctx: PlanContext): PlannedCall[] {
  if (!ctx.inputs || !ctx.site) return [];
  const { name, address } = names(ctx);
  const nodes = ctx.site.cluster.nodes.map((n) => n.name);
  const [first = '', second = ''] = nodes;
  const calls: { script: PlannedCall['script']; values: ScriptValues }[] = [
    { script: moveGroup, values: { Name: name, Node: second } },
    { script: moveGroup, values: { Name: name, Node: first } },
    { script: mailboxOn, values: { Database: ctx.site.databases[0]?.name ?? '' } },
    { script: startProbe, values: { Name: [first, address], IntervalMs: PROBE_INTERVAL_MS } },
    {
      script: sendTestMessage,
      values: { SmtpServer: second, To: 'a mailbox on a database the node holds', Subject: 'Exchange HA Wizard failover test' },
    },
    { script: sampleOutage, values: { Name: name, Subject: 'Exchange HA Wizard failover test', MailServer: second } },
  ];
  if (ctx.target.kind === 'lab')
    calls.push(
      { script: labDelays, values: {} },
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
      const first = await observe(ctx, name);
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
      if (!ctx.retryConsented) return await keptOutcome(ctx, before);
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
      ...(await simulatedDelays(ctx)),
    };
    if (result.recoverySeconds === null) {
      throw new StepFailure(
        `Within ${String(ctx.outageWatchSeconds)} seconds of ${outageNode} going silent, the role, the databases, the array and a MAPI logon to every database were not all back on the other node.`,
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
