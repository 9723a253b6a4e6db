// The one window factory. Every BrowserWindow the app opens (the wizard, the hidden PDF printer) gets
// these preferences; navigation, new windows and permission requests are refused app-wide.
import { app, BrowserWindow, session, type Session, type WebContents, type WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../host/csp';

export interface PageOptions {
  preload?: string;
  /** A separate in-memory session, e.g. for the report printer, which must not get the app's CSP. */
  partition?: string;
  javascript?: boolean;
}

export function secureWebPreferences(page: PageOptions = {}): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
    javascript: page.javascript ?? true,
    ...(page.preload === undefined ? {} : { preload: page.preload }),
    ...(page.partition === undefined ? {} : { partition: page.partition }),
  };
}

export interface WindowOptions extends PageOptions {
  show?: boolean;
  title?: string;
}

export function createSecureWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    show: options.show ?? false,
    title: options.title ?? 'Exchange HA Wizard',
    webPreferences: secureWebPreferences(options),
  });
  lockDown(win.webContents);
  return win;
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Once, before any window: the CSP header on every response and no permission is ever granted. */
export function hardenApp(target: Session = session.defaultSession): void {
  const csp = contentSecurityPolicy();
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  target.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  // Anything that creates web contents behind our back (devtools extensions, future code) is locked too.
  app.on('web-contents-created', (_event, contents) => {
    lockDown(contents);
  });
}
