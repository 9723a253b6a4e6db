// exha run --answers FILE keeps the answers in the journal (they are not secret): a run stopped at a
// preflight warning goes on with `exha resume --accept-warnings` and the same answers, without being given
// them again. The site has a warning and nothing else in the way: EX02 shows another build than EX01.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exhaToEnd, ROOT } from '../helpers/exha';

/** A backstop for a busy two-core machine; the test waits for each process to exit. */
const BACKSTOP_MS = 600_000;

/** Answers unlike the suggestions (CASArray, 192.168.0.110): a resume that forgot them would show. */
const ANSWERS = { name: 'MAILHA', address: '192.168.0.121', network: 'Cluster Network 1' };

describe('exha resume with the answers exha run was given', () => {
  it(
    'a run stopped at a preflight warning completes on resume --accept-warnings with those answers',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'exha-answers-'));
      const seed = JSON.parse(readFileSync(join(ROOT, 'lab', 'seeds', 'default.json'), 'utf8')) as {
        exchangeServers: { name: string; adminDisplayVersion: string }[];
      };
      const ex02 = seed.exchangeServers.find((s) => s.name === 'EX02');
      if (ex02) ex02.adminDisplayVersion = 'Version 14.3 (Build 174.1)';
      writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
      const answersFile = join(dir, 'answers.json');
      writeFileSync(answersFile, JSON.stringify(ANSWERS));
      const at = ['--lab', '--lab-fast', '--lab-seed', join(dir, 'seed.json'), '--state-dir', dir];

      const run = await exhaToEnd(['run', ...at, '--answers', answersFile]);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain('exha resume --accept-warnings');
      const journal = JSON.parse(readFileSync(join(dir, 'journal.json'), 'utf8')) as { before: { answers?: unknown } };
      expect(journal.before.answers).toEqual(ANSWERS);

      const resume = await exhaToEnd(['resume', '--accept-warnings', '--lab-fast', '--state-dir', dir]);
      expect(resume.status, resume.stderr).toBe(0);
      const lab = JSON.parse(readFileSync(join(dir, 'lab-state.json'), 'utf8')) as {
        cluster: { groups: { name: string }[] };
        clientAccessArrays: { fqdn: string }[];
        databases: { rpcClientAccessServer: string }[];
        dns: { records: { name: string; address: string }[] };
      };
      expect(lab.cluster.groups.map((g) => g.name)).toContain('MAILHA');
      expect(lab.clientAccessArrays.map((a) => a.fqdn)).toEqual(['MAILHA.rogertech.local']);
      expect(new Set(lab.databases.map((d) => d.rpcClientAccessServer))).toEqual(new Set(['MAILHA.rogertech.local']));
      expect(lab.dns.records).toContainEqual(expect.objectContaining({ name: 'MAILHA.rogertech.local', address: '192.168.0.121' }));
    },
    BACKSTOP_MS,
  );
});
