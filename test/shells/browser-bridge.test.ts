// The page's bridge in Debian's Chromium against the browser host: the Origin Chromium sends, the CSP
// header and the token in the page URL must all line up for the WebSocket to work.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { createStubHost, type StubHost } from './stub-host';

const CHROMIUM = '/usr/bin/chromium';
let dir: string;
let stub: StubHost;
let server: BrowserHost;
let browser: Browser;

// A page that does what the renderer does: connectApi(), one call, and shows what came back.
const PAGE_SCRIPT = `
import { connectApi } from '${process.cwd()}/renderer/src/bridge/index.ts';
const api = connectApi();
api.onView((view) => { document.body.dataset.pushed = view.phase; });
api.start({ target: 'lab' }).then((view) => { document.body.dataset.started = String(view.started); },
  (err) => { document.body.dataset.error = err.message; });
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exha-page-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'entry.ts'), PAGE_SCRIPT);
  await build({
    entryPoints: [join(dir, 'entry.ts')],
    bundle: true,
    format: 'esm',
    outfile: join(dir, 'assets', 'page.js'),
    logLevel: 'silent',
  });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./assets/page.js"></script></head><body></body></html>',
  );
  stub = createStubHost();
  server = await startBrowserHost({ host: stub, staticDir: dir, log: () => undefined });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
});

afterAll(async () => {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM))('bridge in Chromium', () => {
  it('connects with the token from the page URL, calls, and receives pushes under the CSP', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|WebSocket/.test(m.text())) violations.push(m.text());
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-started="true"]', { state: 'attached' });
    stub.push({ phase: 'running' });
    await page.waitForSelector('body[data-pushed="running"]', { state: 'attached' });
    expect(stub.calls.map((c) => c.op)).toEqual(['start']);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('serves nothing useful to a page opened without the token', async () => {
    const page = await browser.newPage();
    const response = await page.goto(server.url.replace(/\?token=.*/, ''));
    expect(response?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('?token=');
    await page.close();
  });
});
