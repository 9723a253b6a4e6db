// Every file read back from the state folder, damaged each way (emptied, cut short, not JSON, NUL bytes),
// under every verb that reads it: the verb names the file and why, says what to do, exits with its code
// (3 when it needs the file, 0 when it only shows something else), never prints a stack trace, and leaves
// the damaged file as it was. Verbs that would act on a target the journal cannot name refuse before any
// PowerShell starts (no lab-state.json appears). One folder (a finished lab run with the failover test
// skipped, and an open maintenance) is made once and copied per case; no case starts pwsh. The same run
// then shows the advice after a failed rollback works when followed as printed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../shared/day2';
import { readCheckReport, saveCheck } from '../../electron/procedure/day2/check';
import { openMaintenance } from '../../electron/procedure/day2/maintenance';
import { UnreadableFile } from '../../electron/procedure/files';
import { Journal } from '../../electron/procedure/journal';
import { assertLabStateReadable } from '../../electron/procedure/lab-state-file';
import { continueCommand } from '../../electron/report/status';
import { DAMAGE } from '../helpers/damage';

const ROOT = join(import.meta.dirname, '..', '..');
const EXHA = join(ROOT, 'bin', 'exha.js');

/** What each damage makes the reader say about the file. */
const WHY: Record<string, RegExp> = {
  emptied: /it is empty/,
  truncated: /it is not valid JSON/,
  'invalid JSON': /it is not valid JSON/,
  'NUL bytes': /it holds no text \(only NUL bytes or blanks\)/,
};

const MAINTENANCE = {
  node: 'EX01',
  to: 'EX02',
  startedAt: '2026-12-01T10:00:00.000Z',
  endedAt: null,
  groupOwners: { CASArray: 'EX01', 'Cluster Group': 'EX01' },
  activeServers: { VIP: 'EX01' },
  commands: [],
};

/** A seed whose Remove-ClientAccessArray fails once: the first rollback stops there (rollbackFailed). */
function seedWithFailingUndo(dir: string): string {
  const seed = JSON.parse(readFileSync(join(ROOT, 'lab', 'seeds', 'default.json'), 'utf8')) as { lab: Record<string, unknown> };
  seed.lab.faults = [
    { commandName: 'Remove-ClientAccessArray', remaining: 1, message: 'Injected: the array is busy', delaySeconds: 0, fail: true },
  ];
  const path = join(dir, 'seed.json');
  writeFileSync(path, JSON.stringify(seed, null, 2));
  return path;
}

const work = mkdtempSync(join(tmpdir(), 'exha-damaged-work-'));
/** A finished lab run (the failover test skipped), made once in beforeAll and copied per case. */
const base = join(work, 'finished');
let runOutput = '';

beforeAll(() => {
  const r = spawnSync(
    process.execPath,
    [EXHA, 'run', '--lab', '--lab-fast', '--skip-failover-test', '--lab-seed', seedWithFailingUndo(work), '--state-dir', base],
    { encoding: 'utf8', timeout: 300_000 },
  );
  runOutput = r.stderr;
  expect(r.status, r.stderr).toBe(0);
  writeFileSync(join(base, 'maintenance.json'), JSON.stringify(MAINTENANCE, null, 1));
}, 320_000);

interface Case {
  file: string;
  verb: string[];
  code: number;
  /** What the verb must say (besides the file's path and why, when it refuses). */
  says: RegExp;
}

const RUN_VERBS_ON_JOURNAL = [['status'], ['resume'], ['rollback'], ['report', '--format', 'html', '--out', 'report.html']];
const DAY2_VERBS = [['check'], ['maintenance', '--end'], ['maintenance', '--node', 'EX02'], ['remove']];

const CASES: Case[] = [
  ...RUN_VERBS_ON_JOURNAL.map((verb) => ({ file: 'journal.json', verb, code: 3, says: /The run's journal cannot be read: .*exha remove/ })),
  // No fallback to the default lab: the journal may name other servers.
  ...DAY2_VERBS.map((verb) => ({
    file: 'journal.json',
    verb,
    code: 3,
    says: /name them yourself, with --exchange-server FQDN --cluster-node NAME/,
  })),
  {
    file: 'maintenance.json',
    verb: ['status'],
    code: 0,
    says: /The run is complete\.[\s\S]*Note: The maintenance record .* cannot be read/,
  },
  { file: 'maintenance.json', verb: ['report', '--format', 'json', '--out', 'report.json'], code: 0, says: /Report written to/ },
  { file: 'maintenance.json', verb: ['maintenance', '--end'], code: 3, says: /Put them back by hand/ },
  { file: 'maintenance.json', verb: ['maintenance', '--node', 'EX02'], code: 3, says: /Put them back by hand/ },
  ...[['resume'], ['rollback'], ...DAY2_VERBS].map((verb) => ({
    file: 'lab-state.json',
    verb,
    code: 3,
    says: /lab state file .* Restore a copy of it, or delete it/,
  })),
  // A description with no live holder behind it keeps nobody out, and says nothing about a run in progress.
  { file: 'exha.lock', verb: ['status'], code: 0, says: /^(?![\s\S]*In progress now)[\s\S]*The run is complete\./ },
];

function exha(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [EXHA, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      resolve({ code, out });
    });
  });
}

describe('a damaged file under every verb that reads it', () => {
  const damages = Object.keys(DAMAGE);
  // Each verb on each file once, the damages taken in turn (every damage meets every file under several
  // verbs); the readers themselves meet every damage below, without a process each.
  const runs = CASES.map((c, i) => ({ ...c, damage: damages[i % damages.length] ?? 'emptied' }));

  it('the journal as prepared is readable: each case damages a working folder', () => {
    expect(Journal.read(base).kind).toBe('ok');
    expect(openMaintenance(base)).toMatchObject({ node: 'EX01' });
  });

  it('every reader reports every damage as unreadable, with why', () => {
    const labState = readFileSync(join(base, 'lab-state.json'), 'utf8');
    for (const [name, damage] of Object.entries(DAMAGE)) {
      const dir = mkdtempSync(join(tmpdir(), 'exha-damaged-readers-'));
      writeFileSync(join(dir, 'journal.json'), damage(readFileSync(join(base, 'journal.json'), 'utf8')));
      writeFileSync(join(dir, 'maintenance.json'), damage(JSON.stringify(MAINTENANCE)));
      writeFileSync(join(dir, 'lab-state.json'), damage(labState));
      const journal = Journal.read(dir);
      expect(journal.kind === 'unreadable' ? journal.reason : journal.kind, name).toMatch(WHY[name] ?? /$^/);
      expect(() => openMaintenance(dir), name).toThrow(UnreadableFile);
      expect(() => openMaintenance(dir), name).toThrow(WHY[name] ?? /$^/);
      expect(() => {
        assertLabStateReadable({ kind: 'lab' }, dir);
      }, name).toThrow(WHY[name] ?? /$^/);
    }
  });

  it(`under each verb: names the file, says why and what to do, exits with its code, no stack trace (${String(runs.length)} cases)`, async () => {
    const failures: string[] = [];
    // Two at a time: each case is a short CLI call that refuses or only reads, and the machine has two cores.
    for (let i = 0; i < runs.length; i += 2) {
      await Promise.all(
        runs.slice(i, i + 2).map(async (c) => {
          const name = `${c.file} ${c.damage}, exha ${c.verb.join(' ')}`;
          const dir = mkdtempSync(join(tmpdir(), 'exha-damaged-'));
          cpSync(base, dir, { recursive: true });
          // The copy's journal names the copy's own lab state file (the run recorded the original's path).
          writeFileSync(join(dir, 'journal.json'), readFileSync(join(dir, 'journal.json'), 'utf8').replaceAll(base, dir));
          const path = join(dir, c.file);
          const damaged = DAMAGE[c.damage]?.(existsSync(path) ? readFileSync(path, 'utf8') : '{"pid": 1}') ?? '';
          writeFileSync(path, damaged);
          // The journal's cases start with no lab state: a verb that fell back to the default lab would create it.
          if (c.file === 'journal.json') rmSync(join(dir, 'lab-state.json'));
          const r = await exha([...c.verb, '--state-dir', dir], dir);
          const wrong = [
            r.code === c.code ? null : `exit ${String(r.code)}, not ${String(c.code)}`,
            c.says.test(r.out) ? null : `does not say ${String(c.says)}`,
            c.code === 3 && !r.out.includes(path) ? `does not name ${path}` : null,
            c.code === 3 && !(WHY[c.damage] ?? /$^/).test(r.out) ? `does not say why (${String(WHY[c.damage])})` : null,
            /\n\s+at .+:\d+:\d+/.test(r.out) || /unexpected error/.test(r.out) ? 'prints a stack trace' : null,
            c.file === 'exha.lock' || readFileSync(path, 'utf8') === damaged ? null : 'changed the damaged file',
            c.file === 'journal.json' && existsSync(join(dir, 'lab-state.json')) ? 'opened the default lab' : null,
          ].filter((w) => w !== null);
          if (wrong.length > 0) failures.push(`${name}: ${wrong.join('; ')}\n${r.out}`);
          rmSync(dir, { recursive: true, force: true });
        }),
      );
    }
    expect(failures).toEqual([]);
  });
});

describe('the previous check report, damaged', () => {
  const report: HealthReport = {
    at: '2026-12-01T10:00:00.000Z',
    site: 'rogertech.local, DAG PrimaryDAG',
    setup: 'present',
    role: null,
    array: { name: 'CASArray', fqdn: 'CASArray.rogertech.local' },
    databases: [],
    nodes: [{ name: 'EX01', state: 'Up' }],
    checks: [],
    clientChecks: [],
    healthy: true,
    problems: [],
  };

  it('costs the comparison only: the new check is saved and says why it was not compared', () => {
    for (const [name, damage] of Object.entries(DAMAGE)) {
      const dir = mkdtempSync(join(tmpdir(), 'exha-damaged-check-'));
      mkdirSync(join(dir, 'checks'));
      const earlier = join(dir, 'checks', 'check-2026-11-30T10-00-00-000Z.json');
      writeFileSync(earlier, damage(JSON.stringify(report, null, 1)));
      const saved = saveCheck(dir, report);
      expect(saved.previous, name).toBe(earlier);
      expect(saved.changes, name).toEqual([]);
      expect(saved.notCompared, name).toMatch(new RegExp(`^${earlier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read: `));
      expect(saved.notCompared, name).toMatch(WHY[name] ?? /$^/);
      expect(readCheckReport(saved.path), name).toEqual({ kind: 'ok', data: report });
    }
  });

  it('compares with a readable one as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-check-'));
    saveCheck(dir, report);
    const saved = saveCheck(dir, { ...report, at: '2026-12-02T10:00:00.000Z', nodes: [{ name: 'EX01', state: 'Down' }] });
    expect(saved).toMatchObject({ notCompared: null, changes: ['Node EX01: Up → Down'] });
  });
});

describe('advice that works', () => {
  it('an interrupted rollback, failed or killed, goes on with exha rollback; anything else with exha resume', () => {
    expect(continueCommand('rollbackFailed')).toBe('exha rollback');
    expect(continueCommand('rollingBack')).toBe('exha rollback');
    for (const phase of ['review', 'running', 'done', 'failed']) expect(continueCommand(phase)).toBe('exha resume');
  });

  it('--skip-failover-test skips the test as the window does: no node was taken down, the step is Skipped', () => {
    expect(runOutput).toMatch(/Skipping the failover test \(--skip-failover-test\)/);
    const journal = JSON.parse(readFileSync(join(base, 'journal.json'), 'utf8')) as {
      snapshot: { context: { statuses: Record<string, string> } };
    };
    expect(journal.snapshot.context.statuses).toMatchObject({ failover: 'skipped', complete: 'done' });
    const lab = JSON.parse(readFileSync(join(base, 'lab-state.json'), 'utf8')) as { lab: { timeline: { kind: string }[] } };
    expect(lab.lab.timeline.filter((e) => e.kind === 'NodeIsolated')).toEqual([]);
  });

  it('after a failed rollback, status and resume say to continue with exha rollback, and following that advice finishes it', () => {
    const dir = join(work, 'rollback');
    cpSync(base, dir, { recursive: true });
    writeFileSync(join(dir, 'journal.json'), readFileSync(join(dir, 'journal.json'), 'utf8').replaceAll(base, dir));
    rmSync(join(dir, 'maintenance.json'));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [EXHA, ...args, '--state-dir', dir], { encoding: 'utf8', timeout: 300_000 });
    const failed = cli('rollback');
    expect(failed.status, failed.stderr).toBe(1);
    expect(failed.stderr).toMatch(/Client Access array: ROLLBACK FAILED/);

    const advice = (text: string) => /Continue with: (exha [a-z-]+)/.exec(text)?.[1];
    const status = cli('status');
    expect(status.status).toBe(0);
    expect(advice(status.stdout)).toBe('exha rollback');
    const resume = cli('resume');
    expect(resume.status, resume.stderr).toBe(3);
    expect(advice(resume.stderr)).toBe('exha rollback');
    expect(resume.stderr).toMatch(/Nothing was changed/);

    // The advice as printed, run as it is.
    const [, ...words] = (advice(status.stdout) ?? '').split(' ');
    const followed = cli(...words);
    expect(followed.status, followed.stderr).toBe(0);
    expect(followed.stderr).toMatch(/Every change is rolled back/);
    expect(cli('status').stdout).toMatch(/The run was rolled back: every change is undone\./);
  });
});
