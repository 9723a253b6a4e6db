// Preflight and the update rollup: Exchange 2010's AdminDisplayVersion keeps the service pack's build whatever
// rollup is installed, so preflight never calls a server behind or current from it; it says where the rollup
// shows (ExSetup.exe's file version) and which one is the last (RU32, 14.3.513.0).
import { describe, expect, it } from 'vitest';
import { evaluatePreflight, type PreflightData } from '../../electron/procedure/steps/preflight-rules';
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

describe('the Exchange build and the update rollup', () => {
  it('SP3 passes, saying the rollup is not shown there, which one is the last and how to see it', () => {
    const check = versions('Version 14.3 (Build 123.4)');
    expect(check?.status).toBe('pass');
    expect(check?.evidence).toContain('The update rollup is not shown there');
    expect(check?.evidence).toContain('Update Rollup 32 (14.3.513.0, March 2021)');
    expect(check?.evidence).toContain('ExSetup.exe');
    expect(check?.evidence).not.toMatch(/behind/);
  });

  it('servers on different service pack builds warn', () => {
    const site = data('Version 14.3 (Build 123.4)');
    site.site = {
      ...site.site,
      servers: site.site.servers.map((s, i) => (i === 0 ? { ...s, adminDisplayVersion: 'Version 14.3 (Build 123.5)' } : s)),
    };
    expect(evaluatePreflight(site).find((c) => c.id === 'versions')?.status).toBe('warn');
  });

  it('a build before SP3 still fails, as before', () => {
    expect(versions('Version 14.2 (Build 247.5)')?.status).toBe('fail');
  });
});
