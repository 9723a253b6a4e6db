// Pure parts of the rehearsal, without PowerShell: what the lab names as not played, how a real run's
// plan is told apart from its rehearsal's, and the window's file name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labLimitsOf } from '../../electron/procedure/snapshot-limits';
import { snapshotFileName } from '../../electron/procedure/snapshot-site';
import { planDifferences } from '../../electron/report/rehearsal';
import { WRITE_UP_SITE } from '../../shared/write-up-site';

const ROOT = join(import.meta.dirname, '..', '..');
const seed = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'lab', 'seeds', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('what the lab cannot play', () => {
  it('plays the write-up, a hand-started setup and an array made by hand whole', () => {
    for (const name of ['default', 'hand-started', 'hand-made-array']) expect(labLimitsOf(seed(name)), name).toEqual([]);
  });

  it('names each part it does not play, never dropping it', () => {
    const s = seed('default') as {
      adSites: { name: string }[];
      dag: Record<string, unknown>;
      cluster: { resources: { name: string; resourceType: string }[] };
    };
    s.adSites.push({ name: 'Branch' });
    s.dag.datacenterActivationMode = 'DagOnly';
    s.dag.alternateWitnessServer = 'FS02';
    s.cluster.resources.push({ name: 'Backup Agent', resourceType: 'Generic Service' });
    const limits = labLimitsOf(s).join('\n');
    expect(limits).toContain('2 AD sites (Default-First-Site-Name, Branch)');
    expect(limits).toContain('Datacenter Activation Coordination mode DagOnly');
    expect(limits).toContain('alternate witness FS02');
    expect(limits).toContain("cluster resource 'Backup Agent' (Generic Service)");
    expect(labLimitsOf(seed('other-company'))).toEqual([
      'lagged copy Journal\\MAIL2 (1.00:00:00): shown as its ReplayLagTime; the lab does not hold its logs back and activates it like any other copy',
    ]);
  });

  it('says so when a file is no site at all', () => {
    expect(labLimitsOf({ hello: 'world' })[0]).toMatch(/^the seed is not a site the lab can load/);
  });
});

describe('the real plan against the rehearsal', () => {
  const inputs = { name: 'CASArray', address: '192.168.0.110', network: 'Cluster Network 1' };

  it('finds nothing when the site and the choices are the same', () => {
    expect(planDifferences({ site: WRITE_UP_SITE, inputs }, { site: structuredClone(WRITE_UP_SITE), inputs: { ...inputs } })).toEqual([]);
  });

  it('lists a database added or gone, another owner, another pointer and other inputs', () => {
    const real = structuredClone(WRITE_UP_SITE);
    real.databases = real.databases.filter((d) => d.name !== 'Staff');
    real.databases.push({ name: "O'Brien Archive", server: 'EX02', rpcClientAccessServer: 'EX02.rogertech.local', copies: [] });
    const vip = real.databases.find((d) => d.name === 'VIP');
    if (!vip) throw new Error('no VIP');
    vip.server = 'EX02';
    vip.rpcClientAccessServer = 'CASArray.rogertech.local';
    expect(planDifferences({ site: WRITE_UP_SITE, inputs }, { site: real, inputs: { ...inputs, address: '192.168.0.111' } })).toEqual([
      'database VIP is active on EX02 (rehearsed on EX01)',
      'database VIP points at CASArray.rogertech.local (rehearsed: EX01.rogertech.local)',
      "database O'Brien Archive was added since the rehearsal (active on EX02)",
      'database Staff is gone since the rehearsal',
      'client access point address 192.168.0.111 (rehearsed: 192.168.0.110)',
    ]);
  });
});

it("names the window's copy after the site and the minute, in UTC", () => {
  expect(snapshotFileName('Rogertech.local', new Date('2026-12-07T22:05:09Z'))).toBe('exha-site-rogertech.local-20261207-2205.json');
});
