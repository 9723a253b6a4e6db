#!/usr/bin/env node
// exha launcher. It runs the CLI's bundle (dist/cli, made by the build) when the bundle is newer than
// every source it was built from, and otherwise the TypeScript sources through tsx: a fresh clone needs
// no build, and an edited source is never shadowed by an older bundle. The bundle only saves tsx's
// compile on each start (about half a CPU-second), which scripts and tests that start exha often notice.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'exha.mjs');

/** True when the bundle and its list of inputs exist and no input is newer than the bundle. */
function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'inputs.json'), 'utf8'));
    return Array.isArray(inputs) && inputs.length > 0 && inputs.every((input) => statSync(join(root, input)).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (process.env.EXHA_CLI_FROM_SOURCE !== '1' && bundleIsCurrent()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'electron', 'cli', 'main.ts')).href);
}
