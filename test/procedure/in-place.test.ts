// What is in place now lists an adopted group and array as found, never as made by the run; removed only
// when the admin asked the rollback to remove what was found (--include-found).
import { describe, expect, it } from 'vitest';
import type { BeforeValues } from '../../shared/results';
import { inPlaceOf } from '../../electron/procedure/in-place';
import { initialContext, type WizardContext } from '../../electron/procedure/machine';
import { WRITE_UP_SITE } from '../../shared/write-up-site';

function finished(status: 'done' | 'rolledBack'): WizardContext {
  const ctx = initialContext();
  ctx.inputs = { name: 'CASArray', address: '192.168.0.110', network: 'Cluster Network 1' };
  ctx.outputs = { connect: WRITE_UP_SITE, clusterRole: { ownerNode: 'EX01' } };
  ctx.statuses = { ...ctx.statuses, clusterRole: status, casArray: status, databases: status };
  return ctx;
}

const adopted: BeforeValues = {
  clusterRole: { dnsAddresses: ['192.168.0.110'], computerObject: { name: 'CASArray', enabled: true } },
  databases: [
    { name: 'VIP', server: 'EX01', rpcClientAccessServer: 'CASArray.rogertech.local' },
    { name: 'Staff', server: 'EX02', rpcClientAccessServer: 'EX02.rogertech.local' },
  ],
  adopted: {
    at: '2026-01-01T00:00:00Z',
    group: 'CASArray',
    resources: ['IP Address 192.168.0.110', 'CASArray'],
    array: 'CASArray',
    arrayFqdn: 'CASArray.rogertech.local',
    pointed: ['VIP'],
  },
};

describe('in place now, for an adopted setup', () => {
  it('lists the adopted group and array as found; only what the run did itself as made', () => {
    const p = inPlaceOf(finished('done'), adopted);
    expect(p.made.map((e) => e.what)).toEqual([
      'Mailbox database Staff: RpcClientAccessServer CASArray.rogertech.local (was EX02.rogertech.local)',
    ]);
    expect(p.found.map((e) => e.what)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Cluster group CASArray .*found already there; adopted/),
        expect.stringMatching(/^Client Access array CASArray \(CASArray\.rogertech\.local\).*found already there; adopted/),
        expect.stringMatching(/^Mailbox database VIP already used/),
      ]),
    );
    expect(p.made.some((e) => /Cluster group|Client Access array/.test(e.what))).toBe(false);
  });

  it('after a rollback they stay found, unless the rollback was asked to remove them too', () => {
    const kept = inPlaceOf(finished('rolledBack'), adopted);
    expect(kept.found.some((e) => e.what.startsWith('Cluster group CASArray'))).toBe(true);
    expect(kept.undone.some((e) => e.what.startsWith('Cluster group CASArray'))).toBe(false);
    const removed = inPlaceOf(finished('rolledBack'), { ...adopted, adopted: { ...adopted.adopted!, removeOnRollback: true } });
    expect(removed.undone.map((e) => e.what)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Cluster group CASArray.*removed as asked/),
        expect.stringMatching(/^Client Access array CASArray.*removed as asked/),
      ]),
    );
    expect(removed.found.some((e) => /^Cluster group|^Client Access array/.test(e.what))).toBe(false);
  });
});
