// Debian's Chromium and the built renderer, for the e2e tests and the UI benchmark (no vitest in here).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../electron/report/pdf';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export { ZERO_DELAYS } from '../helpers/lab-delays';
export const VIEWPORT = { width: 1280, height: 800 };

// The same Chromium, with the same offline flags, the app prints its PDF reports with.
export { CHROMIUM_ARGS };

/** Builds dist/renderer when it is missing (a fresh checkout): the browser host serves that folder. */
export function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--only', 'renderer'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0 || !existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer could not be built (npm run build): ${built.stderr || built.stdout}`);
  }
}

/** Debian's Chromium (or EXHA_CHROMIUM), headless. playwright-core gives every launched browser a fresh temporary user-data-dir. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
