// One tick of the outage watch turned into a timeline sample, and what the background probe has heard:
// pure, so the lab's integration test turns the same script's output into samples the same way.
import type { ProbeChange, TimelineSample } from '../../../shared/results';
import type { CopySample, OutageSample, ProbeReading } from './failover-scripts';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function activeCopies(copies: CopySample): Record<string, string | null> {
  const byDb: Record<string, string | null> = {};
  for (const c of copies) {
    byDb[c.Database] ??= null;
    if (c.Status === 'Mounted') byDb[c.Database] = c.Server;
  }
  return byDb;
}

/** What the background probe has heard: each name's last state and the changes not yet put in a sample. */
export class Heard {
  readonly state = new Map<string, boolean>();
  pending: { name: string; answering: boolean; atMs: number }[] = [];

  absorb(reading: ProbeReading): void {
    for (const c of reading.Changes) {
      this.state.set(c.Name.toLowerCase(), c.Answering);
      this.pending.push({ name: c.Name, answering: c.Answering, atMs: Date.parse(c.At) });
    }
  }

  answering(name: string): boolean | undefined {
    return this.state.get(name.toLowerCase());
  }

  /** The changes since the last call, in seconds since t0 (the ones before t0 are dropped). */
  take(t0: number): ProbeChange[] {
    const out = this.pending
      .filter((c) => c.atMs >= t0)
      .map((c) => ({ name: c.name, answering: c.answering, t: Math.round((c.atMs - t0) / 100) / 10 }));
    this.pending = [];
    return out;
  }
}

/** `t0`: the first probe the node did not answer (ms, workstation clock); `returned`: when the tick returned. */
export function toSample(
  o: OutageSample,
  heard: Heard,
  at: { t0: number; returned: number; node: string; array: string; gap: TimelineSample['gap'] | null },
): TimelineSample {
  heard.absorb(o.Probe);
  const since = (ms: number) => Math.round((ms - at.t0) / 100) / 10;
  const active = activeCopies(o.Copies);
  const changes = heard.take(at.t0);
  return {
    t: since(at.returned),
    at: new Date(at.returned).toISOString(),
    roleOwner: o.Cluster.OwnerNode,
    roleState: o.Cluster.State,
    activeCopies: active,
    arrayReachable: heard.answering(at.array) === true,
    nodeState: o.Cluster.Nodes.find((n) => same(n.Name, at.node))?.State ?? 'Unknown',
    logon: Object.fromEntries(Object.keys(active).map((db) => [db, o.Logon.some((l) => same(l.Database, db) && l.Ok)])),
    seen: {
      cluster: since(Date.parse(o.ClusterAt)),
      copies: since(Date.parse(o.CopiesAt)),
      logon: Object.fromEntries(o.Logon.map((l) => [l.Database, since(Date.parse(l.At))])),
      ...(o.Mail ? { mail: since(Date.parse(o.Mail.At)) } : {}),
    },
    ...(o.Mail ? { mail: o.Mail.Delivered } : {}),
    ...(changes.length > 0 ? { heard: changes } : {}),
    ...(at.gap ? { gap: at.gap } : {}),
  };
}

/** Clients are back: the role Online off the node, every database active elsewhere, the array answering,
 *  a MAPI logon working on every database, and the message sent meanwhile delivered (when one was sent). */
export function recovered(sample: TimelineSample, outageNode: string): boolean {
  const lower = outageNode.toLowerCase();
  return (
    sample.roleState === 'Online' &&
    sample.roleOwner.toLowerCase() !== lower &&
    sample.arrayReachable &&
    Object.values(sample.activeCopies).every((s) => s !== null && s.toLowerCase() !== lower) &&
    // Samples kept from before the MAPI logon was tried have no logon to wait for.
    Object.values(sample.logon ?? {}).every(Boolean) &&
    sample.mail !== false
  );
}
