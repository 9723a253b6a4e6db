// What the state folder's lock costs: taking and releasing it (a worker thread listens on the folder's
// socket), asking who holds it (exha status: a worker connects), and the check before each journal write.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateLock } from '../electron/procedure/state-lock';
import type { BenchResult } from './run';

const RUNS = 20;
const CHECKS = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timed(runs: number, act: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    act();
    times.push(performance.now() - started);
  }
  return median(times);
}

export function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'exha-bench-lock-'));
  const take = timed(RUNS, () => {
    StateLock.acquire(dir, 'bench').release();
  });
  const lock = StateLock.acquire(dir, 'bench');
  try {
    const holder = timed(RUNS, () => StateLock.holderOf(dir));
    const started = performance.now();
    for (let i = 0; i < CHECKS; i += 1) StateLock.assertHeld(dir);
    const check = ((performance.now() - started) * 1000) / CHECKS;
    return Promise.resolve([
      { name: 'lock: acquire + release (median)', value: take, unit: 'ms', note: `${String(RUNS)} runs` },
      { name: 'lock: holderOf, held (median)', value: holder, unit: 'ms', note: `${String(RUNS)} runs` },
      { name: 'lock: check before a journal write', value: check, unit: 'µs', note: `mean of ${String(CHECKS)}` },
    ]);
  } finally {
    lock.release();
  }
}
