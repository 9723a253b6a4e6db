// What the failover test pays to keep the wizard's sessions off the node it takes down: both sessions moved
// to the other server and back inside the running engine (RunSession.place, as the step does), beside what
// it paid before, a new engine session at each placement (pwsh, the lab prelude, both sessions, the imports).
// Pooled lab servers, as the test suite has them; without a pool every moved session starts a server of its own.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PowerShellSession } from '../electron/powershell';
import { RunSession } from '../electron/procedure/run-session';
import { defaultLabSeed } from '../electron/targets/lab';
import { preludeOf, targetOf, type RunTarget } from '../electron/targets/factory';
import { ZERO_DELAYS } from '../test/helpers/lab-delays';
import { startLabServerPool } from '../test/setup/lab-server-pool';
import type { BenchResult } from './run';

const ROUNDS = 5;
const EX02 = { exchangeServer: 'EX02', clusterNode: 'EX02' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** CPU-seconds the engine's process (and its PowerShell host child) has used so far (Linux; 0 elsewhere). */
function engineCpu(pid: number | undefined): number {
  if (pid === undefined || process.platform !== 'linux') return 0;
  let ticks = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      const stat = readFileSync(`/proc/${String(p)}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${String(pid)}/task/${String(pid)}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'exha-bench-move-'));
  const labSeedPath = join(dir, 'seed.json');
  copyFileSync(defaultLabSeed(), labSeedPath);
  const pool = await startLabServerPool(2);
  const before = process.env.EXHA_LAB_SERVER_POOL;
  process.env.EXHA_LAB_SERVER_POOL = pool.directory;
  const options = { stateDir: dir, labSeedPath, labStatePath: join(dir, 'lab.json'), labDelays: ZERO_DELAYS };
  const target = targetOf({ target: 'lab', exchangeServer: 'EX01', clusterNode: 'EX01' }, options) as RunTarget;
  const moves: number[] = [];
  const moveCpu: number[] = [];
  const restarts: number[] = [];
  const restartCpu: number[] = [];
  try {
    const session = new RunSession({ ...options, onTranscript: () => undefined });
    try {
      const ps = await session.connected(target);
      await ps.invoke({ script: '$null' });
      for (let i = 0; i < ROUNDS + 1; i++) {
        const cpu = engineCpu(ps.pid);
        const started = performance.now();
        await session.place(target, EX02, 'Reopen both sessions on EX02');
        await session.place(target, null, 'Put both sessions back on EX01');
        // The first round compiles the move's code: not counted.
        if (i > 0) {
          moves.push(performance.now() - started);
          moveCpu.push(engineCpu(ps.pid) - cpu);
        }
      }
    } finally {
      await session.close();
    }
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      let cpu = 0;
      for (const placement of [EX02, null]) {
        const prelude = preludeOf(target, { ...options, credential: null }, placement ?? undefined);
        const engine = new PowerShellSession({ prelude });
        await engine.invoke({ script: '$null' });
        cpu += engineCpu(engine.pid);
        await engine.dispose();
      }
      restarts.push(performance.now() - started);
      restartCpu.push(cpu);
    }
  } finally {
    if (before === undefined) delete process.env.EXHA_LAB_SERVER_POOL;
    else process.env.EXHA_LAB_SERVER_POOL = before;
    await pool.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      name: 'both sessions to the survivor and back, in the engine',
      value: median(moves) / 1000,
      unit: 's',
      note: `median of ${String(ROUNDS)}; the engine's CPU ${median(moveCpu).toFixed(2)} s`,
    },
    {
      name: 'the same as two new engine sessions (before)',
      value: median(restarts) / 1000,
      unit: 's',
      note: `median of ${String(ROUNDS)}; the engines' CPU ${median(restartCpu).toFixed(2)} s`,
    },
  ];
}
