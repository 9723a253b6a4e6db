// Day 2 through the CLI, from the lab: a hand-started site (lab/seeds/hand-started.json: the role, the
// array and one database of three, made with the write-up's cmdlets) is adopted and completed by exha run;
// then exha check, exha maintenance and exha remove work on it, and bad input changes nothing.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exha, ROOT } from '../helpers/exha';

const HAND_STARTED = join(ROOT, 'lab', 'seeds', 'hand-started.json');

interface LabFile {
  cluster: { groups: { name: string; ownerNode: string; isCoreGroup: boolean }[] };
  clientAccessArrays: { name: string }[];
  databases: { name: string; rpcClientAccessServer: string; activeServer: string }[];
}
const lab = (dir: string) => JSON.parse(readFileSync(join(dir, 'lab-state.json'), 'utf8')) as LabFile;

describe('exha on a site started by hand, then day 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exha-day2-'));
  const at = ['--state-dir', dir, '--lab-fast'];

  it('run adopts what it found, says so, and completes with one group, one array and every database on it', () => {
    const r = exha(['run', '--lab', '--lab-seed', HAND_STARTED, ...at, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Adopting the setup found');
    const out = JSON.parse(r.stdout) as { adopted: string[] };
    expect(out.adopted).toEqual(
      expect.arrayContaining([expect.stringMatching(/Cluster group CASArray: Online on EX01/), expect.stringMatching(/1 of 3 \(VIP\)/)]),
    );
    const l = lab(dir);
    expect(l.cluster.groups.filter((g) => !g.isCoreGroup).map((g) => g.name)).toEqual(['CASArray']);
    expect(l.clientAccessArrays.map((a) => a.name)).toEqual(['CASArray']);
    expect(new Set(l.databases.map((d) => d.rpcClientAccessServer))).toEqual(new Set(['CASArray.rogertech.local']));
  });

  it('check writes a dated report; maintenance moves the role and databases off a node and back; a second check shows the change', () => {
    const first = exha(['check', ...at, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { report: { healthy: boolean; role: { owner: string; state: string } } };
    expect(report.report).toMatchObject({ healthy: true, role: { owner: 'EX01', state: 'Online' } });

    const bad = exha(['maintenance', '--node', 'EX03', ...at]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/EX03 is not a node of cluster PrimaryDAG .*Nothing was changed/);

    const start = exha(['maintenance', '--node', 'EX01', ...at]);
    expect(start.status, start.stderr).toBe(0);
    expect(start.stderr).toContain('Move-ClusterGroup -Name $Groups[$i] -Node $Nodes[$i]');
    let l = lab(dir);
    expect(l.cluster.groups.every((g) => g.ownerNode === 'EX02')).toBe(true);
    expect(l.databases.every((d) => d.activeServer === 'EX02')).toBe(true);
    const recorded = JSON.parse(readFileSync(join(dir, 'maintenance.json'), 'utf8')) as {
      groupOwners: Record<string, string>;
      commands: unknown[];
    };
    expect(recorded.groupOwners.CASArray).toBe('EX01');
    expect(recorded.commands.length).toBeGreaterThan(3);

    const second = exha(['check', ...at]);
    expect(second.stdout).toMatch(/Role owner: EX01 → EX02/);
    expect(second.stdout).toMatch(/VIP: active on EX01 → EX02/);

    // --node X --end ends X's maintenance only: another node is refused, and nothing moves.
    const other = exha(['maintenance', '--node', 'EX02', '--end', ...at]);
    expect(other.status).toBe(3);
    expect(other.stderr).toMatch(/EX02 is not in maintenance: EX01 is .*Nothing was changed/);
    expect(lab(dir).databases.every((d) => d.activeServer === 'EX02')).toBe(true);

    const end = exha(['maintenance', '--node', 'EX01', '--end', ...at]);
    expect(end.status, end.stderr).toBe(0);
    l = lab(dir);
    expect(l.cluster.groups.find((g) => g.name === 'CASArray')?.ownerNode).toBe('EX01');
    expect(l.databases.find((d) => d.name === 'VIP')?.activeServer).toBe('EX01');
    expect(readdirSync(dir).filter((f) => f.startsWith('maintenance-'))).toHaveLength(1);
    expect(readdirSync(join(dir, 'checks'))).toHaveLength(2);
  });

  it('refuses maintenance on the only node up, and remove while a failover test runs; both change nothing', () => {
    const labState = join(dir, 'lab-state.json');
    const before = readFileSync(labState, 'utf8');
    const journalPath = join(dir, 'journal.json');
    const journal = readFileSync(journalPath, 'utf8');
    // A run killed during its failover test leaves this in its journal.
    const running = JSON.parse(journal) as { snapshot: { value: unknown } };
    running.snapshot.value = { failover: 'running' };
    writeFileSync(journalPath, JSON.stringify(running));
    const remove = exha(['remove', ...at]);
    expect(remove.status).toBe(3);
    expect(remove.stderr).toMatch(/failover test is running.*Nothing was changed/);
    writeFileSync(journalPath, journal);

    const state = JSON.parse(before) as { cluster: { nodes: { name: string; state: string; nicsEnabled: boolean }[] } };
    for (const n of state.cluster.nodes)
      if (n.name === 'EX02') {
        n.state = 'Down';
        n.nicsEnabled = false;
      }
    writeFileSync(labState, JSON.stringify(state));
    const only = exha(['maintenance', '--node', 'EX01', ...at]);
    expect(only.status).toBe(3);
    expect(only.stderr).toMatch(/EX01 is the only node up/);
    writeFileSync(labState, before);
  });

  it('remove takes the setup down, whoever made it', () => {
    const r = exha(['remove', ...at]);
    expect(r.status, r.stderr).toBe(0);
    const l = lab(dir);
    expect(l.cluster.groups.filter((g) => !g.isCoreGroup)).toEqual([]);
    expect(l.clientAccessArrays).toEqual([]);
    expect(l.databases.map((d) => `${d.name}:${d.rpcClientAccessServer}`)).toEqual([
      'VIP:EX01.rogertech.local',
      'Mailbox Database 01:EX01.rogertech.local',
      'Staff:EX02.rogertech.local',
    ]);
    const check = exha(['check', ...at]);
    expect(check.stdout).toMatch(/No setup found/);
  });
}, 600_000);
