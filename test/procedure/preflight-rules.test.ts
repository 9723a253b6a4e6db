// Preflight judges the Exchange build as Microsoft's HealthChecker does: SP3 below the last update rollup
// (RU32, 14.3.513.0) is a warning that names the rollup; RU32 itself passes.
import { describe, expect, it } from 'vitest';
import { evaluatePreflight, isBehindLastRollup, type PreflightData } from '../../electron/procedure/steps/preflight-rules';
import { WRITE_UP_SITE } from '../../shared/write-up-site';

function data(version: string): PreflightData {
  const site = { ...WRITE_UP_SITE, servers: WRITE_UP_SITE.servers.map((s) => ({ ...s, adminDisplayVersion: version })) };
  return {
    site,
    exchange: {
      OperationalServers: ['EX01', 'EX02'],
      PrimaryActiveManager: 'EX01',
      WitnessShareInUse: 'Primary',
      Health: [],
      Copies: [],
      MailboxServers: [],
      Arrays: [],
    },
    nodes: [
      { Name: 'EX01', State: 'Up' },
      { Name: 'EX02', State: 'Up' },
    ],
    state: { Watermarks: [], Witness: { Server: 'DC01', Directory: 'C:\\DAG', Reachable: true } },
  };
}

const versions = (version: string) => evaluatePreflight(data(version)).find((c) => c.id === 'versions');

describe('the Exchange build against the last update rollup', () => {
  it('SP3 without a rollup (14.3.123.4) warns, naming RU32 and where to look', () => {
    const check = versions('Version 14.3 (Build 123.4)');
    expect(check?.status).toBe('warn');
    expect(check?.evidence).toContain('behind Update Rollup 32 (14.3.513.0, March 2021)');
    expect(check?.fix).toContain('on EX01, EX02');
    expect(check?.fix).toContain('ExSetup.exe');
  });

  it('RU32 (14.3.513.0) passes', () => {
    expect(versions('Version 14.3 (Build 513.0)')?.status).toBe('pass');
  });

  it('compares build and revision as numbers', () => {
    expect(isBehindLastRollup('Version 14.3 (Build 512.9)')).toBe(true);
    expect(isBehindLastRollup('Version 14.3 (Build 513.0)')).toBe(false);
    expect(isBehindLastRollup('Version 14.3 (Build 1000.0)')).toBe(false);
    expect(isBehindLastRollup('Version 14.2 (Build 247.5)')).toBe(false);
  });

  it('a build before SP3 still fails, as before', () => {
    expect(versions('Version 14.2 (Build 247.5)')?.status).toBe('fail');
  });
});
