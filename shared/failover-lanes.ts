// The outage timeline as lanes of segments (role owner, each database, the array, the clients' logon), for
// the window's chart and the report's SVG alike. Pure, so both draw the same thing and tests can read it.
import type { FailoverEvent, TimelineSample } from './results';

export type Tone = 'node0' | 'node1' | 'node2' | 'none' | 'ok' | 'bad' | 'pending' | 'gap';

export interface Segment {
  from: number;
  to: number;
  /** What the lane shows during the segment: a node name, "not mounted", "answering"... */
  value: string;
  tone: Tone;
}

export interface Lane {
  label: string;
  segments: Segment[];
}

/** The last sample is drawn this wide (one tick of the watch): the state it saw, e.g. a database mounted at
 *  the very end, is then visible instead of a zero-width sliver. */
export const LAST_SAMPLE_SECONDS = 0.5;

interface Point {
  t: number;
  value: string;
  tone: Tone;
}

function merge(points: Point[], end: number): Segment[] {
  const segments: Segment[] = [];
  points.forEach((p, i) => {
    const to = points[i + 1]?.t ?? end;
    const last = segments.at(-1);
    if (last?.value === p.value && last.tone === p.tone) last.to = to;
    else segments.push({ from: p.t, to, value: p.value, tone: p.tone });
  });
  return segments.filter((s) => s.to > s.from);
}

/** Where the drawn data ends: the last sample plus its width. */
export function dataEnd(samples: readonly TimelineSample[]): number {
  return samples.length === 0 ? 0 : Math.max(...samples.map((s) => s.t)) + LAST_SAMPLE_SECONDS;
}

export function buildLanes(samples: readonly TimelineSample[], nodes: readonly string[]): Lane[] {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const end = dataEnd(sorted);
  const toneOf = (node: string | null): Tone => {
    if (!node) return 'none';
    const i = nodes.findIndex((n) => n.toLowerCase() === node.toLowerCase());
    return i === 0 ? 'node0' : i === 1 ? 'node1' : 'node2';
  };
  // Each lane changes when its own part of a sample was seen (the middle of its call), not when the whole
  // tick returned. A span with no observation (the session did not answer) is its own segment in every lane.
  const lane = (label: string, seenAt: (s: TimelineSample) => number, point: (s: TimelineSample) => Omit<Point, 't'>): Lane => ({
    label,
    segments: merge(
      sorted.flatMap((s) => [
        ...(s.gap ? [{ t: s.gap.from, value: 'no observation', tone: 'gap' as const }] : []),
        { t: Math.max(s.gap?.from ?? 0, seenAt(s)), ...point(s) },
      ]),
      end,
    ),
  });
  const cluster = (s: TimelineSample) => s.seen?.cluster ?? s.t;
  const copies = (s: TimelineSample) => s.seen?.copies ?? s.t;
  const role = lane('Role owner', cluster, (s) => {
    const online = /^online$/i.test(s.roleState);
    return { value: online ? s.roleOwner : `${s.roleOwner || 'none'} (${s.roleState})`, tone: online ? toneOf(s.roleOwner) : 'pending' };
  });
  const databases = [...new Set(sorted.flatMap((s) => Object.keys(s.activeCopies)))].sort();
  const dbLanes = databases.map((db) =>
    lane(db, copies, (s) => {
      const server = s.activeCopies[db] ?? null;
      return { value: server ?? 'not mounted', tone: toneOf(server) };
    }),
  );
  // The array lane follows the probe's own changes (four a second), between the samples too.
  const isNode = (name: string) => nodes.some((n) => n.toLowerCase() === name.toLowerCase());
  const arrayPoint = (ok: boolean): Omit<Point, 't'> => ({ value: ok ? 'answering' : 'silent', tone: ok ? 'ok' : 'bad' });
  const first = sorted[0];
  const array: Lane = {
    label: 'Array answers',
    segments: merge(
      [
        ...(first ? [{ t: cluster(first), ...arrayPoint(first.arrayReachable) }] : []),
        ...sorted.flatMap((s) => [
          ...(s.gap ? [{ t: s.gap.from, value: 'no observation', tone: 'gap' as const }] : []),
          ...(s.heard ?? []).filter((h) => !isNode(h.name)).map((h) => ({ t: h.t, ...arrayPoint(h.answering) })),
        ]),
      ].sort((a, b) => a.t - b.t),
      end,
    ),
  };
  const withLogon = sorted.some((s) => s.logon);
  const logon = lane(
    'MAPI logon',
    (s) => Math.max(copies(s), ...Object.values(s.seen?.logon ?? {})),
    (s) => {
      const ok = Object.values(s.logon ?? {}).every(Boolean);
      return { value: ok ? 'every database' : 'failing', tone: ok ? 'ok' : 'bad' };
    },
  );
  const withMail = sorted.some((s) => s.mail !== undefined);
  const mail = lane(
    'Test message',
    (s) => s.seen?.mail ?? s.t,
    (s) => (s.mail ? { value: 'delivered', tone: 'ok' } : { value: 'queued', tone: 'pending' }),
  );
  return [role, ...dbLanes, array, ...(withLogon ? [logon] : []), ...(withMail ? [mail] : [])];
}

const stepOf = (end: number) => (end <= 30 ? 5 : end <= 60 ? 10 : 30);

/** A round axis end past the drawn data and past the write-up's mark, so that mark is always drawn. */
export function axisEnd(samples: readonly TimelineSample[], reference: number): number {
  const raw = Math.max(dataEnd(samples), reference + 1);
  const step = stepOf(raw);
  return Math.ceil(raw / step) * step;
}

export function ticks(end: number): number[] {
  const step = stepOf(end);
  const out: number[] = [];
  for (let t = 0; t <= end; t += step) out.push(t);
  return out;
}

export interface Marker {
  /** 1-based number shown on the chart; the same number leads the event's line in words. */
  n: number;
  t: number;
  /** Row above the axis: markers closer than `minGap` seconds go one row up, so numbers never overlap. */
  row: number;
}

export function eventMarkers(events: readonly FailoverEvent[], end: number, minGapFraction = 0.03): Marker[] {
  const placed: Marker[] = [];
  events.forEach((e, i) => {
    let row = 0;
    while (placed.some((p) => p.row === row && Math.abs(p.t - e.t) < end * minGapFraction)) row += 1;
    placed.push({ n: i + 1, t: e.t, row });
  });
  return placed;
}

/** Labels over the chart, placed in rows so that none is drawn on top of another. */
export function placeLabels<T extends { x: number; width: number }>(
  labels: T[],
  right: number,
  pad = 8,
): (T & { row: number; anchor: 'start' | 'end'; tx: number })[] {
  const placed: (T & { row: number; anchor: 'start' | 'end'; tx: number; left: number; rightEdge: number })[] = [];
  for (const l of labels) {
    const anchor = l.x + 4 + l.width <= right ? 'start' : 'end';
    const left = anchor === 'start' ? l.x + 4 : l.x - 4 - l.width;
    const rightEdge = left + l.width;
    let row = 0;
    while (placed.some((p) => p.row === row && left < p.rightEdge + pad && rightEdge > p.left - pad)) row += 1;
    placed.push({ ...l, row, anchor, tx: anchor === 'start' ? l.x + 4 : l.x - 4, left, rightEdge });
  }
  return placed;
}
