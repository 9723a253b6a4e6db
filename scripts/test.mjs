#!/usr/bin/env node
// `npm test` (after its pretest set-up): the lint and every test, side by side. The suite leaves a fifth of
// both cores idle while its tests wait on pwsh, the lab and Chromium (measured on a two-core machine), and
// the lint fits in those gaps: it runs at the lowest priority, so it takes only what the tests leave, and its
// output is printed whole after the tests' (its one-line verdict as soon as it ends). Either failing fails
// the command. Arguments after `npm test --` go to vitest.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/** Runs a command; resolves with its exit code (1 when it could not start or was killed). */
function exitOf(child) {
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const lint = spawn(process.execPath, ['scripts/lint.mjs'], { stdio: ['ignore', 'pipe', 'pipe'] });
try {
  // Inherited by the lint's own tools (tsc, eslint, svelte-check, prettier).
  setPriority(lint.pid, 19);
} catch {
  // A platform that refuses: the lint then competes with the tests, which only costs time.
}
let lintOutput = '';
lint.stdout.on('data', (chunk) => (lintOutput += chunk));
lint.stderr.on('data', (chunk) => (lintOutput += chunk));
const lintDone = exitOf(lint).then((code) => {
  process.stderr.write(`\nlint ${code === 0 ? 'passed' : 'FAILED'} (its output follows the tests')\n`);
  return code;
});

const tests = spawn('npx', ['--no-install', 'vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
const [testCode, lintCode] = await Promise.all([exitOf(tests), lintDone]);
process.stdout.write(`\n> npm run lint\n${lintOutput}`);
process.exit(testCode !== 0 ? testCode : lintCode);
