import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OPERATIONS, VIEW_CHANNEL, channelOf } from '../../shared/contract';
import { createStubHost, type StubHost } from './stub-host';

const electron = vi.hoisted(async () => (await import('./electron-mock')).createElectronMock());
vi.mock('electron', async () => (await electron).module);

const { registerIpc } = await import('../../electron/main/ipc');
const mock = await electron;

const RENDERER = 'file:///opt/exha/resources/app.asar/dist/renderer/index.html';
let stub: StubHost;
let win: InstanceType<typeof mock.FakeWindow>;
let logged: string[];
let unregister: () => void;

beforeEach(() => {
  mock.handlers.clear();
  stub = createStubHost();
  win = new mock.FakeWindow({});
  win.webContents.mainFrame.url = RENDERER;
  logged = [];
  unregister = registerIpc({
    wizard: stub,
    window: () => win as unknown as BrowserWindow,
    rendererUrl: RENDERER,
    log: (l) => {
      logged.push(l);
    },
  });
});

function invoke(op: string, arg: unknown, frame: unknown = win.webContents.mainFrame): Promise<unknown> {
  const handler = mock.handlers.get(channelOf(op as never));
  if (handler === undefined) throw new Error(`no handler for ${op}`);
  return Promise.resolve(handler({ senderFrame: frame }, arg));
}

describe('main IPC', () => {
  it('registers exactly one handler per operation, and removes them', () => {
    expect([...mock.handlers.keys()].sort()).toEqual(OPERATIONS.map(channelOf).sort());
    unregister();
    expect(mock.handlers.size).toBe(0);
  });

  it('lets a good message from our own page reach the host', async () => {
    await expect(invoke('start', { target: 'lab' })).resolves.toMatchObject({ ok: true, value: { started: true } });
    expect(stub.calls).toEqual([{ op: 'start', request: { target: 'lab' } }]);
  });

  it('drops messages from any other frame before looking at them', async () => {
    const main = win.webContents.mainFrame;
    const foreign = [
      null,
      { ...main, routingId: 2, parent: main },
      { ...main, processId: 9 },
      { ...main, url: 'https://evil.example/index.html' },
      { ...main, url: 'file:///tmp/other/index.html' },
    ];
    for (const frame of foreign) {
      await expect(invoke('start', { target: 'lab' }, frame)).resolves.toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    }
    win.destroyed = true;
    await expect(invoke('start', { target: 'lab' })).resolves.toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(stub.calls).toEqual([]);
    expect(logged.filter((l) => l.startsWith('dropped start'))).toHaveLength(6);
  });

  it('rejects a malformed argument without calling the host, and logs it', async () => {
    for (const arg of [undefined, { target: 'prod' }, { target: 'lab', extra: true }, 'lab']) {
      await expect(invoke('start', arg)).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(stub.calls).toEqual([]);
    expect(logged.filter((l) => l.startsWith('refused start'))).toHaveLength(4);
  });

  it('turns a host failure into an ApiError', async () => {
    stub.failNext('retry', new Error('The PowerShell session died.'));
    await expect(invoke('retry', null)).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'The PowerShell session died.' } });
  });

  it('pushes views to the window on the view channel, and stops when unregistered', () => {
    stub.push({ phase: 'running' });
    expect(win.webContents.send).toHaveBeenCalledWith(VIEW_CHANNEL, expect.objectContaining({ phase: 'running' }));
    unregister();
    stub.push();
    expect(win.webContents.send).toHaveBeenCalledTimes(1);
  });
});
