// The outage in events and words, from samples alone: what the window and every report format say.
import { describe, expect, it } from 'vitest';
import { clientRecovery, eventText, eventTime, failoverEvents, outageSentence, simulatedOutageText } from '../../shared/failover-events';
import { axisEnd, buildLanes, eventMarkers, LAST_SAMPLE_SECONDS, placeLabels, ticks } from '../../shared/failover-lanes';
import type { FailoverResult, TimelineSample } from '../../shared/results';
import { timelineSvg } from '../../electron/report/timeline-svg';

/** A lab outage of EX01 with the default delays, sampled twice a second: detection at 5 s, the role online at
 *  7 s, the two databases EX01 held mounted on EX02 at 13 s, a MAPI logon to them working from then on. */
function labOutage(): TimelineSample[] {
  const samples: TimelineSample[] = [];
  for (let t = 0.5; t <= 13.5; t += 0.5) {
    const mounted = t >= 13;
    samples.push({
      t,
      at: new Date(Date.UTC(2026, 11, 7, 22, 0, 0) + t * 1000).toISOString(),
      roleOwner: t >= 5 ? 'EX02' : 'EX01',
      roleState: t >= 7 ? 'Online' : t >= 5 ? 'Pending' : 'Online',
      activeCopies: { VIP: mounted ? 'EX02' : null, Staff: 'EX02' },
      arrayReachable: t < 5 || t >= 7,
      nodeState: t >= 5 ? 'Down' : 'Up',
      logon: { VIP: mounted, Staff: true },
      seen: { cluster: t - 0.2, copies: t - 0.1, logon: { Staff: t, ...(mounted ? { VIP: t } : {}) } },
      ...(t === 0.5 ? { heard: [{ name: 'EX01', answering: false, t: 0 }] } : {}),
      ...(t === 5.5 ? { heard: [{ name: 'CASArray', answering: false, t: 5.1 }] } : {}),
      ...(t === 7.5 ? { heard: [{ name: 'CASArray', answering: true, t: 7.1 }] } : {}),
    });
  }
  return samples;
}

const outageOf = (samples: TimelineSample[], recoverySeconds: number | null): NonNullable<FailoverResult['outage']> => ({
  node: 'EX01',
  samples,
  recoverySeconds,
  referenceSeconds: 20,
  clock: 'silent',
});

describe('the outage as events', () => {
  it('records each moment in order, each halfway between the observation before and the one that saw it', () => {
    const events = failoverEvents(labOutage(), 'EX01');
    expect(events.map((e) => `${e.kind}:${e.subject}@${String(e.t)}`)).toEqual([
      'nodeSilent:EX01@0',
      'clusterNoticed:EX01@4.6',
      'roleOnline:EX02@6.6',
      'arrayAnswering:CASArray@7.1',
      'databaseMounted:VIP@12.7',
      'logonWorking:VIP@12.7',
    ]);
    const mounted = events.find((e) => e.kind === 'databaseMounted');
    expect(mounted?.between).toEqual([12.4, 12.9]);
    expect(mounted && eventTime(mounted)).toBe('12.7 s (between 12.4 and 12.9 s)');
    // Staff never left EX02 and its logon never failed: nothing happened to it, so no event.
    expect(events.some((e) => e.subject === 'Staff')).toBe(false);
    expect(clientRecovery(events, 13.5)).toBe(12.7);
  });

  it('a state that flapped counts from when it held for good', () => {
    const samples = labOutage().map((s) => (s.t === 9 ? { ...s, roleState: 'Pending' } : s));
    expect(failoverEvents(samples, 'EX01').find((e) => e.kind === 'roleOnline')?.t).toBe(9.1);
  });

  it('says it in words, naming the simulated delays of a lab run, and "not measured" with them at zero', () => {
    const samples = labOutage();
    const delays = { nodeLossDetection: 5, groupOnline: 2, databaseMount: 8 };
    expect(outageSentence(outageOf(samples, 12.7), delays, false)).toBe(
      'Clients could log on again 12.7 s after EX01 went silent. The write-up saw under 20 s. This is the lab: simulated: 5 s node-loss detection + 8 s mount, not a production measurement.',
    );
    expect(outageSentence(outageOf(samples, 12.7), null, false)).toBe(
      'Clients could log on again 12.7 s after EX01 went silent. The write-up saw under 20 s.',
    );
    expect(outageSentence(outageOf(samples, 0.5), { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 }, true)).toMatch(
      /^Not measured: /,
    );
    expect(outageSentence(outageOf(samples, null), null, false)).toMatch(/could not yet log on/);
    expect(simulatedOutageText({ nodeLossDetection: 5, groupOnline: 9, databaseMount: 8 })).toBe(
      'simulated: 5 s node-loss detection + 9 s group online',
    );
    const words = failoverEvents(samples, 'EX01').map((e) => eventText(e, 'EX01'));
    expect(words).toContain('EX01 went silent: the first probe from the workstation it did not answer');
    expect(words).toContain('a MAPI logon to VIP working on EX02');
  });

  it('says when the message sent during the outage was delivered, apart from when clients could log on', () => {
    const samples = labOutage().map((x) => ({ ...x, mail: x.t >= 13.5, seen: { ...x.seen!, mail: x.t } }));
    const mail = { to: 'administrator@rogertech.com', subject: 'test', sentAt: 0.3 };
    const events = failoverEvents(samples, 'EX01', 'silent', mail);
    expect(events.filter((e) => e.kind.startsWith('mail')).map((e) => [e.kind, e.t])).toEqual([
      ['mailSent', 0.3],
      ['mailDelivered', 13.3],
    ]);
    expect(clientRecovery(events, 13.5)).toBe(13.3);
    expect(outageSentence({ ...outageOf(samples, 13.3), mail, events }, null, false)).toBe(
      'Clients could log on again 12.7 s after EX01 went silent; the message sent at 0.3 s was delivered at 13.3 s. The write-up saw under 20 s.',
    );
    const refused = { ...mail, sentAt: null, error: 'Unable to connect to the remote server' };
    expect(outageSentence({ ...outageOf(labOutage(), 12.7), mail: refused }, null, false)).toMatch(
      /No test message could be sent \(Unable to connect to the remote server\): mail was not measured\.$/,
    );
  });

  it('marks a span the session did not answer as a gap, in the events and on every lane', () => {
    const samples = labOutage().filter((s) => s.t <= 6 || s.t >= 9);
    const resumed = samples.find((s) => s.t === 9);
    if (resumed) resumed.gap = { from: 6, reason: 'the session did not answer and was reopened' };
    const gap = failoverEvents(samples, 'EX01').find((e) => e.kind === 'gap');
    expect(gap && eventText(gap, 'EX01')).toBe('no observation from 6.0 s to 9.0 s: the session did not answer and was reopened');
    for (const lane of buildLanes(samples, ['EX01', 'EX02'])) {
      const gapSegment = lane.segments.find((g) => g.tone === 'gap');
      expect(gapSegment).toMatchObject({ from: 6, value: 'no observation' });
      // It lasts until that lane's part of the next sample was seen.
      expect(gapSegment?.to).toBeGreaterThanOrEqual(8.8);
    }
  });
});

describe('the timeline chart (window and report)', () => {
  it('draws the last sample with width, so lanes end mounted and answering, and the axis reaches the write-up mark', () => {
    const samples = labOutage();
    const lanes = buildLanes(samples, ['EX01', 'EX02']);
    const vip = lanes.find((l) => l.label === 'VIP');
    // From when the copies were seen mounted (the middle of that call) to past the last sample.
    expect(vip?.segments.at(-1)).toEqual({ from: 12.9, to: 13.5 + LAST_SAMPLE_SECONDS, value: 'EX02', tone: 'node1' });
    // The array follows the probe's own changes: silent from 5.1 s, answering again from 7.1 s.
    expect(lanes.find((l) => l.label === 'Array answers')?.segments.map((g) => [g.from, g.value])).toEqual([
      [0.3, 'answering'],
      [5.1, 'silent'],
      [7.1, 'answering'],
    ]);
    expect(lanes.find((l) => l.label === 'MAPI logon')?.segments.at(-1)?.tone).toBe('ok');
    const end = axisEnd(samples, 20);
    expect(end).toBeGreaterThan(20);
    expect(ticks(end)).toContain(20);
    // A short outage (everything back at 4 s) still shows the 20 s mark.
    expect(axisEnd(samples.slice(0, 8), 20)).toBeGreaterThan(20);
  });

  it('never places two labels or event numbers on top of each other', () => {
    const labels = placeLabels(
      [
        { x: 600, width: 140 },
        { x: 610, width: 120 },
        { x: 880, width: 100 },
      ],
      900,
    );
    for (const a of labels)
      for (const b of labels) {
        if (a === b || a.row !== b.row) continue;
        const [al, ar] = a.anchor === 'start' ? [a.tx, a.tx + a.width] : [a.tx - a.width, a.tx];
        const [bl, br] = b.anchor === 'start' ? [b.tx, b.tx + b.width] : [b.tx - b.width, b.tx];
        expect(ar <= bl || br <= al).toBe(true);
      }
    const markers = eventMarkers(failoverEvents(labOutage(), 'EX01'), 25);
    // The array answering 0.5 s after the role, and the logon with the mount, go one row up.
    expect(markers.filter((m) => m.row > 0).map((m) => m.n)).toEqual([4, 6]);
  });

  it("the report's SVG shows the write-up's mark and the recovery apart, and numbers the events", () => {
    const samples = labOutage();
    const events = failoverEvents(samples, 'EX01');
    const svg = timelineSvg(samples, 20, 12.8, events, 'EX01');
    expect(svg).toContain('write-up: 20 s');
    expect(svg).toContain('clients back: 12.8 s');
    expect(svg).not.toContain('last sample at');
    expect([...svg.matchAll(/<circle /g)]).toHaveLength(events.length);
    const labelRows = [...svg.matchAll(/<text x="[\d.]+" y="(\d+)" font-size="11" fill="#(?:605e5c|107c10|323130)" text-anchor/g)].map(
      (m) => m[1],
    );
    expect(new Set(labelRows).size).toBeGreaterThan(0);
  });
});
