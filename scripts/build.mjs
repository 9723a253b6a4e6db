#!/usr/bin/env node
// Builds what both shells load: the renderer (vite) into dist/renderer, and the Electron main process and
// preload (esbuild) into dist/electron; and the exha CLI (esbuild) into dist/cli, which bin/exha.js runs
// while it is newer than every source it was built from. `--only renderer` or `--only electron` builds
// one half (the CLI goes with electron).
import { build as esbuild } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--only');
const only = at >= 0 ? process.argv[at + 1] : undefined;

async function buildRenderer() {
  const config = join(root, 'renderer', 'vite.config.ts');
  if (!existsSync(config)) throw new Error('renderer/vite.config.ts is missing: the renderer cannot be built.');
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'warn' });
}

// Engine code may locate files next to itself with import.meta; in the CommonJS bundle that becomes
// the bundle's own location (dist/electron), which sits as deep as electron/<folder>/ does.
const importMetaShim = {
  banner: { js: 'const __exhaImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__exhaImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

async function buildElectron() {
  const common = { bundle: true, format: 'cjs', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
  await esbuild({
    ...common,
    ...importMetaShim,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/electron/main.cjs',
    platform: 'node',
    target: 'node22',
    // node-powershell stays a package: it spawns processes and ships as a production dependency.
    // playwright-core prints PDFs outside Electron only; the app prints with printToPDF.
    external: ['electron', 'node-powershell', 'playwright-core'],
  });
  await esbuild({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    // A sandboxed preload gets `require('electron')` and little else: 'browser' makes any Node import a build error.
    platform: 'browser',
    target: 'chrome140',
    // The contract drags all of zod in (OPERATIONS comes from the schema table); minified, it loads fast.
    minify: true,
    external: ['electron'],
  });
}

// The CLI as plain ESM (our code in one file, packages from node_modules): started dozens of times by
// scripts and tests, it skips tsx compiling the sources on every start. Its inputs are listed beside it so
// bin/exha.js can tell a bundle older than a source and run the source instead.
async function buildCli() {
  const { metafile } = await esbuild({
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
    entryPoints: ['electron/cli/main.ts'],
    outfile: 'dist/cli/exha.mjs',
    packages: 'external',
    metafile: true,
  });
  const inputs = Object.keys(metafile.inputs).map((p) => relative(root, join(root, p)));
  writeFileSync(join(root, 'dist', 'cli', 'inputs.json'), JSON.stringify(inputs, null, 1) + '\n');
}

try {
  if (only !== 'electron') await buildRenderer();
  if (only !== 'renderer') await Promise.all([buildElectron(), buildCli()]);
  console.log(`built ${only ?? 'renderer and electron'} into dist/`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
