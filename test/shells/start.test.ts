// `npm start` on a machine without Electron's binary: one line saying so, then the printed address
// serves the wizard, and Ctrl+C stops everything with exit code 0. Needs the engine and a built renderer.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStateDir } from '../../electron/procedure/state-folder';
import { get, nextMessage, openSocket } from './helpers';

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

  it('keeps its state in the folder exha uses by default: a run started there shows in exha status, neither given --state-dir', async () => {
    // A home of its own for both processes: the real one is never written.
    stateDir = await mkdtemp(join(tmpdir(), 'exha-home-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: stateDir, LOCALAPPDATA: join(stateDir, 'AppData', 'Local') };
    env.ELECTRON_OVERRIDE_DIST_PATH = '';
    delete env.EXHA_STATE_DIR;
    delete env.XDG_STATE_HOME;
    const expected = defaultStateDir(env);
    expect(expected.startsWith(stateDir)).toBe(true);
    child = spawn(process.execPath, ['bin/start.js', '--browser', '--lab-delays-zero'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const { match: folder, before } = await lineMatching(child, /^\(state folder: (.+); Ctrl\+C stops the wizard\)$/);
    expect(folder[1]).toBe(expected);
    const open = before.map((l) => /^Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(l)).find((m) => m !== null);
    const url = new URL(open?.[1] ?? '');
    const ws = await openSocket(`ws://127.0.0.1:${url.port}/api?token=${url.searchParams.get('token') ?? ''}`, {
      origin: `http://127.0.0.1:${url.port}`,
    });
    const started = nextMessage(ws, (m) => m.kind === 'result');
    ws.send(JSON.stringify({ id: 1, op: 'start', arg: { target: 'lab' } }));
    expect(await started).toMatchObject({ kind: 'result', id: 1, ok: true });
    ws.close();

    const status = spawnSync(process.execPath, ['bin/exha.js', 'status', '--json'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(status.status, status.stderr).toBe(0);
    const seen = JSON.parse(status.stdout) as { stateDir: string; steps: { id: string; status: string }[] };
    expect(seen.stateDir).toBe(expected);
    expect(seen.steps.find((s) => s.id === 'connect')?.status).not.toBe('pending');

    const exited = new Promise<number | null>((resolve) => {
      child?.once('exit', (code) => {
        resolve(code);
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
