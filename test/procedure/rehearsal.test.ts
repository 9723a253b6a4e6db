// Rehearse, then run: a whole `exha run --lab` on a snapshot of another company's site completes, outage
// included, and its report says whose site it copied and when; the real run's report finds that
// rehearsal in the state folder and lists where the real site differs from it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JournalData } from '../../electron/procedure/journal';
import { renderHtml } from '../../electron/report/html';
import { buildReport } from '../../electron/report/model';
import type { SiteFacts } from '../../shared/site';
import { LAB_TEST_MS, ROOT, validator } from '../report/helpers';

const EXHA = join(ROOT, 'bin', 'exha.js');
const OTHER_COMPANY = join(ROOT, 'lab', 'seeds', 'other-company.json');

function exha(args: string[]) {
  return spawnSync(process.execPath, [EXHA, ...args], { encoding: 'utf8', timeout: LAB_TEST_MS });
}

describe('a rehearsal on a copy of the site', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exha-rehearsal-'));
  const site = join(dir, 'northwind.json');
  const stateDir = join(dir, 'state');
  let run: ReturnType<typeof exha>;
  beforeAll(() => {
    const snap = exha(['snapshot', '--lab', '--lab-seed', OTHER_COMPANY, '--out', site]);
    expect(snap.status, snap.stderr).toBe(0);
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: 'CASArray', address: '10.20.0.110', network: 'MAPI' }));
    // The dangling pointer of Hygienists is a preflight warning: the admin accepts it knowingly.
    run = exha([
      'run',
      '--lab',
      '--lab-fast',
      '--lab-seed',
      site,
      '--answers',
      answers,
      '--accept-warnings',
      '--state-dir',
      stateDir,
      '--json',
    ]);
  }, LAB_TEST_MS);

  it('runs the whole procedure on the copy, outage included, and names what the lab cannot play', () => {
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { current: string; phase: string; steps: { id: string; status: string }[] };
    expect(result).toMatchObject({ current: 'complete', phase: 'done' });
    expect(result.steps.find((s) => s.id === 'failover')?.status).toBe('done');
    expect(run.stderr).toContain('The lab cannot play all of');
    expect(run.stderr).toContain('lagged copy Journal\\MAIL2');
    // Every database of the copy, the apostrophe included, now points at the array.
    const lab = JSON.parse(readFileSync(join(stateDir, 'lab-state.json'), 'utf8')) as {
      databases: { name: string; rpcClientAccessServer: string }[];
    };
    expect(lab.databases.map((d) => `${d.name}=${d.rpcClientAccessServer}`)).toContain("O'Brien Archive=CASArray.northwind.lan");
    expect(new Set(lab.databases.map((d) => d.rpcClientAccessServer))).toEqual(new Set(['CASArray.northwind.lan']));
  });

  it("the rehearsal's report says whose site it copied and when", () => {
    const out = join(dir, 'report.json');
    const r = exha(['report', '--format', 'json', '--out', out, '--state-dir', stateDir]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { rehearsal?: unknown };
    const header = (JSON.parse(readFileSync(site, 'utf8')) as { snapshot: { takenAt: string } }).snapshot;
    expect(doc.rehearsal).toMatchObject({
      kind: 'rehearsal',
      copyOf: { domain: 'northwind.lan', dag: 'NWDAG', adSite: 'HQ-Site', source: 'lab', takenAt: header.takenAt },
      seed: site,
    });
    expect((doc.rehearsal as { assumed: string[] }).assumed).toContain(
      'mailboxes: no mailbox is read (personal data); one stand-in mailbox per database',
    );
    const validate = validator();
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it("the real run's report finds the rehearsal and lists what differs: a database added since, another owner", () => {
    const rehearsal = JSON.parse(readFileSync(join(stateDir, 'journal.json'), 'utf8')) as JournalData;
    const realDir = join(dir, 'real');
    mkdirSync(realDir);
    // Where a real run finds it: the state folder's archive (a new run archives the finished rehearsal).
    copyFileSync(join(stateDir, 'journal.json'), join(realDir, 'journal.archived-20261201-100000.json'));
    const real = structuredClone(rehearsal) as JournalData & { snapshot: { context: { outputs: { connect: SiteFacts } } } };
    real.target = { kind: 'real', sessionNode: 'MAIL2', exchangeServer: 'MAIL2.northwind.lan', clusterNode: 'MAIL2' };
    const connect = real.snapshot.context.outputs.connect;
    connect.databases.push({ name: 'Payroll', server: 'MAIL2', rpcClientAccessServer: 'MAIL2.northwind.lan', copies: [] });
    const frontDesk = connect.databases.find((d) => d.name === 'Front Desk');
    if (frontDesk) frontDesk.server = 'MAIL2';

    const doc = buildReport(real, new Date(), realDir);
    expect(doc.rehearsal).toMatchObject({ kind: 'real', rehearsed: { at: rehearsal.updatedAt, completed: true } });
    expect(doc.rehearsal?.differences).toEqual([
      'database Front Desk is active on MAIL2 (rehearsed on MAIL1)',
      'database Payroll was added since the rehearsal (active on MAIL2)',
    ]);
    expect(renderHtml(doc)).toContain('database Payroll was added since the rehearsal');
    // No rehearsal of this site in another folder: said so, not left out.
    expect(buildReport(real, new Date(), dir).rehearsal).toMatchObject({ kind: 'real', rehearsed: null });
  });
});
