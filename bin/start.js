#!/usr/bin/env node
// `npm start`: the Electron window when Electron's binary is installed, otherwise (or with --browser) the
// same wizard served to a browser on 127.0.0.1. Flags: --browser, --port N, --state-dir DIR,
// --lab-seed FILE, --lab-delays-zero (the lab is always the default target; the window offers real servers).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** The Electron executable, or null. Checked by hand first: requiring a package with no binary starts a download. */
function electronBinary() {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) {
      if (!existsSync(pathFile)) return null;
      if (!existsSync(join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()))) return null;
    }
    const exe = require('electron');
    return typeof exe === 'string' && existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

function ensureBuilt(only, marker) {
  if (existsSync(join(root, marker))) return;
  console.log(`${marker} is missing; building it first (npm run build)…`);
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--only', only], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed. Run `npm run build`, fix what it reports, then `npm start` again.');
    process.exit(1);
  }
}

function startElectron(exe) {
  ensureBuilt('renderer', 'dist/renderer/index.html');
  ensureBuilt('electron', 'dist/electron/main.cjs');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(exe, [root, ...args.filter((a) => a !== '--electron')], { cwd: root, stdio: 'inherit', env });
  // Ctrl+C reaches Electron directly (same terminal); we only wait for it to finish disposing.
  process.on('SIGINT', () => undefined);
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === null ? 0 : 1));
  });
}

async function startBrowser() {
  ensureBuilt('renderer', 'dist/renderer/index.html');
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'electron', 'browser-host', 'cli.ts')).href);
}

const exe = args.includes('--browser') ? null : electronBinary();
if (exe !== null) {
  startElectron(exe);
} else {
  if (!args.includes('--browser')) {
    console.log(
      'Electron is not available on this machine (its binary was not downloaded); serving the same wizard in your browser instead.',
    );
  }
  await startBrowser();
}
