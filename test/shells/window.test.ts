import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(async () => (await import('./electron-mock')).createElectronMock());
vi.mock('electron', async () => (await electron).module);

const mock = await electron;
const { createSecureWindow, hardenApp, secureWebPreferences } = await import('../../electron/main/window');

describe('the window factory', () => {
  it('always uses the secure preferences', () => {
    const win = createSecureWindow({ preload: '/app/dist/electron/preload.cjs' });
    const prefs = (win as unknown as { options: { webPreferences: Record<string, unknown> } }).options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    });
    expect(secureWebPreferences({ partition: 'x', javascript: false })).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      javascript: false,
      partition: 'x',
    });
  });

  it('denies new windows and navigation', () => {
    createSecureWindow({});
    const win = mock.windows.at(-1)!;
    expect(win.webContents.openHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      win.webContents.events.get(name)?.(event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
  });

  it('adds the strict CSP header to every response and grants no permission', () => {
    hardenApp();
    const { onHeadersReceived } = mock.module.session.defaultSession.webRequest;
    const listener = onHeadersReceived.mock.calls[0]![0] as (
      details: unknown,
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    let headers: Record<string, string[]> = {};
    listener({ responseHeaders: { 'X-Other': ['1'] } }, (r) => {
      headers = r.responseHeaders;
    });
    expect(headers['X-Other']).toEqual(['1']);
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');

    const permission = mock.module.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (
      c: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void;
    const answer = vi.fn();
    permission(null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(mock.module.app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
  });
});
