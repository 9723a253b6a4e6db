// `npm start` on a machine without Electron's binary: one line saying so, then the printed address
// serves the wizard, and Ctrl+C stops everything with exit code 0. Needs the engine and a built renderer.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { get } from './helpers';

const ready = existsSync('electron/procedure/controller.ts') && existsSync('dist/renderer/index.html');
// Where Electron's binary was downloaded, npm start would open a window: force the browser host there.
const electronInstalled = existsSync('node_modules/electron/path.txt');
let child: ChildProcess | null = null;
let stateDir = '';

afterEach(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  if (stateDir !== '') await rm(stateDir, { recursive: true, force: true });
});

function lineMatching(proc: ChildProcess, pattern: RegExp): Promise<{ match: RegExpMatchArray; before: string[] }> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let buffer = '';
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        const match = pattern.exec(line);
        if (match !== null) resolve({ match, before: lines });
        lines.push(line);
      }
    });
    proc.once('exit', (code) => {
      reject(new Error(`exited ${String(code)} before printing ${String(pattern)}: ${lines.join('\n')}`));
    });
  });
}

describe.skipIf(!ready)('npm start without the Electron binary', () => {
  it('falls back to the browser host in one line and stops cleanly on Ctrl+C', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'exha-start-'));
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' };
    const flags = ['--state-dir', stateDir, '--lab-delays-zero', ...(electronInstalled ? ['--browser'] : [])];
    child = spawn(process.execPath, ['bin/start.js', ...flags], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const { match, before } = await lineMatching(child, /^Open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)$/);
    expect(before.filter((l) => l.startsWith('Electron is not available'))).toHaveLength(electronInstalled ? 0 : 1);
    const url = new URL(match[1]!);
    expect((await get(Number(url.port), `${url.pathname}${url.search}`)).status).toBe(200);
    expect((await get(Number(url.port), '/')).status).toBe(403);

    const exited = new Promise<number | null>((resolve) => {
      child?.once('exit', (code) => {
        resolve(code);
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
