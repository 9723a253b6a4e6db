// The exha command line as the admin runs it (bin/exha.js in a Node of its own), for the CLI tests and benchmarks.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXHA = join(ROOT, 'bin', 'exha.js');

/**
 * Runs exha to its end and returns its exit status and output. `timeoutMs` is a backstop against a hung
 * run, not a measure: a lab run on a busy two-core machine can take minutes.
 */
export function exha(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [EXHA, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 240_000,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
}

/** Starts exha in the background; its progress comes on stderr (to wait for a line, or to kill it at one). */
export function spawnExha(args: string[]): ChildProcessByStdio<null, null, Readable> {
  return spawn(process.execPath, [EXHA, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Runs exha in the background to its end: its exit status and everything it said on stderr. */
export function exhaToEnd(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnExha(args);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ status, stderr });
    });
  });
}
