// A reconnect during a run is said: the run's session reports its second connect (real pwsh and the lab,
// a session restarted as after a lost server), the journal event it becomes is listed with its time and
// step, and the report opens its notices with it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../electron/powershell';
import { reconnectEvent, reconnectsOf } from '../../electron/procedure/reconnects';
import { RunSession } from '../../electron/procedure/run-session';
import { defaultLabSeed } from '../../electron/targets/lab';
import { buildReport } from '../../electron/report/model';
import { completeJournal } from '../report/fixtures/journal';

describe('reconnects', () => {
  it('the run session reports a reconnect when its prelude runs a second time, not on its first connect', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'exha-reconnect-'));
    const reconnects: TranscriptEntry[] = [];
    const session = new RunSession({
      stateDir,
      onTranscript: () => undefined,
      onReconnect: (entry) => reconnects.push(entry),
    });
    const target = {
      kind: 'lab' as const,
      sessionNode: null,
      labStatePath: join(stateDir, 'lab-state.json'),
      labSeedPath: defaultLabSeed(),
    };
    try {
      const ps = await session.connected(target);
      expect((await ps.invoke({ script: '1 + 1', label: 'two' })).ok).toBe(true);
      expect(reconnects).toEqual([]);
      await ps.restart();
      expect((await ps.invoke({ script: '1 + 1', label: 'two again' })).ok).toBe(true);
      expect(reconnects).toHaveLength(1);
      expect(reconnects[0]?.label).toMatch(/^Start the lab/);
    } finally {
      await session.close();
    }
  }, 180_000);

  it('a reconnect event is listed with its time and step, and opens the report notices', () => {
    const journal = completeJournal();
    journal.events.push(reconnectEvent('2026-12-01T10:05:00.000Z', 'failover'));
    const listed = reconnectsOf(journal);
    expect(listed).toEqual([
      {
        at: '2026-12-01T10:05:00.000Z',
        stepId: 'failover',
        text: expect.stringMatching(
          /^2026-12-01T10:05:00\.000Z, during Failover test: the connection was lost and PowerShell and both server sessions/,
        ),
      },
    ]);
    expect(reconnectsOf(journal, '2026-12-01T10:06:00.000Z')).toEqual([]);
    const notices = buildReport(journal).notices;
    expect(notices[0]).toMatchObject({ id: 'reconnects', title: 'The connection to the servers was opened again once during the run' });
    expect(notices[0]?.paragraphs).toEqual([listed[0]?.text]);
    expect(buildReport(completeJournal()).notices.some((n) => n.id === 'reconnects')).toBe(false);
  });
});
