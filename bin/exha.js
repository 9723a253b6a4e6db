#!/usr/bin/env node
// exha launcher: runs the TypeScript CLI through tsx, so a fresh clone needs no build for the CLI.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await import(pathToFileURL(join(root, 'electron', 'cli', 'main.ts')).href);
