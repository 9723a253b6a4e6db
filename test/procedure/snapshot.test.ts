// exha snapshot through real pwsh and the lab: a snapshot of the lab playing a seed reads back as that
// seed for everything the wizard reads (Connect's site, Preflight's data, the plan's text), reading
// changes nothing, the file fits docs/site.schema.json, and what the lab cannot play is named.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliOptions } from '../../electron/cli/args';
import { printPlan } from '../../electron/cli/plan';
import { formatFindings, loadPs2Checker } from '../../electron/powershell/ps2/check';
import { createWizard } from '../../electron/procedure/controller';
import { Day2Session } from '../../electron/procedure/day2/session';
import { exportReport } from '../../electron/report/export';
import { readSiteForSnapshot, type SiteReading } from '../../electron/procedure/snapshot-read';
import { readClusterDetails, readExchangeDetails, readNamesAndObjects } from '../../electron/procedure/snapshot-scripts';
import { lagText, seedFromReading, type LabSeed } from '../../electron/procedure/snapshot-seed';

const ROOT = join(import.meta.dirname, '..', '..');
const EXHA = join(ROOT, 'bin', 'exha.js');
const SEEDS = {
  default: join(ROOT, 'lab', 'seeds', 'default.json'),
  'hand-started': join(ROOT, 'lab', 'seeds', 'hand-started.json'),
  'other-company': join(ROOT, 'lab', 'seeds', 'other-company.json'),
  'hand-made-array': join(ROOT, 'lab', 'seeds', 'hand-made-array.json'),
  'three-node': join(ROOT, 'test', 'fixtures', 'seeds', 'three-node.json'),
};
type SeedName = keyof typeof SEEDS;
const TOOL = { name: 'Exchange HA Wizard', version: 'test' };

function validator() {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs', 'site.schema.json'), 'utf8')) as object);
}

async function snapshotOf(seedPath: string, dir: string): Promise<{ reading: SiteReading; seed: LabSeed; path: string }> {
  const session = new Day2Session({
    stateDir: dir,
    target: { kind: 'lab', labSeedPath: seedPath, labStatePath: join(dir, `state-${String(Math.random()).slice(2)}.json`) },
  });
  try {
    const reading = await readSiteForSnapshot(session, 'lab');
    const seed = seedFromReading(reading, { kind: 'lab', exchangeServer: '', clusterNode: '' }, TOOL, new Date('2026-12-01T10:00:00Z'));
    const path = join(dir, `snapshot-${String(Math.random()).slice(2)}.json`);
    writeFileSync(path, `${JSON.stringify(seed, null, 2)}\n`);
    return { reading, seed, path };
  } finally {
    await session.dispose();
  }
}

function planText(seedPath: string): string {
  let text = '';
  const options = { command: 'plan', lab: true, labSeed: seedPath } as CliOptions;
  printPlan(options, null, tmpdir(), (t) => {
    text += t;
  });
  return text;
}

/** What Connect read, without the account (the workstation's, not the site's). */
function siteAsRead(reading: SiteReading) {
  const { account: _account, ...site } = reading.site;
  return site;
}

describe('site schema', () => {
  it('every seed the suite and the users rehearse with fits docs/site.schema.json', () => {
    const validate = validator();
    for (const [name, path] of Object.entries(SEEDS)) {
      const ok = validate(JSON.parse(readFileSync(path, 'utf8')));
      expect(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('refuses a seed that is not a site', () => {
    const validate = validator();
    const seed = JSON.parse(readFileSync(SEEDS.default, 'utf8')) as { databases: { copies: unknown[] }[] };
    seed.databases[0] = { ...seed.databases[0], copies: [] };
    expect(validate(seed)).toBe(false);
    expect(validate({ schemaVersion: 2 })).toBe(false);
  });

  it('writes a lag as Exchange shows it', () => {
    expect(lagText(86400)).toBe('1.00:00:00');
    expect(lagText(3 * 86400 + 3600 + 61)).toBe('3.01:01:01');
    expect(lagText(90)).toBe('00:01:30');
  });

  it('reads with PowerShell 2.0 scripts only', async () => {
    const check = await loadPs2Checker();
    for (const script of [readExchangeDetails, readClusterDetails, readNamesAndObjects]) {
      const findings = check(script.body).filter((f) => !(script.runsOn === 'cluster' && f.rule === 'module-autoload'));
      expect(findings, formatFindings(findings, script.label)).toEqual([]);
    }
  });
});

describe('round trip: the lab playing a seed, snapshotted, reads back as that seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exha-snapshot-'));
  const taken = new Map<SeedName, Awaited<ReturnType<typeof snapshotOf>>>();
  beforeAll(async () => {
    for (const [name, path] of Object.entries(SEEDS) as [SeedName, string][]) taken.set(name, await snapshotOf(path, dir));
  }, 300_000);

  it.each(Object.keys(SEEDS) as SeedName[])('%s: the same plan, a file that fits the schema', (name) => {
    const snap = taken.get(name);
    if (!snap) throw new Error(`no snapshot of ${name}`);
    expect(planText(snap.path)).toBe(planText(SEEDS[name]));
    const validate = validator();
    expect(validate(snap.seed), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(snap.seed.snapshot.source).toMatchObject({ kind: 'lab', domain: snap.reading.site.domain, dag: snap.reading.site.dag.name });
  });

  it("another company's site keeps its names, the apostrophe, the lag, the third network and the dangling pointer", () => {
    const snap = taken.get('other-company');
    if (!snap) throw new Error('no snapshot');
    const { site } = snap.reading;
    expect(site.domain).toBe('northwind.lan');
    expect(site.databases.map((d) => d.name)).toEqual(['Front Desk', "O'Brien Archive", 'Hygienists', 'Accounts', 'Journal']);
    expect(site.cluster.networks.map((n) => `${n.name}:${String(n.role)}`)).toEqual(['MAPI:3', 'Replication:1', 'Backup:0']);
    const seed = snap.seed as unknown as {
      databases: { name: string; rpcClientAccessServer: string; copies: { replayLagTime?: string }[] }[];
    };
    expect(seed.databases.find((d) => d.name === 'Hygienists')?.rpcClientAccessServer).toBe('oldcas.northwind.lan');
    expect(seed.databases.find((d) => d.name === 'Journal')?.copies.map((c) => c.replayLagTime)).toEqual([undefined, '1.00:00:00']);
    // Nothing of the workstation's account and no mailbox of the site travels in the copy.
    const text = JSON.stringify(snap.seed);
    expect(snap.reading.site.account.length).toBeGreaterThan(2);
    expect(text).not.toContain(snap.reading.site.account);
    expect(text).not.toContain('siobhan');
    // Whatever was not read is named as filled in, never passed off as read.
    expect(snap.seed.snapshot.assumed.join('\n')).toMatch(/mailboxes: no mailbox is read/);
    expect(planText(snap.path)).toMatch(/The lab cannot play:\n# {3}! lagged copy Journal\\MAIL2 \(1\.00:00:00\)/);
  });

  it('a three-server DAG loads, and the plan says what preflight says about it', () => {
    const snap = taken.get('three-node');
    expect(snap?.reading.site.dag.servers).toEqual(['EX01', 'EX02', 'EX03']);
    expect(planText(SEEDS['three-node'])).toContain('✖ DAG with exactly two members, both operational');
  });

  it('a hand-started setup and an array made by hand are read as Connect recognises them', () => {
    expect(taken.get('hand-started')?.reading.site.found?.groups.map((g) => g.name)).toEqual(['CASArray']);
    expect(taken.get('hand-made-array')?.reading.site.found?.array?.fqdn).toBe('outlook.rogertech.local');
  });

  it('a snapshot of a snapshot is the same site and the same file (but for when it was taken)', async () => {
    for (const name of ['other-company'] as const) {
      const first = taken.get(name);
      if (!first) throw new Error('no snapshot');
      const again = await snapshotOf(first.path, dir);
      expect(siteAsRead(again.reading)).toEqual(siteAsRead(first.reading));
      expect(again.reading.preflight).toEqual(first.reading.preflight);
      expect(again.seed).toEqual(first.seed);
    }
  }, 240_000);
});

describe('exha snapshot', () => {
  it('reads a lab state without changing a byte of it, and refuses to write over what it reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-snapshot-cli-'));
    const state = join(dir, 'state.json');
    copyFileSync(SEEDS['hand-started'], state);
    const before = readFileSync(state);
    const out = join(dir, 'site.json');
    const r = spawnSync(process.execPath, [EXHA, 'snapshot', '--lab', '--lab-state', state, '--out', out, '--json'], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(state).equals(before)).toBe(true);
    const result = JSON.parse(r.stdout) as { out: string; snapshot: { source: { domain: string } }; labCannotPlay: string[] };
    expect(result).toMatchObject({ out, snapshot: { source: { domain: 'rogertech.local' } }, labCannotPlay: [] });
    expect(validator()(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);

    const over = spawnSync(process.execPath, [EXHA, 'snapshot', '--lab', '--lab-state', state, '--out', state], { encoding: 'utf8' });
    expect(over.status).toBe(2);
    expect(over.stderr).toContain('is the file being read');
    const none = spawnSync(process.execPath, [EXHA, 'snapshot', '--lab'], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('snapshot needs --out FILE');
    expect(readFileSync(state).equals(before)).toBe(true);
  }, 240_000);
});

describe("the window's Rehearse on a copy of this site", () => {
  it("saves the same file from the run's own target, read-only, and only once Connect has a target", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'exha-snapshot-window-'));
    const host = createWizard({
      exportReport,
      stateDir,
      labSeedPath: SEEDS['other-company'],
      labDelays: { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 },
    });
    try {
      await expect(host.handle('snapshotSite', null)).rejects.toThrow(/Connect to the servers first/);
      await host.handle('start', { target: 'lab' });
      const view = await host.idle();
      expect(view.site?.domain).toBe('northwind.lan');
      const labState = join(stateDir, 'lab-state.json');
      const before = readFileSync(labState);
      const commands = host.journalData()?.commands.length;
      const result = await host.handle('snapshotSite', null);
      expect(result.fileName).toMatch(/^exha-site-northwind\.lan-\d{8}-\d{4}\.json$/);
      const seed = JSON.parse(Buffer.from(result.base64, 'base64').toString('utf8')) as LabSeed;
      expect(validator()(seed)).toBe(true);
      expect(seed.snapshot.source).toMatchObject({ kind: 'lab', domain: 'northwind.lan', dag: 'NWDAG' });
      // Read-only, and outside the run: the lab unchanged, the run's journal without a command more.
      expect(readFileSync(labState).equals(before)).toBe(true);
      expect(host.journalData()?.commands.length).toBe(commands);
    } finally {
      await host.dispose();
    }
  }, 240_000);
});
