// The outage timeline as inline SVG: the same lanes as the window's chart (shared/failover-lanes.ts) over
// seconds since the node went silent, the write-up's mark always on the axis, the events numbered as in the
// words beside it, and no label drawn on top of another.
import { axisEnd, buildLanes, eventMarkers, placeLabels, ticks, type Tone } from '../../shared/failover-lanes';
import type { FailoverEvent, TimelineSample } from '../../shared/results';
import { escapeHtml as e } from './escape';

const WIDTH = 900;
const LABEL = 210;
const LANE = 24;
const GAP = 8;
const ROW = 14;
const EVENT_ROW = 16;
const AXIS = 30;
const FILL: Record<Tone, string> = {
  node0: '#0078d4',
  node1: '#8764b8',
  node2: '#038387',
  none: '#d13438',
  ok: '#107c10',
  bad: '#d13438',
  pending: '#ca5010',
  gap: '#ffffff',
};

export function timelineSvg(
  samples: TimelineSample[],
  referenceSeconds: number,
  recoverySeconds: number | null,
  events: readonly FailoverEvent[] = [],
  downNode: string | null = null,
): string {
  // Fewer than two samples span no time at all, so there is no chart (the table beside it lists them).
  if (samples.length < 2) return '';
  const nodes = [
    ...new Set(samples.flatMap((s) => [s.roleOwner, ...Object.values(s.activeCopies)]).filter((n): n is string => !!n)),
  ].sort();
  const lanes = buildLanes(samples, nodes);
  const end = axisEnd(samples, referenceSeconds);
  const x = (t: number) => LABEL + (t / end) * (WIDTH - LABEL - 10);
  const labels = placeLabels(
    [
      { colour: '#323130', t: 0, text: downNode ? `${downNode} silent` : 'start', dashed: false },
      { colour: '#605e5c', t: referenceSeconds, text: `write-up: ${String(referenceSeconds)} s`, dashed: true },
      ...(recoverySeconds !== null
        ? [{ colour: FILL.ok, t: recoverySeconds, text: `clients back: ${recoverySeconds.toFixed(1)} s`, dashed: false }]
        : []),
    ].map((l) => ({ ...l, x: x(l.t), width: l.text.length * 6.5 })),
    WIDTH,
  );
  const rows = Math.max(1, ...labels.map((l) => l.row + 1));
  const top = 12 + rows * ROW;
  const markers = eventMarkers(events, end);
  const eventRows = markers.length > 0 ? Math.max(...markers.map((m) => m.row)) + 1 : 0;
  const lanesBottom = top + lanes.length * (LANE + GAP);
  const axisY = lanesBottom + eventRows * EVENT_ROW;
  const height = axisY + AXIS;
  const parts: string[] = [];
  lanes.forEach((lane, i) => {
    const y = top + i * (LANE + GAP);
    // Long database names are cut so the label never runs into the lane; the full name is in the tooltip.
    const title = lane.label.length > 30 ? `${lane.label.slice(0, 29)}…` : lane.label;
    parts.push(
      `<text x="8" y="${String(y + LANE / 2 + 4)}" font-size="11" fill="#323130"><title>${e(lane.label)}</title>${e(title)}</text>`,
    );
    parts.push(
      `<rect x="${String(LABEL)}" y="${String(y)}" width="${String(WIDTH - LABEL - 10)}" height="${String(LANE)}" fill="#f3f2f1"/>`,
    );
    for (const s of lane.segments) {
      const w = Math.max(1, x(s.to) - x(s.from));
      const soft = s.tone === 'pending' || s.tone === 'gap';
      parts.push(
        `<rect x="${x(s.from).toFixed(1)}" y="${String(y)}" width="${w.toFixed(1)}" height="${String(LANE)}" fill="${FILL[s.tone]}" fill-opacity="${soft ? '0.45' : '0.9'}"${soft ? ' stroke="#323130" stroke-dasharray="3 2"' : ''}><title>${e(`${lane.label}: ${s.value} (${s.from.toFixed(1)}–${s.to.toFixed(1)} s)`)}</title></rect>`,
      );
      if (w > s.value.length * 6.5 + 6) {
        parts.push(
          `<text x="${(x(s.from) + 4).toFixed(1)}" y="${String(y + LANE / 2 + 4)}" font-size="11" fill="${s.tone === 'gap' ? '#323130' : '#fff'}">${e(s.value)}</text>`,
        );
      }
    }
  });
  for (const m of markers) {
    const cy = lanesBottom + 4 + m.row * EVENT_ROW;
    parts.push(`<circle cx="${x(m.t).toFixed(1)}" cy="${String(cy)}" r="7" fill="#fff" stroke="#323130"/>`);
    parts.push(
      `<text x="${x(m.t).toFixed(1)}" y="${String(cy + 3.5)}" font-size="10" fill="#323130" text-anchor="middle">${String(m.n)}</text>`,
    );
  }
  for (const t of ticks(end)) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${String(axisY - 4)}" x2="${x(t).toFixed(1)}" y2="${String(axisY)}" stroke="#8a8886"/>`);
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${String(axisY + 12)}" font-size="10" fill="#605e5c" text-anchor="middle">${String(t)} s</text>`,
    );
  }
  for (const l of labels) {
    const y = top - 8 - l.row * ROW;
    parts.push(
      `<line x1="${l.x.toFixed(1)}" y1="${String(y + 2)}" x2="${l.x.toFixed(1)}" y2="${String(axisY)}" stroke="${l.colour}" stroke-width="2"${l.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
    );
    parts.push(
      `<text x="${l.tx.toFixed(1)}" y="${String(y)}" font-size="11" fill="${l.colour}" text-anchor="${l.anchor}">${e(l.text)}</text>`,
    );
  }
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(WIDTH)} ${String(height)}" role="img" aria-label="Failover timeline">${parts.join('')}</svg>`;
}
