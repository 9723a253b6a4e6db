// The exha CLI as a newcomer uses it, through real pwsh and the lab: plan runs nothing, bad answers
// change nothing, and a run killed with SIGKILL anywhere resumes to the same end state.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../shared/steps';
import { exha as exhaRun, spawnExha } from '../helpers/exha';

const exha = (args: string[], env: Record<string, string> = {}) => exhaRun(args, { env });

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'exha-cli-'));
}

/** The parts of the lab a run changes, in a comparable form. */
function endState(labState: string) {
  const lab = JSON.parse(readFileSync(labState, 'utf8')) as {
    cluster: { groups: { name: string; ownerNode: string }[]; resources: { name: string; state: string; group: string }[] };
    clientAccessArrays: { name: string; fqdn: string }[];
    databases: { name: string; rpcClientAccessServer: string; activeServer: string }[];
    dns: { records: { name: string; address: string }[] };
    lab: { timeline: { event?: string; type?: string; kind?: string; message?: string }[] };
  };
  return {
    groups: lab.cluster.groups.map((g) => `${g.name}@${g.ownerNode}`).sort(),
    resources: lab.cluster.resources.map((r) => `${r.group}/${r.name}:${r.state}`).sort(),
    arrays: lab.clientAccessArrays.map((a) => `${a.name}=${a.fqdn}`),
    databases: lab.databases.map((d) => `${d.name}:${d.rpcClientAccessServer}@${d.activeServer}`).sort(),
    dns: lab.dns.records.map((r) => `${r.name}=${r.address}`).sort(),
  };
}

describe('exha', () => {
  // One whole run serves two tests: its output, status, reports and rollback; and, as it was before the
  // rollback, the end state the SIGKILLed runs must reach.
  let whole: { stateDir: string; run: ReturnType<typeof exha>; endState: ReturnType<typeof endState> };
  beforeAll(() => {
    const stateDir = tempDir();
    const run = exha(['run', '--lab', '--lab-fast', '--state-dir', stateDir, '--json']);
    whole = { stateDir, run, endState: endState(join(stateDir, 'lab-state.json')) };
  }, 240_000);

  it('plan prints every step and its rollback, and runs nothing', () => {
    const stateDir = tempDir();
    const r = exha(['plan', '--lab', '--state-dir', stateDir]);
    expect(r.status).toBe(0);
    for (const step of STEPS) expect(r.stdout).toContain(`#### ${step.title}`);
    expect(r.stdout).toContain("-Name 'CASArray' -Address '192.168.0.110'");
    expect(r.stdout).toContain('# ROLLBACK: Stop and remove the cluster group');
    expect(existsSync(join(stateDir, 'journal.json'))).toBe(false);
    expect(existsSync(join(stateDir, 'lab-state.json'))).toBe(false);
  });

  it('refuses bad answers with a clear message before anything runs', () => {
    const stateDir = tempDir();
    const answers = join(stateDir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: "CAS'Array", address: '192.168.0.110' }));
    const quoted = exha(['run', '--lab', '--lab-fast', '--state-dir', stateDir, '--answers', answers]);
    expect(quoted.status).toBe(2);
    expect(quoted.stderr).toMatch(/letters, digits and hyphens/);
    expect(existsSync(join(stateDir, 'journal.json'))).toBe(false);

    writeFileSync(answers, JSON.stringify({ name: 'CASArray', address: '10.9.9.9', network: 'Cluster Network 1' }));
    const outside = exha(['run', '--lab', '--lab-fast', '--state-dir', stateDir, '--answers', answers, '--json']);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/10\.9\.9\.9 is outside Cluster Network 1 \(192\.168\.0\.0\/24\)/);
    const lab = endState(join(stateDir, 'lab-state.json'));
    expect(lab.groups.some((g) => g.startsWith('CASArray'))).toBe(false);
    expect(lab.arrays).toEqual([]);
  });

  it('runs the whole procedure, reports status, and rolls it all back', () => {
    const { stateDir, run } = whole;
    expect(run.stderr).toContain('Failover test: done');
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; current: string; steps: { status: string }[] };
    expect(result.ok).toBe(true);
    expect(result.current).toBe('complete');
    const state = whole.endState;
    expect(state.arrays).toEqual(['CASArray=CASArray.rogertech.local']);
    expect(state.databases.every((d) => d.includes(':CASArray.rogertech.local@'))).toBe(true);

    const status = exha(['status', '--state-dir', stateDir]);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/done\s+Failover test/);

    const reportDir = tempDir();
    for (const format of ['json', 'html', 'ps1'] as const) {
      const out = join(reportDir, `report.${format}`);
      const report = exha(['report', '--state-dir', stateDir, '--format', format, '--out', out]);
      expect(report.status, report.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('CASArray');
    }
    const json = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as {
      lab: boolean;
      run: { status: string; acknowledgement: { by: string | null; at: string | null } | null };
    };
    expect(json.run.status).toBe('complete');
    // The CLI's note is an acknowledgement the journal records, with the user and the time, as the window's is.
    expect(run.stderr).toContain('Acknowledged: the journal records your user name and the time');
    expect(json.run.acknowledgement?.by).toMatch(/\S/);
    expect(json.run.acknowledgement?.at).toMatch(/^\d{4}-/);
    expect(json.lab).toBe(true);

    const back = exha(['rollback', '--state-dir', stateDir, '--lab-fast']);
    expect(back.status, back.stderr).toBe(0);
    const rolledBack = exha(['report', '--state-dir', stateDir, '--format', 'json', '--out', join(reportDir, 'rolled-back.json')]);
    expect(rolledBack.status, rolledBack.stderr).toBe(0);
    const rb = JSON.parse(readFileSync(join(reportDir, 'rolled-back.json'), 'utf8')) as {
      run: { rollbacks: { by: string | null; result: string }[] };
    };
    expect(rb.run.rollbacks.map((r) => r.result)).toEqual(['done']);
    expect(rb.run.rollbacks[0]?.by).toMatch(/\S/);
    const after = endState(join(stateDir, 'lab-state.json'));
    expect(after.arrays).toEqual([]);
    expect(after.groups.some((g) => g.startsWith('CASArray'))).toBe(false);
    expect(after.databases).toContain('VIP:EX01.rogertech.local@EX01');
  });

  it('survives SIGKILL at every step boundary and mid-step, and resumes to the same end state', async () => {
    expect(whole.run.status).toBe(0);
    const want = whole.endState;

    const stateDir = tempDir();
    // Mid-step in every step (the journal says it is running: resume must probe before redoing it), and just
    // after each step that changes the servers (its effect is made and must not be made again).
    const killPoints = STEPS.filter((s) => s.id !== 'complete').flatMap((s) => [
      `▶ ${s.title}: running`,
      ...(s.changesServers ? [`✔ ${s.title}: done`] : []),
    ]);
    let kills = 0;
    let args = ['run', '--lab', '--lab-fast', '--state-dir', stateDir];
    for (const point of killPoints) {
      const child = spawnExha(args);
      let stderr = '';
      const killed = await new Promise<boolean>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes(point)) {
            child.kill('SIGKILL');
          }
        });
        child.on('exit', (_code, signal) => {
          resolve(signal === 'SIGKILL');
        });
      });
      if (killed) kills += 1;
      // The journal is always readable, whenever the kill landed.
      const journal = JSON.parse(readFileSync(join(stateDir, 'journal.json'), 'utf8')) as { schemaVersion: number };
      expect(journal.schemaVersion).toBe(1);
      args = ['resume', '--lab-fast', '--state-dir', stateDir];
      if (!killed) break;
    }
    expect(kills).toBeGreaterThanOrEqual(12);
    const status = exha(['status', '--json', '--state-dir', stateDir]);
    const finished = JSON.parse(status.stdout) as { current: string; phase: string };
    if (!(finished.current === 'complete' && finished.phase === 'done')) {
      // A kill inside the failover test leaves it asking before a second outage: agree here.
      const last = exha(['resume', '--lab-fast', '--retest-failover', '--state-dir', stateDir]);
      expect(last.status, last.stderr).toBe(0);
    }
    expect(endState(join(stateDir, 'lab-state.json'))).toEqual(want);
    // No step's effect was applied twice: each creation happened once, each database changed once.
    const timeline = (
      JSON.parse(readFileSync(join(stateDir, 'lab-state.json'), 'utf8')) as { lab: { timeline: { kind: string; subject: string }[] } }
    ).lab.timeline;
    const count = (kind: string, subject?: string) =>
      timeline.filter((e) => e.kind === kind && (subject === undefined || e.subject === subject)).length;
    expect(count('GroupCreated', 'CASArray')).toBe(1);
    expect(count('ClientAccessArrayCreated')).toBe(1);
    expect(count('ComputerObjectCreated')).toBe(1);
    expect(count('DependencyAdded')).toBe(1);
    for (const db of ['VIP', 'Staff', 'Mailbox Database 01']) expect(count('RpcClientAccessServerChanged', db)).toBe(1);
  }, 300_000);
});
