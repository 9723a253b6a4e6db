// Day 2 states no result before the command producing it has returned and been verified: the maintenance
// record written before the first move does not make the node "in maintenance" while the moves run.
import { describe, expect, it } from 'vitest';
import { maintenanceShown } from '../../electron/procedure/day2/desk';
import type { MaintenanceRecord } from '../../electron/procedure/day2/maintenance';

const record: MaintenanceRecord = {
  node: 'EX01',
  to: 'EX02',
  startedAt: '2024-05-03T08:00:00.000Z',
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
    expect(maintenanceShown(null, record)).toBe(record);
    expect(maintenanceShown('endMaintenance', record)).toBe(record);
    expect(maintenanceShown('check', record)).toBe(record);
  });

  it('is not shown when no record is open', () => {
    expect(maintenanceShown(null, null)).toBeNull();
  });
});
