// The failover step's watch, without PowerShell: a scripted outage (the lab's default delays) answers each
// script the step runs, on a simulated clock. The clock starts when the probe hears the node go silent; a
// tick whose session does not answer is a gap, and the watch carries on; the result carries the events.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { failoverStep } from '../../electron/procedure/steps/failover';
import * as scripts from '../../electron/procedure/steps/failover-scripts';
import { StepFailure, type StepContext } from '../../electron/procedure/step';
import type { StepScript } from '../../electron/powershell/script';
import type { BeforeValues, FailoverResult, TimelineSample } from '../../shared/results';
import { WRITE_UP_SITE } from '../../shared/write-up-site';

/** Two nodes, the role and VIP on EX01, Staff on EX02; EX01 goes silent when the lab is told, the cluster notices
 *  5 s later, the role is Online on EX02 2 s after that, VIP mounts there 8 s after the detection. */
function outageWorld(options: { failTick?: number; admin?: boolean } = {}) {
  let now = Date.UTC(2026, 11, 7, 22, 0, 0);
  let downAt: number | null = null;
  let upAt: number | null = null;
  let role = 'EX01';
  const active: Record<string, string> = { VIP: 'EX01', Staff: 'EX02' };
  const probe: { Name: string; Answering: boolean; At: string }[] = [];
  const heardAt = new Map<string, boolean>();
  let ticks = 0;
  let reads = 0;
  let sentAt: number | null = null;
  let probing = false;
  const calls: string[] = [];
  const back = () => {
    // Back: what failed over stays on EX02, as in the lab.
    for (const c of copies()) if (c.Status === 'Mounted') active[c.Database] = c.Server;
    role = roleNow().owner;
    upAt = now;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const since = () => (downAt === null ? -1 : (now - downAt) / 1000);
  const isDown = () => downAt !== null && upAt === null;
  const nodeState = () => (isDown() && since() >= 5 ? 'Down' : 'Up');
  const roleNow = () => {
    if (isDown() && since() >= 5) return { owner: 'EX02', state: since() >= 7 ? 'Online' : 'Pending' };
    return { owner: role, state: 'Online' };
  };
  const copies = () =>
    Object.entries(active).flatMap(([db, server]) => {
      const failedOver = isDown() && server === 'EX01' && since() >= 13;
      const on = failedOver ? 'EX02' : server;
      const mounted = !(isDown() && on === 'EX01');
      return [
        { Database: db, Server: on, Status: mounted ? 'Mounted' : 'ServiceDown' },
        { Database: db, Server: on === 'EX01' ? 'EX02' : 'EX01', Status: isDown() && on !== 'EX01' ? 'ServiceDown' : 'Healthy' },
      ];
    });
  const listen = () => {
    // What a 250 ms probe would have queued: each name's changes, stamped at the first probe that saw them.
    for (const [name, answering, since0] of [
      ['EX01', !isDown(), 0.1],
      ['192.168.0.110', !(isDown() && since() >= 5 && since() < 7), 5.1],
    ] as const) {
      if (heardAt.get(name) !== answering) {
        heardAt.set(name, answering);
        probe.push({ Name: name, Answering: answering, At: iso(downAt !== null && !answering ? downAt + since0 * 1000 : now) });
      }
    }
  };
  const answer = (script: StepScript, values: Record<string, unknown>): unknown => {
    calls.push(script.label);
    // Real servers: the admin disables the adapters a little after being asked, and enables them once the
    // watch is over; the wizard only sees it.
    if (options.admin && script === scripts.receiveProbe && (reads += 1) === 3) downAt = now;
    if (options.admin && script === scripts.sampleCluster && !probing && isDown()) back();
    if (script === scripts.sampleCluster) {
      const r = roleNow();
      return {
        OwnerNode: r.owner,
        State: r.state,
        Nodes: [
          { Name: 'EX01', State: nodeState() },
          { Name: 'EX02', State: 'Up' },
        ],
        Groups: [{ Name: 'CASArray', OwnerNode: r.owner }],
      };
    }
    if (script === scripts.sampleCopies) return copies();
    if (script === scripts.moveGroup) {
      role = String(values.Node);
      return { OwnerNode: role, State: 'Online' };
    }
    if (script === scripts.pingArray) return true;
    if (script === scripts.moveDatabase) {
      active[String(values.Database)] = String(values.Server);
      return null;
    }
    if (script === scripts.labDelays) return { NodeLossDetection: 5, GroupOnline: 2, DatabaseMount: 8 };
    if (script === scripts.labNodeState) {
      if (values.State === 'Down') downAt = now;
      else back();
      return null;
    }
    if (script === scripts.mailboxOn) return values.Database === 'VIP' ? ['administrator@rogertech.com'] : [];
    if (script === scripts.sendTestMessage) {
      sentAt = now;
      return iso(now);
    }
    if (script === scripts.startProbe || script === scripts.stopProbe) {
      probing = script === scripts.startProbe;
      return null;
    }
    if (script === scripts.receiveProbe) {
      listen();
      return { Probes: 1, LastAt: iso(now), Changes: probe.splice(0) };
    }
    if (script === scripts.sampleOutage) {
      ticks += 1;
      if (ticks === options.failTick) throw new StepFailure('The session did not answer.', 'Retry.');
      listen();
      const at = iso(now);
      const list = copies();
      return {
        Cluster: answer(scripts.sampleCluster, {}),
        ClusterAt: at,
        Copies: list,
        CopiesAt: at,
        Logon: list.filter((c) => c.Status === 'Mounted').map((c) => ({ Database: c.Database, Ok: true, At: at })),
        // Queued while VIP is down; delivered once it mounts.
        Mail: values.Subject
          ? { Delivered: sentAt !== null && list.some((c) => c.Database === 'VIP' && c.Status === 'Mounted'), At: at }
          : null,
        Probe: { Probes: 1, LastAt: at, Changes: probe.splice(0) },
      };
    }
    throw new Error(`the scripted outage has no answer for ${script.label}`);
  };
  const samples: TimelineSample[] = [];
  const before: BeforeValues = {};
  // Both sessions start on EX01, the node the outage takes down: the step moves them to EX02 first and back after.
  const connected = { exchangeServer: 'EX01', clusterNode: 'EX01' };
  let placement = connected;
  const ctx: StepContext = {
    site: WRITE_UP_SITE,
    inputs: { name: 'CASArray', address: '192.168.0.110', network: 'Cluster Network 1' },
    target: { kind: options.admin ? 'real' : 'lab', sessionNode: null },
    get sessionPlacement() {
      return placement;
    },
    placeSessions: (where) => {
      placement = where ?? connected;
      return Promise.resolve();
    },
    before,
    run: <T>(script: StepScript, values: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> => {
      now += 100; // every call takes a tenth of a second
      try {
        return Promise.resolve(schema.parse(answer(script, values)));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    recordBefore: (key, value) => {
      before[key] ??= value as never;
      return Promise.resolve(before[key] as never);
    },
    activity: () => undefined,
    sample: (s) => samples.push(s),
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    now: () => now,
    outageWatchSeconds: 60,
    retryConsented: false,
    keptSamples: [],
  };
  return { ctx, samples, calls };
}

describe("the failover step's watch", () => {
  it('times the outage from the node going silent to a logon on every database, and says which delays the lab simulated', async () => {
    const { ctx, samples } = outageWorld();
    const result: FailoverResult = await failoverStep.run(ctx);
    const outage = result.outage;
    expect(outage?.clock).toBe('silent');
    // 13 s injected; the probe heard the node silent 0.1 s after it went. The mount is placed halfway between
    // the tick that did not see it and the one that did, not at the end of the tick that saw the last check:
    // within half a tick (0.25 s) of 12.9 s.
    expect(Math.abs((outage?.recoverySeconds ?? 0) - 12.9)).toBeLessThanOrEqual(0.25);
    expect(outage?.events?.map((e) => e.kind)).toEqual([
      'nodeSilent',
      'mailSent',
      'clusterNoticed',
      'roleOnline',
      'arrayAnswering',
      'databaseMounted',
      'logonWorking',
      'mailDelivered',
    ]);
    expect(outage?.mail).toMatchObject({ to: 'administrator@rogertech.com', sentAt: expect.any(Number) });
    // The outage lasts until the last client check, the message's delivery included.
    expect(outage?.recoverySeconds).toBe(Math.max(...(outage?.events ?? []).map((e) => e.t)));
    expect(outage?.mail?.subject).toMatch(/^Exchange HA Wizard failover test /);
    expect(result.simulated).toEqual({ nodeLossDetection: 5, groupOnline: 2, databaseMount: 8 });
    expect(result.restored).toBe(true);
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.every((s) => s.t >= 0)).toBe(true);
  });

  it('on real servers the wizard sees the admin take the node down: the same clock, no lab command, no simulated delays', async () => {
    const { ctx, calls } = outageWorld({ admin: true });
    const result = await failoverStep.run(ctx);
    expect(result.outage?.clock).toBe('silent');
    // Within half a tick of the 12.9 s (the ticks fall elsewhere here: the probe is read once a second).
    expect(Math.abs((result.outage?.recoverySeconds ?? 0) - 12.9)).toBeLessThanOrEqual(0.25);
    expect(result.simulated).toBeUndefined();
    expect(calls.filter((c) => c.startsWith('Lab:'))).toEqual([]);
    expect(result.restored).toBe(true);
  });

  it('a tick whose session does not answer is a gap on the timeline, and the watch carries on', async () => {
    const { ctx } = outageWorld({ failTick: 4 });
    const result = await failoverStep.run(ctx);
    const gapped = result.outage?.samples.find((s) => s.gap);
    expect(gapped?.gap?.reason).toMatch(/^the session did not answer/);
    expect(gapped && gapped.t > (gapped.gap?.from ?? Infinity)).toBe(true);
    expect(result.outage?.events?.some((e) => e.kind === 'gap')).toBe(true);
    expect(result.outage?.recoverySeconds).not.toBeNull();
  });
});
