// A journal that cannot be used is reported by every verb, with where it is kept and the way back without it,
// and no verb renames or rewrites it; a journal naming a state or step this version does not know is one of
// those, never a TypeError. Also the answers file and server names refused with their reason by `exha plan`.
// None of this starts PowerShell: every refusal comes before it.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { exha } from '../helpers/exha';
import { JOURNAL_SCHEMA_VERSION } from '../../electron/procedure/journal';
import { wizardMachine } from '../../electron/procedure/machine';

/** A journal as the wizard writes it before its first step (the machine's own persisted snapshot). */
function validJournal(): Record<string, unknown> & { snapshot: { value: unknown; context: { statuses: Record<string, string> } } } {
  const now = new Date().toISOString();
  const snapshot = createActor(wizardMachine).start().getPersistedSnapshot() as unknown as {
    value: unknown;
    context: { statuses: Record<string, string> };
  };
  return {
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    createdAt: now,
    updatedAt: now,
    target: { kind: 'lab', sessionNode: null },
    siteIdentity: null,
    snapshot,
    before: {},
    touched: { before: null, after: null },
    timings: {},
    failoverLive: [],
    commands: [],
    events: [],
  };
}

const valid = JSON.stringify(validJournal(), null, 1);
const FORMS: Record<string, { text: string | Buffer; reason: RegExp }> = {
  truncated: { text: valid.slice(0, Math.floor(valid.length / 2)), reason: /not valid JSON/ },
  empty: { text: '', reason: /it is empty/ },
  'NUL-filled': { text: Buffer.alloc(4096), reason: /only NUL bytes/ },
  'wrong schema': {
    text: JSON.stringify({ ...(JSON.parse(valid) as object), schemaVersion: 99 }),
    reason: /does not match journal schema 1/,
  },
  'unknown state': (() => {
    const j = validJournal();
    j.snapshot.value = { warpDrive: 'running' };
    return { text: JSON.stringify(j), reason: /names a state this version does not know/ };
  })(),
  'unknown step': (() => {
    const j = validJournal();
    j.snapshot.context.statuses.warpDrive = 'done';
    return { text: JSON.stringify(j), reason: /names something this version does not know/ };
  })(),
};

describe('exha with a journal it cannot use', () => {
  for (const [form, { text, reason }] of Object.entries(FORMS)) {
    it(`reports the ${form} journal from every verb and leaves it where it is`, () => {
      const stateDir = mkdtempSync(join(tmpdir(), 'exha-journal-'));
      const path = join(stateDir, 'journal.json');
      writeFileSync(path, text);
      const bytes = readFileSync(path);
      const verbs = [
        ['status'],
        ['resume'],
        ['rollback'],
        ['report', '--format', 'json', '--out', join(stateDir, 'r.json')],
        ['run', '--lab'],
      ];
      for (const verb of verbs) {
        const r = exha([...verb, '--state-dir', stateDir]);
        const what = `${verb[0] ?? ''}: ${r.stderr}`;
        expect(r.status, what).toBe(3);
        expect(r.stderr, what).toMatch(reason);
        expect(r.stderr, what).toContain(`kept, unchanged, at ${path}`);
        expect(r.stderr, what).toMatch(/`exha remove` finds this wizard's changes on the servers/);
        expect(r.stderr, what).not.toMatch(/TypeError|unexpected error/);
        // Nothing renamed, nothing rewritten, no lock left behind.
        expect(readdirSync(stateDir), what).toEqual(['journal.json']);
        expect(readFileSync(path).equals(bytes), what).toBe(true);
      }
    });
  }
});

describe('the way back without the journal', () => {
  it('after a run whose journal was then damaged: reported, and exha remove still takes the setup off the servers', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'exha-journal-remove-'));
    // Up to the databases: every change remove must take down is made (the failover test after it changes nothing
    // that stays, and would only cost an outage).
    const run = exha(['run', '--lab', '--lab-fast', '--until', 'databases', '--state-dir', stateDir]);
    expect(run.status, run.stderr).toBe(0);
    const made = JSON.parse(readFileSync(join(stateDir, 'lab-state.json'), 'utf8')) as {
      clientAccessArrays: unknown[];
      databases: { rpcClientAccessServer: string }[];
    };
    expect(made.clientAccessArrays).toHaveLength(1);
    expect(made.databases.every((d) => d.rpcClientAccessServer.startsWith('CASArray'))).toBe(true);
    const path = join(stateDir, 'journal.json');
    writeFileSync(path, readFileSync(path).subarray(0, 1000));
    const status = exha(['status', '--state-dir', stateDir]);
    expect(status.status).toBe(3);
    expect(status.stderr).toMatch(/`exha remove`/);

    const remove = exha(['remove', '--lab', '--lab-fast', '--state-dir', stateDir]);
    expect(remove.status, remove.stderr).toBe(0);
    const lab = JSON.parse(readFileSync(join(stateDir, 'lab-state.json'), 'utf8')) as {
      cluster: { groups: { name: string }[] };
      clientAccessArrays: unknown[];
      databases: { rpcClientAccessServer: string }[];
    };
    expect(lab.cluster.groups.map((g) => g.name)).not.toContain('CASArray');
    expect(lab.clientAccessArrays).toEqual([]);
    expect(lab.databases.some((d) => d.rpcClientAccessServer.startsWith('CASArray'))).toBe(false);
  }, 300_000);
});

describe('exha plan refuses what run would refuse', () => {
  it('names each missing or wrong field of the answers file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-answers-'));
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: 'CASArray', address: '192.168.0.110' }));
    const missing = exha(['plan', '--lab', '--answers', answers]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--answers .*answers\.json: "network" is missing\. Expected \{"name"/);

    writeFileSync(answers, JSON.stringify({ address: '300.1.1.1', network: 7, extra: true }));
    const several = exha(['plan', '--lab', '--answers', answers]);
    expect(several.status).toBe(2);
    expect(several.stderr).toMatch(/unknown field "extra"/);
    expect(several.stderr).toMatch(/"name" is missing/);
    expect(several.stderr).toMatch(/"network" must be a string/);
    expect(several.stderr).toMatch(/300\.1\.1\.1/);
  });

  it('checks server names as run does', () => {
    for (const args of [
      ['--exchange-server', "EX01';calc", '--cluster-node', 'EX02'],
      ['--exchange-server', 'EX01.rogertech.local', '--cluster-node', 'EX 02'],
    ]) {
      for (const verb of ['plan', 'run']) {
        const r = exha([verb, ...args, '--state-dir', mkdtempSync(join(tmpdir(), 'exha-names-'))]);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/server names may contain only letters, digits, dots and hyphens/);
        expect(r.stdout).toBe('');
      }
    }
  });
});
