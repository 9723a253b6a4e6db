import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { createStubHost, type StubHost } from './stub-host';
import { closed, get, nextMessage, openSocket } from './helpers';

let dir: string;
let stub: StubHost;
let server: BrowserHost;
let port: number;
const sockets: WebSocket[] = [];
const logged: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exha-bh-'));
  const root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>wizard</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  stub = createStubHost();
  server = await startBrowserHost({
    host: stub,
    port: 0,
    staticDir: root,
    log: (line) => {
      logged.push(line);
    },
  });
  port = Number(new URL(server.url).port);
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const origin = (): string => `http://127.0.0.1:${port}`;
const apiUrl = (token = server.token): string => `ws://127.0.0.1:${port}/api?token=${token}`;
async function connect(options: { token?: string; origin?: string; host?: string } = {}): Promise<WebSocket> {
  const headers: Record<string, string> = options.host === undefined ? {} : { Host: options.host };
  const ws = await openSocket(apiUrl(options.token), { origin: options.origin ?? origin(), headers });
  sockets.push(ws);
  return ws;
}

describe('browser host: HTTP', () => {
  it('binds to loopback and prints the address with the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('serves the page with the token, with the CSP and no-referrer', async () => {
    const res = await get(port, `/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>wizard</title>');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('refuses the page without a token, or with a wrong one, in one line', async () => {
    for (const path of ['/', '/index.html', '/?token=', `/?token=${server.token.slice(1)}`, `/index.html?token=${'A'.repeat(43)}`]) {
      const res = await get(port, path);
      expect(res.status, path).toBe(403);
      expect(res.body.trim().split('\n')).toHaveLength(1);
    }
  });

  it('serves assets with their type, without a token', async () => {
    const res = await get(port, '/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(port, '/favicon.ico')).status).toBe(204);
  });

  it('refuses paths that leave the folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
      '/assets',
    ]) {
      const res = await get(port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await get(port, `/?token=${server.token}`, { Host: `evil.example:${port}` });
    expect(res.status).toBe(403);
    const local = await get(port, `/?token=${server.token}`, { Host: `localhost:${port}` });
    expect(local.status).toBe(200);
  });
});

describe('browser host: WebSocket API', () => {
  it('refuses a wrong or missing token, a foreign Origin, a bad Host', async () => {
    await expect(connect({ token: 'nope' })).rejects.toThrow('refused 403');
    await expect(openSocket(`ws://127.0.0.1:${port}/api`, { origin: origin() })).rejects.toThrow('refused 403');
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('refused 403');
    await expect(connect({ origin: `http://127.0.0.1:${port + 1}` })).rejects.toThrow('refused 403');
    await expect(openSocket(apiUrl())).rejects.toThrow('refused 403');
    await expect(connect({ host: `rebound.example:${port}` })).rejects.toThrow('refused 403');
    const refusals = logged.filter((l) => l.startsWith('refused a WebSocket'));
    expect(refusals).toHaveLength(6);
    expect(refusals.at(-1)).toContain('Host header rebound.example');
    expect(stub.calls).toEqual([]);
  });

  it('answers a malformed message or argument with invalid-request, without calling the host', async () => {
    const ws = await connect();
    const bad = [
      { send: 'not json', id: -1 },
      { send: JSON.stringify({ id: 1, op: 'format-c', arg: null }), id: 1 },
      { send: JSON.stringify({ id: 2, op: 'next', arg: { sneaky: true } }), id: 2 },
      { send: JSON.stringify({ id: 3, op: 'setInputs', arg: { name: 'x', address: 'y', network: 'z', extra: 1 } }), id: 3 },
      { send: JSON.stringify({ id: 4, op: 'rollbackAll', arg: { confirmed: false } }), id: 4 },
    ];
    for (const { send, id } of bad) {
      const answer = nextMessage(ws, (m) => m.kind === 'result');
      ws.send(send);
      const message = await answer;
      expect(message).toMatchObject({ kind: 'result', id, ok: false, error: { code: 'invalid-request' } });
    }
    expect(stub.calls).toEqual([]);
  });

  it('round-trips a valid call and passes host errors on', async () => {
    const ws = await connect();
    let answer = nextMessage(ws, (m) => m.kind === 'result');
    ws.send(JSON.stringify({ id: 7, op: 'start', arg: { target: 'lab' } }));
    expect(await answer).toMatchObject({ kind: 'result', id: 7, ok: true, value: { started: true } });
    expect(stub.calls).toEqual([{ op: 'start', request: { target: 'lab' } }]);

    stub.failNext('next', Object.assign(new Error('Finish this step first.'), { code: 'not-allowed' }));
    answer = nextMessage(ws, (m) => m.kind === 'result');
    ws.send(JSON.stringify({ id: 8, op: 'next', arg: null }));
    expect(await answer).toEqual({ kind: 'result', id: 8, ok: false, error: { code: 'not-allowed', message: 'Finish this step first.' } });

    stub.failNext('retry', new Error('pwsh died'));
    answer = nextMessage(ws, (m) => m.kind === 'result');
    ws.send(JSON.stringify({ id: 9, op: 'retry', arg: null }));
    expect(await answer).toEqual({ kind: 'result', id: 9, ok: false, error: { code: 'failed', message: 'pwsh died' } });
  });

  it('pushes every view to every connected page', async () => {
    const [a, b] = [await connect(), await connect()];
    const seen = [a, b].map((ws) => nextMessage(ws, (m) => m.kind === 'view' && m.view.phase === 'running'));
    stub.push({ phase: 'running' });
    for (const message of await Promise.all(seen)) expect(message).toMatchObject({ kind: 'view', view: { phase: 'running' } });
  });

  it('closes its sockets when it closes', async () => {
    const ws = await connect();
    const gone = closed(ws);
    await server.close();
    await gone;
    server = await startBrowserHost({ host: stub, staticDir: dir });
  });
});
