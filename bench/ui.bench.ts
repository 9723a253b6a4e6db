// The window's weight and speed: the renderer's JavaScript gzipped, and how long Chromium takes from
// navigation to the first screen an admin can act on (the Connect screen's Next enabled), against the
// browser host and the real engine (nothing runs until Connect, so the lab does not matter here).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startBrowserHost } from '../electron/browser-host/server';
import { createWizard } from '../electron/procedure/controller';
import { RENDERER_DIR, ZERO_DELAYS, ensureRendererBuilt, launchBrowser } from '../test/e2e/chromium';
import type { BenchResult } from './run';
import { exportReport } from '../electron/report/export';

const NAVIGATIONS = 10;
const SIZE_AIM_KB = 120;
const INTERACTIVE_AIM_MS = 1000;

export async function run(): Promise<BenchResult[]> {
  ensureRendererBuilt();
  const size = gzippedJs(RENDERER_DIR);
  const interactive = await timeToInteractive();
  return [
    {
      name: 'renderer JavaScript, gzipped',
      value: Math.round(size.gzipped / 102.4) / 10,
      unit: 'KB',
      note: `${String(size.files)} files, ${String(Math.round(size.raw / 1024))} KB raw; aim < ${String(SIZE_AIM_KB)} KB`,
    },
    {
      name: 'navigation to interactive Connect (median)',
      value: Math.round(interactive.median),
      unit: 'ms',
      note: `${String(NAVIGATIONS)} navigations in Chromium, min ${String(Math.round(interactive.min))}, max ${String(Math.round(interactive.max))}; aim < ${String(INTERACTIVE_AIM_MS)} ms`,
    },
  ];
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

function gzippedJs(dir: string): { files: number; raw: number; gzipped: number } {
  const files = jsFiles(dir);
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gzipped };
}

async function timeToInteractive(): Promise<{ median: number; min: number; max: number }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'exha-bench-ui-'));
  const controller = createWizard({ exportReport, stateDir, labDelays: ZERO_DELAYS });
  const host = await startBrowserHost({ host: controller, port: 0, staticDir: RENDERER_DIR, log: () => undefined });
  const browser = await launchBrowser();
  try {
    const times: number[] = [];
    // One warm-up navigation (Chromium's own start-up is not the window's cost), then the measured ones.
    for (let i = 0; i <= NAVIGATIONS; i += 1) {
      // A fresh context per navigation: no HTTP cache, no warm WebSocket.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(host.url, { waitUntil: 'commit' });
      await page.waitForSelector('[data-testid=screen-connect]', { state: 'visible' });
      await page.waitForSelector('[data-testid=next]:not([aria-disabled=true])', { state: 'visible' });
      const elapsed = performance.now() - started;
      if (i > 0) times.push(elapsed);
      await context.close();
    }
    times.sort((a, b) => a - b);
    const mid = Math.floor(times.length / 2);
    const median = times.length % 2 === 0 ? ((times[mid - 1] ?? 0) + (times[mid] ?? 0)) / 2 : (times[mid] ?? 0);
    return { median, min: times[0] ?? 0, max: times.at(-1) ?? 0 };
  } finally {
    await browser.close();
    await host.close();
    await controller.dispose();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
