// A stand-in for the `electron` module (its binary cannot run here), in the spirit of electron/fiddle's
// tests/mocks/electron: just enough surface for main's and the preload's modules, recording what they do.
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export function createElectronMock() {
  const handlers = new Map<string, Listener>();
  const rendererListeners = new Map<string, Set<Listener>>();
  const windows: FakeWindow[] = [];

  class FakeContents {
    readonly mainFrame = { processId: 4, routingId: 1, parent: null, url: '' };
    readonly events = new Map<string, Listener>();
    openHandler: Listener | null = null;
    send = vi.fn();
    setWindowOpenHandler(handler: Listener): void {
      this.openHandler = handler;
    }
    on(event: string, listener: Listener): this {
      this.events.set(event, listener);
      return this;
    }
  }

  class FakeWindow {
    readonly webContents = new FakeContents();
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    once = vi.fn();
    on = vi.fn();
  }

  const onHeadersReceived = vi.fn();
  const setPermissionRequestHandler = vi.fn();
  const module = {
    ipcMain: {
      handle: vi.fn((channel: string, listener: Listener) => {
        handlers.set(channel, listener);
      }),
      removeHandler: vi.fn((channel: string) => {
        handlers.delete(channel);
      }),
    },
    ipcRenderer: {
      invoke: vi.fn(),
      on: vi.fn((channel: string, listener: Listener) => {
        const set = rendererListeners.get(channel) ?? new Set<Listener>();
        set.add(listener);
        rendererListeners.set(channel, set);
      }),
      removeListener: vi.fn((channel: string, listener: Listener) => {
        rendererListeners.get(channel)?.delete(listener);
      }),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    BrowserWindow: FakeWindow,
    app: { on: vi.fn() },
    session: { defaultSession: { webRequest: { onHeadersReceived }, setPermissionRequestHandler } },
  };
  return { module, handlers, rendererListeners, windows, FakeWindow };
}
