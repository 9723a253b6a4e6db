// The outage timeline as inline SVG: one lane for the role owner, one per database's active server and one
// for the array answering, over seconds since the node went down, with the write-up's 20 s marked.
import type { TimelineSample } from '../../shared/results';
import { escapeHtml as e } from './escape';

const WIDTH = 900;
const LABEL = 210;
const LANE = 24;
const GAP = 8;
const TOP = 26;
const AXIS = 30;
const PALETTE = ['#0078d4', '#8764b8', '#038387', '#ca5010'];
const NONE = '#d13438';
const YES = '#107c10';

interface Segment {
  from: number;
  to: number;
  label: string;
  fill: string;
  dashed?: boolean;
}
interface Lane {
  title: string;
  segments: Segment[];
}

function lanesOf(samples: TimelineSample[], end: number): Lane[] {
  const nodes = [
    ...new Set(samples.flatMap((s) => [s.roleOwner, ...Object.values(s.activeCopies)]).filter((n): n is string => !!n)),
  ].sort();
  const colour = (node: string | null) => (node ? (PALETTE[nodes.indexOf(node) % PALETTE.length] ?? PALETTE[0] ?? NONE) : NONE);
  const span = (pick: (s: TimelineSample) => { key: string; label: string; fill: string; dashed?: boolean }): Segment[] => {
    const segs: Segment[] = [];
    samples.forEach((s, i) => {
      const v = pick(s);
      const to = samples[i + 1]?.t ?? end;
      const last = segs[segs.length - 1];
      if (last && last.label === v.label && last.fill === v.fill) last.to = to;
      else segs.push({ from: s.t, to, label: v.label, fill: v.fill, ...(v.dashed ? { dashed: true } : {}) });
    });
    return segs;
  };
  const databases = [...new Set(samples.flatMap((s) => Object.keys(s.activeCopies)))].sort();
  return [
    {
      title: 'Role owner',
      segments: span((s) => ({
        key: s.roleOwner,
        label: s.roleState === 'Online' ? s.roleOwner : `${s.roleOwner} (${s.roleState})`,
        fill: colour(s.roleOwner),
        dashed: s.roleState !== 'Online',
      })),
    },
    ...databases.map((db) => ({
      title: `${db} active on`,
      segments: span((s) => {
        const v = s.activeCopies[db] ?? null;
        return { key: v ?? '', label: v ?? 'not mounted', fill: colour(v) };
      }),
    })),
    {
      title: 'Array answers',
      segments: span((s) => ({
        key: String(s.arrayReachable),
        label: s.arrayReachable ? 'yes' : 'no',
        fill: s.arrayReachable ? YES : NONE,
      })),
    },
  ];
}

function niceStep(max: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60]) if (max / step <= 12) return step;
  return 120;
}

export function timelineSvg(samples: TimelineSample[], referenceSeconds: number, recoverySeconds: number | null): string {
  // The chart ends at the last sample: nothing is drawn that was not observed. Fewer than two samples
  // span no time at all, so there is no chart (the table beside it lists them).
  const lastT = samples[samples.length - 1]?.t ?? 0;
  const end = Math.max(lastT, recoverySeconds ?? 0);
  if (samples.length < 2 || end <= 0) return '';
  const lanes = lanesOf(samples, end);
  const height = TOP + lanes.length * (LANE + GAP) + AXIS;
  const x = (t: number) => LABEL + (t / end) * (WIDTH - LABEL - 10);
  const parts: string[] = [];
  lanes.forEach((lane, i) => {
    const y = TOP + i * (LANE + GAP);
    // Long database names are cut so the label never runs into the lane; the full name is in the tooltip.
    const title = lane.title.length > 30 ? `${lane.title.slice(0, 29)}…` : lane.title;
    parts.push(
      `<text x="8" y="${String(y + LANE / 2 + 4)}" font-size="11" fill="#323130"><title>${e(lane.title)}</title>${e(title)}</text>`,
    );
    parts.push(
      `<rect x="${String(LABEL)}" y="${String(y)}" width="${String(WIDTH - LABEL - 10)}" height="${String(LANE)}" fill="#f3f2f1"/>`,
    );
    for (const s of lane.segments) {
      // A state seen only in the last sample lasted no observed time: nothing to draw.
      if (s.to <= s.from) continue;
      const w = Math.max(1, x(s.to) - x(s.from));
      parts.push(
        `<rect x="${x(s.from).toFixed(1)}" y="${String(y)}" width="${w.toFixed(1)}" height="${String(LANE)}" fill="${s.fill}" fill-opacity="${s.dashed ? '0.45' : '0.9'}"${s.dashed ? ' stroke="#323130" stroke-dasharray="3 2"' : ''}><title>${e(`${lane.title}: ${s.label} (${s.from.toFixed(1)}–${s.to.toFixed(1)} s)`)}</title></rect>`,
      );
      if (w > s.label.length * 6.5 + 6) {
        parts.push(
          `<text x="${(x(s.from) + 4).toFixed(1)}" y="${String(y + LANE / 2 + 4)}" font-size="11" fill="#fff">${e(s.label)}</text>`,
        );
      }
    }
  });
  const axisY = TOP + lanes.length * (LANE + GAP);
  const step = niceStep(end);
  for (let t = 0; t <= end; t += step) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${String(axisY - 4)}" x2="${x(t).toFixed(1)}" y2="${String(axisY)}" stroke="#8a8886"/>`);
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${String(axisY + 12)}" font-size="10" fill="#605e5c" text-anchor="middle">${String(t)} s</text>`,
    );
  }
  // The two labels point away from each other so they never overlap.
  const marker = (t: number, colour: string, label: string, dashed: boolean, leftwardWanted: boolean) => {
    if (t > end) return;
    // Near either edge the label turns inward so it is never cut.
    const room = label.length * 6;
    const leftward = x(t) + room > WIDTH ? true : x(t) - room < LABEL ? false : leftwardWanted;
    parts.push(
      `<line x1="${x(t).toFixed(1)}" y1="${String(TOP - 6)}" x2="${x(t).toFixed(1)}" y2="${String(axisY)}" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
    );
    parts.push(
      `<text x="${(x(t) + (leftward ? -4 : 4)).toFixed(1)}" y="${String(TOP - 10)}" font-size="11" fill="${colour}" text-anchor="${leftward ? 'end' : 'start'}">${e(label)}</text>`,
    );
  };
  const early = recoverySeconds !== null && recoverySeconds <= referenceSeconds;
  marker(referenceSeconds, '#605e5c', `write-up: ${String(referenceSeconds)} s`, true, recoverySeconds !== null && !early);
  if (referenceSeconds > end)
    parts.push(
      `<text x="${String(WIDTH - 10)}" y="${String(TOP - 10)}" font-size="11" fill="#605e5c" text-anchor="end">${e(`last sample at ${end.toFixed(1)} s; write-up: ${String(referenceSeconds)} s`)}</text>`,
    );
  if (recoverySeconds !== null) marker(recoverySeconds, YES, `recovered: ${recoverySeconds.toFixed(1)} s`, false, early);
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(WIDTH)} ${String(height)}" role="img" aria-label="Failover timeline">${parts.join('')}</svg>`;
}
