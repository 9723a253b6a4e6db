// exha check through a session whose server is down: it names that server as not answering (nothing was
// checked) instead of failing generically or calling the site healthy; through the other server it checks.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const EXHA = join(ROOT, 'bin', 'exha.js');
const SEED = join(ROOT, 'lab', 'seeds', 'default.json');
const dir = mkdtempSync(join(tmpdir(), 'exha-day2-down-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function exha(args: string[]) {
  return spawnSync(process.execPath, [EXHA, ...args], { encoding: 'utf8', timeout: 180_000 });
}

describe('exha check while a server is down', () => {
  it('names the server its session cannot reach as not answering; through the other server it checks', () => {
    // EX01 with every network adapter disabled (as Set-LabNodeState EX01 Down leaves it, detection done).
    const state = JSON.parse(readFileSync(SEED, 'utf8')) as { cluster: { nodes: { name: string; state: string; nicsEnabled: boolean }[] } };
    for (const n of state.cluster.nodes)
      if (n.name === 'EX01') {
        n.state = 'Down';
        n.nicsEnabled = false;
      }
    writeFileSync(join(dir, 'lab-state.json'), JSON.stringify(state));
    const at = ['--lab', '--lab-fast', '--state-dir', dir];

    const down = exha(['check', ...at]);
    expect(down.status, down.stderr).toBe(1);
    expect(down.stderr).toMatch(/EX01\.rogertech\.local is not answering: the session to it could not be opened, so nothing was checked/);
    expect(down.stdout).not.toMatch(/Healthy/);

    const other = exha(['check', ...at, '--exchange-server', 'EX02', '--json']);
    expect(other.stderr).not.toMatch(/not answering/);
    const report = (JSON.parse(other.stdout) as { report: { nodes: { name: string; state: string }[] } }).report;
    expect(report.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'EX01', state: 'Down' })]));
  });
});
