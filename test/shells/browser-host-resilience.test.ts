// The browser host cannot be knocked over: a frame over the size limit or one of invalid UTF-8 closes that
// socket only, and the host keeps serving every other page. One run at a time: of twenty `start` calls sent
// at once, one starts a run and the others are refused with the reason.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { WireMessage } from '../../shared/contract';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { createWizard, type WizardController } from '../../electron/procedure/controller';
import type { Wizard } from '../../electron/procedure/wizard';
import { createStubHost } from './stub-host';
import { get, nextMessage, openSocket } from './helpers';
import { exportReport } from '../../electron/report/export';
import { ZERO_DELAYS } from '../helpers/lab-delays';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(host: Wizard): Promise<{ server: BrowserHost; port: number; logged: string[]; connect: () => Promise<WebSocket> }> {
  const dir = await mkdtemp(join(tmpdir(), 'exha-bhr-'));
  await mkdir(join(dir, 'renderer'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>wizard</title>');
  const logged: string[] = [];
  const server = await startBrowserHost({
    host,
    port: 0,
    staticDir: join(dir, 'renderer'),
    log: (line) => {
      logged.push(line);
    },
  });
  const port = Number(new URL(server.url).port);
  const sockets: WebSocket[] = [];
  cleanups.push(async () => {
    for (const ws of sockets) ws.terminate();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const connect = async (): Promise<WebSocket> => {
    const ws = await openSocket(`ws://127.0.0.1:${String(port)}/api?token=${server.token}`, { origin: `http://127.0.0.1:${String(port)}` });
    sockets.push(ws);
    return ws;
  };
  return { server, port, logged, connect };
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.once('close', (code) => {
      resolve(code);
    });
  });
}

async function roundTrip(ws: WebSocket, id: number): Promise<WireMessage> {
  const answer = nextMessage(ws, (m) => m.kind === 'result' && m.id === id);
  ws.send(JSON.stringify({ id, op: 'getView', arg: null }));
  return answer;
}

describe('browser host: bad frames', () => {
  it('closes only the socket that sent a frame over 64 KiB or invalid UTF-8, logs it, and keeps serving', async () => {
    const { port, logged, connect } = await serve(createStubHost());
    const bystander = await connect();

    const big = await connect();
    const bigClosed = closeCode(big);
    big.send(JSON.stringify({ id: 1, op: 'getView', arg: 'x'.repeat(70 * 1024) }));
    expect(await bigClosed).toBe(1009);

    const garbled = await connect();
    const garbledClosed = closeCode(garbled);
    garbled.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false });
    expect(await garbledClosed).toBe(1007);

    expect(logged.filter((l) => l.startsWith('closed a WebSocket after a bad frame'))).toHaveLength(2);
    expect(logged.join('\n')).toMatch(/Max payload size exceeded/);
    expect(logged.join('\n')).toMatch(/invalid UTF-8/i);
    // Still serving: the page that did nothing wrong, a new page, and HTTP.
    expect(await roundTrip(bystander, 2)).toMatchObject({ kind: 'result', id: 2, ok: true });
    expect(await roundTrip(await connect(), 3)).toMatchObject({ kind: 'result', id: 3, ok: true });
    expect((await get(port, '/favicon.ico')).status).toBe(204);
  });
});

describe('browser host: one run at a time', () => {
  it('starts one run for twenty simultaneous start calls and refuses the rest with the reason', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'exha-bhr-state-'));
    const host: WizardController = createWizard({
      exportReport,
      stateDir,
      labDelays: ZERO_DELAYS,
    });
    cleanups.push(async () => {
      await host.dispose();
      await rm(stateDir, { recursive: true, force: true });
    });
    const { connect } = await serve(host);
    const ws = await connect();
    ws.setMaxListeners(30);
    const ids = Array.from({ length: 20 }, (_, i) => 100 + i);
    const answers = ids.map((id) => nextMessage(ws, (m) => m.kind === 'result' && m.id === id));
    for (const id of ids) ws.send(JSON.stringify({ id, op: 'start', arg: { target: 'lab' } }));
    const results = await Promise.all(answers);
    const accepted = results.filter((r) => r.kind === 'result' && r.ok);
    const refused = results.filter((r): r is Extract<WireMessage, { ok: false }> => r.kind === 'result' && !r.ok);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      expect(r.error.code).toBe('not-allowed');
      expect(r.error.message).toMatch(/one run at a time/);
    }
    await host.idle();
  });
});
