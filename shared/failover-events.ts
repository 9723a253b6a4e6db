// The outage as a client lives it, from the failover samples: each moment (node silent, cluster noticed,
// role online, each database mounted, the array answering, a MAPI logon to every database) and the words
// the window and every report format use for them, so they say the same thing.
import type { FailoverEvent, FailoverResult, SimulatedDelays, TimelineSample } from './results';

type Outage = NonNullable<FailoverResult['outage']>;

const same = (a: string | null | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();
const secs = (t: number) => `${t.toFixed(1)} s`;

/** The first sample from which `holds` stays true to the end of the samples (a flap does not count). */
function settledAt(samples: TimelineSample[], holds: (s: TimelineSample) => boolean): TimelineSample | null {
  let at: TimelineSample | null = null;
  for (const s of samples) at = holds(s) ? (at ?? s) : null;
  return at;
}

export function failoverEvents(samples: readonly TimelineSample[], node: string, clock: Outage['clock'] = 'silent'): FailoverEvent[] {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const events: FailoverEvent[] = [];
  if (sorted.length === 0) return events;
  if (clock === 'silent') events.push({ kind: 'nodeSilent', t: 0, subject: node });
  const noticed = sorted.find((s) => s.nodeState !== undefined && s.nodeState !== 'Up');
  if (clock === 'clusterNoticed') events.push({ kind: 'clusterNoticed', t: 0, subject: node });
  else if (noticed) events.push({ kind: 'clusterNoticed', t: noticed.t, subject: node });
  const role = settledAt(sorted, (s) => /^online$/i.test(s.roleState) && !same(s.roleOwner, node));
  if (role) events.push({ kind: 'roleOnline', t: role.t, subject: role.roleOwner, on: role.roleOwner });
  const databases = [...new Set(sorted.flatMap((s) => Object.keys(s.activeCopies)))].sort();
  const elsewhere = (db: string) => (s: TimelineSample) => {
    const server = s.activeCopies[db] ?? null;
    return server !== null && !same(server, node);
  };
  for (const db of databases) {
    // A database that was active on the surviving server all along did not move: no event to show.
    if (sorted.every(elsewhere(db))) continue;
    const at = settledAt(sorted, elsewhere(db));
    if (at) events.push({ kind: 'databaseMounted', t: at.t, subject: db, on: at.activeCopies[db] ?? '' });
  }
  const heard = sorted.flatMap((s) => s.heard ?? []).filter((h) => !same(h.name, node));
  const lastSilence = heard.findLastIndex((h) => !h.answering);
  const back = lastSilence >= 0 ? heard.slice(lastSilence).find((h) => h.answering) : undefined;
  if (back) events.push({ kind: 'arrayAnswering', t: Math.max(0, back.t), subject: back.name });
  const logonDbs = [...new Set(sorted.flatMap((s) => Object.keys(s.logon ?? {})))].sort();
  for (const db of logonDbs) {
    if (sorted.every((s) => s.logon?.[db] === true)) continue;
    const at = settledAt(sorted, (s) => s.logon?.[db] === true);
    if (at) events.push({ kind: 'logonWorking', t: at.t, subject: db, on: at.activeCopies[db] ?? '' });
  }
  for (const s of sorted) if (s.gap) events.push({ kind: 'gap', t: s.gap.from, subject: s.gap.reason, until: s.t });
  return events.sort((a, b) => a.t - b.t);
}

export function eventText(e: FailoverEvent, node: string): string {
  switch (e.kind) {
    case 'nodeSilent':
      return `${node} went silent: the first probe from the workstation it did not answer`;
    case 'clusterNoticed':
      return `the cluster noticed: ${node} no longer Up`;
    case 'roleOnline':
      return `the role Online on ${e.on ?? e.subject}`;
    case 'databaseMounted':
      return `${e.subject} mounted on ${e.on ?? '?'}`;
    case 'arrayAnswering':
      return `the array (${e.subject}) answering again`;
    case 'logonWorking':
      return `a MAPI logon to ${e.subject} working${e.on ? ` on ${e.on}` : ''}`;
    case 'gap':
      return `no observation from ${secs(e.t)} to ${secs(e.until ?? e.t)}: ${e.subject}`;
  }
}

/** Which simulated delays a lab outage is made of: detection, then the slower of the role and the mount. */
export function simulatedOutageText(d: SimulatedDelays): string {
  const then = d.databaseMount >= d.groupOnline ? `${String(d.databaseMount)} s mount` : `${String(d.groupOnline)} s group online`;
  return `simulated: ${String(d.nodeLossDetection)} s node-loss detection + ${then}`;
}

export function simulatedMoveText(d: SimulatedDelays): string {
  return `simulated: ${String(d.groupOnline)} s group online`;
}

export function delaysOff(d: SimulatedDelays | null | undefined): boolean {
  return !!d && d.nodeLossDetection === 0 && d.groupOnline === 0 && d.databaseMount === 0;
}

/**
 * The outage in one paragraph: when clients could log on again, counted from the node going silent,
 * against the write-up; in the lab, which simulated delays made it; "not measured" with them at zero.
 */
export function outageSentence(outage: Outage, simulated: SimulatedDelays | null | undefined, off: boolean): string {
  const node = outage.node;
  const from = outage.clock === 'clusterNoticed' ? `the cluster reported ${node} not Up` : `${node} went silent`;
  const writeUp = `The write-up saw under ${String(outage.referenceSeconds)} s.`;
  if (outage.recoverySeconds === null)
    return `Clients could not yet log on to every database through the surviving server when the watch ended. ${writeUp}`;
  if (off) return `Not measured: the lab's delays are at zero, so it switched over at once by construction. ${writeUp}`;
  const lab = simulated ? ` This is the lab: ${simulatedOutageText(simulated)}, not a production measurement.` : '';
  const late =
    outage.clock === 'clusterNoticed'
      ? " The workstation could not hear the node before the outage, so the clock started late by the cluster's node-loss detection (about 5 s)."
      : '';
  return `Clients could log on again ${secs(outage.recoverySeconds)} after ${from}. ${writeUp}${lab}${late}`;
}
