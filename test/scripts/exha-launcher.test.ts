// bin/exha.js runs the CLI's bundle only while no source it was built from is newer; otherwise the
// sources through tsx. A stand-in root (the real launcher, a one-line bundle and a one-line source)
// shows which one ran.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const root = mkdtempSync(join(tmpdir(), 'exha-launcher-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function put(path: string, text: string, secondsAgo: number): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
  const at = Date.now() / 1000 - secondsAgo;
  utimesSync(join(root, path), at, at);
}

function exha(env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'exha.js')], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('the exha launcher', () => {
  it('runs the bundle while it is current, the sources once one is newer or the bundle is incomplete', () => {
    mkdirSync(join(root, 'bin'));
    copyFileSync(join(ROOT, 'bin', 'exha.js'), join(root, 'bin', 'exha.js'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    put('electron/cli/main.ts', "const from: string = 'source';\nconsole.log(from);\n", 100);
    put('dist/cli/exha.mjs', "console.log('bundle');\n", 50);
    put('dist/cli/inputs.json', JSON.stringify(['electron/cli/main.ts']), 50);

    expect(exha()).toBe('bundle');
    expect(exha({ EXHA_CLI_FROM_SOURCE: '1' })).toBe('source');

    put('electron/cli/main.ts', "const from: string = 'edited source';\nconsole.log(from);\n", 0);
    expect(exha()).toBe('edited source');

    put('electron/cli/main.ts', "const from: string = 'source';\nconsole.log(from);\n", 100);
    put('dist/cli/inputs.json', '[]', 50);
    expect(exha()).toBe('source');
    rmSync(join(root, 'dist', 'cli', 'inputs.json'));
    expect(exha()).toBe('source');
  });
});
