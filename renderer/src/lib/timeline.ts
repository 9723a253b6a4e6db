// Turns failover samples into lanes of segments for the timeline chart. Pure, so it is easy to test.
import type { TimelineSample } from '../../../shared/results';

export interface Segment {
  from: number;
  to: number;
  /** What the lane shows during the segment: a node name, "down", "reachable"... */
  value: string;
  tone: 'node0' | 'node1' | 'node2' | 'none' | 'ok' | 'bad' | 'pending';
}

export interface Lane {
  label: string;
  segments: Segment[];
}

function merge(points: { t: number; value: string; tone: Segment['tone'] }[], end: number): Segment[] {
  const segments: Segment[] = [];
  points.forEach((p, i) => {
    const to = points[i + 1]?.t ?? end;
    const last = segments.at(-1);
    if (last?.value === p.value && last.tone === p.tone) last.to = to;
    else segments.push({ from: p.t, to, value: p.value, tone: p.tone });
  });
  return segments.filter((s) => s.to > s.from || segments.length === 1);
}

export function buildLanes(samples: TimelineSample[], nodes: string[], end: number): Lane[] {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const toneOf = (node: string | null): Segment['tone'] => {
    if (!node) return 'none';
    const i = nodes.findIndex((n) => n.toLowerCase() === node.toLowerCase());
    return i === 0 ? 'node0' : i === 1 ? 'node1' : 'node2';
  };
  const role: Lane = {
    label: 'Role owner',
    segments: merge(
      sorted.map((s) => {
        const online = /^online$/i.test(s.roleState);
        return {
          t: s.t,
          value: online ? s.roleOwner : `${s.roleOwner || 'none'} (${s.roleState})`,
          tone: online ? toneOf(s.roleOwner) : 'pending',
        };
      }),
      end,
    ),
  };
  const databases = [...new Set(sorted.flatMap((s) => Object.keys(s.activeCopies)))].sort();
  const dbLanes: Lane[] = databases.map((db) => ({
    label: db,
    segments: merge(
      sorted.map((s) => {
        const server = s.activeCopies[db] ?? null;
        return { t: s.t, value: server ?? 'not mounted', tone: toneOf(server) };
      }),
      end,
    ),
  }));
  const reach: Lane = {
    label: 'Array reachable',
    segments: merge(
      sorted.map((s) => ({ t: s.t, value: s.arrayReachable ? 'reachable' : 'unreachable', tone: s.arrayReachable ? 'ok' : 'bad' })),
      end,
    ),
  };
  return [role, ...dbLanes, reach];
}

/** A round axis end that leaves room after the last sample and shows the reference line. */
export function axisEnd(samples: TimelineSample[], reference: number): number {
  const last = samples.reduce((m, s) => Math.max(m, s.t), 0);
  const raw = Math.max(last + 2, reference + 4);
  const step = raw <= 30 ? 5 : raw <= 60 ? 10 : 30;
  return Math.ceil(raw / step) * step;
}

export function ticks(end: number): number[] {
  const step = end <= 30 ? 5 : end <= 60 ? 10 : 30;
  const out: number[] = [];
  for (let t = 0; t <= end; t += step) out.push(t);
  return out;
}
