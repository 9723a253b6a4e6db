// The whole lab procedure through the CLI, lab delays at zero, reaching the lab over PowerShell remoting: wall time from process start, and how
// much of it was PowerShell (every command's duration from the journal) versus the app itself.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exha } from '../test/helpers/exha';
import type { BenchResult } from './run';

const RUNS = 3;

interface Journal {
  commands: { durationMs: number }[];
}

function once(): { wallMs: number; powershellMs: number; commands: number } {
  const stateDir = mkdtempSync(join(tmpdir(), 'exha-bench-'));
  const started = performance.now();
  const r = exha(['run', '--lab', '--lab-fast', '--state-dir', stateDir]);
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`exha run failed (${String(r.status)}): ${r.stderr}`);
  const journal = JSON.parse(readFileSync(join(stateDir, 'journal.json'), 'utf8')) as Journal;
  return { wallMs, powershellMs: journal.commands.reduce((sum, c) => sum + c.durationMs, 0), commands: journal.commands.length };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function run(): Promise<BenchResult[]> {
  const runs = Array.from({ length: RUNS }, once);
  const wall = median(runs.map((r) => r.wallMs));
  const ps = median(runs.map((r) => r.powershellMs));
  await Promise.resolve();
  return [
    {
      name: 'whole lab procedure, wall time from process start',
      value: wall / 1000,
      unit: 's',
      note: `median of ${String(RUNS)}; through the PSRP boundary (lab servers in their own processes); aim ≤ 12 s`,
    },
    {
      name: 'time inside PowerShell commands',
      value: ps / 1000,
      unit: 's',
      note: `${String(runs[0]?.commands ?? 0)} commands; ${String(Math.round((ps / wall) * 100))}% of wall time`,
    },
    {
      name: 'app share (start-up, pwsh start, journal, machine)',
      value: (wall - ps) / 1000,
      unit: 's',
      note: `${String(Math.round(((wall - ps) / wall) * 100))}% of wall time`,
    },
  ];
}
