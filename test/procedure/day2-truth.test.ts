// Day 2 states no result before the command producing it has returned and been verified: the maintenance
// record written before the first move does not make the node "in maintenance" while the moves run.
import { describe, expect, it } from 'vitest';
import { maintenanceShown } from '../../electron/procedure/day2/desk';
import type { MaintenanceRecord } from '../../electron/procedure/day2/maintenance';

const record: MaintenanceRecord = {
  node: 'EX01',
  to: 'EX02',
  startedAt: '2024-05-03T08:00:00.000Z',
  movedAt: '2024-05-03T08:00:09.000Z',
  endedAt: null,
  groupOwners: { CASArray: 'EX01' },
  activeServers: { VIP: 'EX01' },
  commands: [],
};

describe('maintenance as the window shows it', () => {
  it('is not shown as begun while the moves off the node run', () => {
    expect(maintenanceShown('maintenance', record)).toBeNull();
  });

  it('is shown once the maintenance action has returned (moves verified), and while its end runs', () => {
    const shown = { node: 'EX01', to: 'EX02', startedAt: record.startedAt, groups: ['CASArray'], databases: ['VIP'], verified: true };
    expect(maintenanceShown(null, record)).toEqual(shown);
    expect(maintenanceShown('endMaintenance', record)).toEqual(shown);
    expect(maintenanceShown('check', record)).toEqual(shown);
  });

  it('says so when the moves did not all return verified (a failure or a crash mid-move)', () => {
    expect(maintenanceShown(null, { ...record, movedAt: null })?.verified).toBe(false);
  });

  it('reads a record kept before movedAt existed as it was shown then', () => {
    const { movedAt: _dropped, ...older } = record;
    expect(maintenanceShown(null, older)?.verified).toBe(true);
  });

  it('is not shown when no record is open', () => {
    expect(maintenanceShown(null, null)).toBeNull();
  });
});
