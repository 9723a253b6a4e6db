#!/usr/bin/env node
// `npm run lint`: formatting, lint rules (with the one-way layers), strict types, Svelte checks. Each tool
// runs on one core, so they run in two lanes side by side (a two-core machine finishes in about half
// the time); each tool's output is printed whole when it ends, and any failure fails the lint.
import { spawn } from 'node:child_process';

const LANES = [
  [
    ['prettier', '--check', '.'],
    ['eslint', '.'],
  ],
  [
    ['tsc', '-p', 'tsconfig.json'],
    ['svelte-check', '--tsconfig', 'renderer/tsconfig.json', '--fail-on-warnings'],
  ],
];

function run([tool, ...args]) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['--no-install', tool, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      process.stdout.write(`\n> ${tool} ${args.join(' ')}\n${output}`);
      resolve(code === 0);
    });
  });
}

async function lane(commands) {
  let ok = true;
  for (const command of commands) ok = (await run(command)) && ok;
  return ok;
}

const results = await Promise.all(LANES.map(lane));
if (results.includes(false)) {
  console.error('\nlint failed: see the output above.');
  process.exit(1);
}
