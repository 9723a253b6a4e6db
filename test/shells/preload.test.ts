import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { OPERATIONS, VIEW_CHANNEL, channelOf, type WizardApi } from '../../shared/contract';
import { stubView } from './stub-host';

const electron = vi.hoisted(async () => (await import('./electron-mock')).createElectronMock());
vi.mock('electron', async () => (await electron).module);

const mock = await electron;
await import('../../electron/preload/preload');

function exposed(): WizardApi {
  expect(mock.module.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = mock.module.contextBridge.exposeInMainWorld.mock.calls[0] as [string, WizardApi];
  expect(key).toBe('exha');
  return api;
}

describe('preload', () => {
  it('exposes exactly one function per operation, plus onView, and nothing else', () => {
    const api = exposed();
    expect(Object.keys(api).sort()).toEqual([...OPERATIONS, 'onView'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes the operation channel and unwraps the reply', async () => {
    const api = exposed();
    mock.module.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: stubView(5) });
    await expect(api.start({ target: 'lab' })).resolves.toMatchObject({ revision: 5 });
    expect(mock.module.ipcRenderer.invoke).toHaveBeenLastCalledWith(channelOf('start'), { target: 'lab' });

    mock.module.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not-allowed', message: 'Not now.' } });
    await expect(api.next(null)).rejects.toMatchObject({ message: 'Not now.', code: 'not-allowed' });
  });

  it('relays views without the IPC event, and unsubscribes', () => {
    const api = exposed();
    const seen: unknown[] = [];
    const stop = api.onView((view) => {
      seen.push(view);
    });
    const listeners = [...(mock.rendererListeners.get(VIEW_CHANNEL) ?? [])];
    expect(listeners).toHaveLength(1);
    listeners[0]!({ sender: 'secret' }, stubView(9));
    expect(seen).toEqual([stubView(9)]);
    stop();
    expect(mock.rendererListeners.get(VIEW_CHANNEL)?.size).toBe(0);
  });

  it('bundles into one CommonJS file that requires nothing but electron', async () => {
    const out = await build({
      entryPoints: ['electron/preload/preload.ts'],
      bundle: true,
      format: 'cjs',
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    expect(out.outputFiles).toHaveLength(1);
    const code = out.outputFiles[0]!.text;
    const required = [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});
