// The renderer's WebSocket bridge (the same code the page runs) against the real browser host.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { OPERATIONS, type WizardView } from '../../shared/contract';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { createWsApi, type Connect } from '../../renderer/src/bridge/ws-client';
import { createStubHost, type StubHost } from './stub-host';

let dir: string;
let stub: StubHost;
let server: BrowserHost;
let live: WebSocket[];
let api: ReturnType<typeof createWsApi>;

/** What the page's browserSocket does, with ws; the Origin is what a browser would send for our page. */
const nodeSocket =
  (origin: string): Connect =>
  (url, events) => {
    const ws = new WebSocket(url, { origin });
    live.push(ws);
    ws.on('open', () => {
      events.opened();
    });
    ws.on('message', (data: Buffer) => {
      events.message(data.toString('utf8'));
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      events.closed();
    });
    return {
      send: (text) => {
        ws.send(text);
      },
      close: () => {
        ws.close();
      },
    };
  };

function viewWhere(match: (view: WizardView) => boolean): Promise<WizardView> {
  return new Promise((resolve) => {
    const stop = api.onView((view) => {
      if (!match(view)) return;
      stop();
      resolve(view);
    });
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exha-bridge-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  stub = createStubHost();
  live = [];
  server = await startBrowserHost({ host: stub, staticDir: dir, log: () => undefined });
  const { host } = new URL(server.url);
  api = createWsApi({
    url: `ws://${host}/api?token=${server.token}`,
    connect: nodeSocket(`http://${host}`),
    firstRetryMs: 10,
    maxRetryMs: 50,
  });
});

afterEach(async () => {
  api.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('renderer bridge over WebSocket', () => {
  it('has one function per operation, plus onView', () => {
    for (const op of OPERATIONS) expect(typeof api[op]).toBe('function');
  });

  it('sends calls made before the socket opens and resolves each with its own result', async () => {
    const [view, report] = await Promise.all([api.start({ target: 'lab' }), api.exportReport({ format: 'json' })]);
    expect(view.started).toBe(true);
    expect(report.fileName).toBe('report.html');
    expect(stub.calls.map((c) => c.op)).toEqual(['start', 'exportReport']);
  });

  it('rejects with the host error message', async () => {
    stub.failNext('next', new Error('Finish the preflight first.'));
    await expect(api.next(null)).rejects.toThrow('Finish the preflight first.');
    await expect(api.next({ bogus: 1 } as unknown as null)).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('delivers pushed views to listeners', async () => {
    await api.getView(null);
    const pushed = viewWhere((v) => v.phase === 'running');
    stub.push({ phase: 'running' });
    expect((await pushed).phase).toBe('running');
  });

  it('reconnects after the socket drops and fetches the current view', async () => {
    await api.getView(null);
    const callsBefore = stub.calls.length;
    stub.push({ phase: 'failed' });
    const refreshed = viewWhere((v) => v.phase === 'failed');
    live[0]!.terminate();
    await refreshed;
    await expect(api.retry(null)).resolves.toMatchObject({ phase: 'failed' });
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect(stub.calls.slice(callsBefore).map((c) => c.op)).toEqual(['getView', 'retry']);
  });
});
