// The outage as a client lives it, from the failover samples: each moment (node silent, cluster noticed,
// role online, each database mounted, the array answering, a MAPI logon to every database) and the words
// the window and every report format use for them, so they say the same thing.
import type { FailoverEvent, FailoverResult, SimulatedDelays, TimelineSample } from './results';

type Outage = NonNullable<FailoverResult['outage']>;

const same = (a: string | null | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();
const secs = (t: number) => `${t.toFixed(1)} s`;

const round = (t: number) => Math.round(t * 10) / 10;

/**
 * When `holds` became true for good (a flap does not count): halfway between the last observation that did
 * not show it and the first that did, each taken at `seenAt` of its sample; or when first seen, if it held
 * from the first sample on.
 */
function settled(samples: TimelineSample[], holds: (s: TimelineSample) => boolean, seenAt: (s: TimelineSample) => number) {
  let at = -1;
  samples.forEach((s, i) => {
    if (!holds(s)) at = -1;
    else if (at < 0) at = i;
  });
  const first = samples[at];
  if (!first) return null;
  const seen = seenAt(first);
  const before = samples[at - 1];
  if (!before) return { t: round(seen), sample: first };
  const from = seenAt(before);
  return { t: round((from + seen) / 2), between: [round(from), round(seen)] as [number, number], sample: first };
}

const clusterSeen = (s: TimelineSample) => s.seen?.cluster ?? s.t;
const copiesSeen = (s: TimelineSample) => s.seen?.copies ?? s.t;

export function failoverEvents(
  samples: readonly TimelineSample[],
  node: string,
  clock: Outage['clock'] = 'silent',
  mail?: Outage['mail'],
): FailoverEvent[] {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const events: FailoverEvent[] = [];
  if (sorted.length === 0) return events;
  const timed = (at: { t: number; between?: [number, number] }) => (at.between ? { t: at.t, between: at.between } : { t: at.t });
  if (clock === 'silent') events.push({ kind: 'nodeSilent', t: 0, subject: node });
  if (clock === 'clusterNoticed') events.push({ kind: 'clusterNoticed', t: 0, subject: node });
  else {
    const noticed = settled(sorted, (s) => s.nodeState !== undefined && s.nodeState !== 'Up', clusterSeen);
    if (noticed) events.push({ kind: 'clusterNoticed', ...timed(noticed), subject: node });
  }
  const role = settled(sorted, (s) => /^online$/i.test(s.roleState) && !same(s.roleOwner, node), clusterSeen);
  if (role) events.push({ kind: 'roleOnline', ...timed(role), subject: role.sample.roleOwner, on: role.sample.roleOwner });
  const databases = [...new Set(sorted.flatMap((s) => Object.keys(s.activeCopies)))].sort();
  const elsewhere = (db: string) => (s: TimelineSample) => {
    const server = s.activeCopies[db] ?? null;
    return server !== null && !same(server, node);
  };
  for (const db of databases) {
    // A database that was active on the surviving server all along did not move: no event to show.
    if (sorted.every(elsewhere(db))) continue;
    const at = settled(sorted, elsewhere(db), copiesSeen);
    if (at) events.push({ kind: 'databaseMounted', ...timed(at), subject: db, on: at.sample.activeCopies[db] ?? '' });
  }
  const heard = sorted.flatMap((s) => s.heard ?? []).filter((h) => !same(h.name, node));
  const lastSilence = heard.findLastIndex((h) => !h.answering);
  const back = lastSilence >= 0 ? heard.slice(lastSilence).find((h) => h.answering) : undefined;
  if (back) events.push({ kind: 'arrayAnswering', t: Math.max(0, back.t), subject: back.name });
  const logonDbs = [...new Set(sorted.flatMap((s) => Object.keys(s.logon ?? {})))].sort();
  for (const db of logonDbs) {
    if (sorted.every((s) => s.logon?.[db] === true)) continue;
    const at = settled(
      sorted,
      (s) => s.logon?.[db] === true,
      (s) => s.seen?.logon[db] ?? copiesSeen(s),
    );
    if (at) events.push({ kind: 'logonWorking', ...timed(at), subject: db, on: at.sample.activeCopies[db] ?? '' });
  }
  if (mail && mail.sentAt !== null) {
    events.push({ kind: 'mailSent', t: mail.sentAt, subject: mail.to });
    const delivered = settled(
      sorted,
      (s) => s.mail === true,
      (s) => s.seen?.mail ?? s.t,
    );
    if (delivered) events.push({ kind: 'mailDelivered', ...timed(delivered), subject: mail.to });
  }
  for (const s of sorted) if (s.gap) events.push({ kind: 'gap', t: s.gap.from, subject: s.gap.reason, until: s.t });
  return events.sort((a, b) => a.t - b.t);
}

const CLIENT_KINDS: readonly FailoverEvent['kind'][] = ['roleOnline', 'databaseMounted', 'arrayAnswering', 'logonWorking', 'mailDelivered'];

/** The client's outage: from silent until the last of the client's checks worked again (`fallback`: none moved). */
export function clientRecovery(events: readonly FailoverEvent[], fallback: number): number {
  const ts = events.filter((e) => CLIENT_KINDS.includes(e.kind)).map((e) => e.t);
  return ts.length > 0 ? Math.max(...ts) : fallback;
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
    case 'mailSent':
      return `a test message sent to ${e.subject} through the surviving server`;
    case 'mailDelivered':
      return `the test message delivered to ${e.subject}`;
    case 'gap':
      return `no observation from ${secs(e.t)} to ${secs(e.until ?? e.t)}: ${e.subject}`;
  }
}

/** "13.2 s (seen between 12.9 and 13.5 s)": the estimate and the observations that bracket it. */
export function eventTime(e: FailoverEvent): string {
  return e.between ? `${secs(e.t)} (between ${e.between[0].toFixed(1)} and ${secs(e.between[1])})` : secs(e.t);
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
  const events = outage.events ?? failoverEvents(outage.samples, node, outage.clock, outage.mail);
  const sent = events.find((e) => e.kind === 'mailSent');
  const delivered = events.find((e) => e.kind === 'mailDelivered');
  const mail = outage.mail?.error
    ? ` No test message could be sent (${outage.mail.error}): mail was not measured.`
    : sent && delivered
      ? `; the message sent at ${secs(sent.t)} was delivered at ${secs(delivered.t)}`
      : sent
        ? `; the message sent at ${secs(sent.t)} was not seen delivered`
        : '';
  const [mailClause, mailNote] = mail.startsWith(';') ? [mail, ''] : ['', mail];
  if (outage.recoverySeconds === null)
    return `Clients could not yet log on to every database through the surviving server when the watch ended${mailClause}. ${writeUp}${mailNote}`;
  if (off) return `Not measured: the lab's delays are at zero, so it switched over at once by construction. ${writeUp}${mailNote}`;
  const lab = simulated ? ` This is the lab: ${simulatedOutageText(simulated)}, not a production measurement.` : '';
  const late =
    outage.clock === 'clusterNoticed'
      ? " The workstation could not hear the node before the outage, so the clock started late by the cluster's node-loss detection (about 5 s)."
      : '';
  // "Could log on" is the logon's own moment; the outage (recoverySeconds) also waits for the message.
  const logon = clientRecovery(
    events.filter((e) => e.kind !== 'mailDelivered'),
    outage.recoverySeconds,
  );
  return `Clients could log on again ${secs(logon)} after ${from}${mailClause}. ${writeUp}${lab}${late}${mailNote}`;
}
