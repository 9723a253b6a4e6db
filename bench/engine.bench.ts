// What the engine costs per call: a trivial command through the warm engine, against the same
// command written straight to a warm pwsh's stdin (the floor), and against a fresh pwsh per
// command (what the engine saves). The raw child processes here are the baseline only.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { PowerShellSession, resolvePowerShell } from '../electron/powershell';
import type { BenchResult } from './run';

const WARM_RUNS = 50;
const SPAWN_RUNS = 5;
const ARGS = ['-NoLogo', '-NoProfile', '-NonInteractive'];
const ENV = { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' };

export async function run(): Promise<BenchResult[]> {
  const exe = resolvePowerShell();
  const engine = await timeEngine(exe);
  const raw = await timeRawWarm(exe);
  const spawned = await timeSpawnEach(exe);
  return [
    { name: 'engine: 1+1, warm session (median)', value: engine, unit: 'ms', note: `${WARM_RUNS} runs` },
    { name: 'raw warm pwsh over stdin: 1+1 (median)', value: raw, unit: 'ms', note: `${WARM_RUNS} runs` },
    { name: 'new pwsh process per command: 1+1 (median)', value: spawned, unit: 'ms', note: `${SPAWN_RUNS} runs` },
    { name: 'engine / raw warm', value: engine / raw, unit: 'x', note: 'protocol overhead' },
    { name: 'spawn per command / engine', value: spawned / engine, unit: 'x', note: 'what a warm session saves' },
  ];
}

async function timeEngine(executable: string): Promise<number> {
  const session = new PowerShellSession({ executable });
  try {
    await session.invoke({ script: '1+1' });
    const times: number[] = [];
    for (let i = 0; i < WARM_RUNS; i += 1) {
      const started = performance.now();
      const result = await session.invoke({ script: '1+1' });
      times.push(performance.now() - started);
      if (!result.ok || result.data !== 2) throw new Error('engine returned a wrong result');
    }
    return median(times);
  } finally {
    await session.dispose();
  }
}

async function timeRawWarm(exe: string): Promise<number> {
  const child = spawn(exe, [...ARGS, '-Command', '-'], { env: ENV });
  const lines = lineReader(child);
  try {
    const ask = async (i: number): Promise<void> => {
      child.stdin.write(`1+1; 'done-${i}'\n`);
      const seen: string[] = [];
      for (;;) {
        const line = await lines.next();
        if (line === `done-${i}`) break;
        seen.push(line);
      }
      // pwsh sprinkles terminal mode escapes into redirected output; the answer is what remains.
      if (!seen.some((line) => line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') === '2')) throw new Error(`raw pwsh answered ${seen.join('|')}`);
    };
    await ask(-1);
    const times: number[] = [];
    for (let i = 0; i < WARM_RUNS; i += 1) {
      const started = performance.now();
      await ask(i);
      times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    child.stdin.end('exit\n');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function timeSpawnEach(exe: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SPAWN_RUNS; i += 1) {
    const started = performance.now();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(exe, [...ARGS, '-Command', '1+1'], { env: ENV });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once('error', reject);
      child.once('close', () => {
        resolve(out);
      });
    });
    times.push(performance.now() - started);
    if (output.trim() !== '2') throw new Error(`pwsh -Command answered ${output}`);
  }
  return median(times);
}

function lineReader(child: ChildProcessWithoutNullStreams): { next: () => Promise<string> } {
  const ready: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split(/\r?\n/);
    partial = parts.pop() ?? '';
    for (const line of parts) {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else ready.push(line);
    }
  });
  return {
    next: () => {
      const line = ready.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
