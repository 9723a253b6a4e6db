// `npm start` and `npm test` set up only what is missing: the decision, and the facts read from a checkout.
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_OUTPUTS, PWSH_VERSION, readFacts, whatIsMissing, type SetupFacts } from '../../scripts/setup.mjs';
import { HOT_ASSEMBLIES, pwshAssemblyDir, skipMarker } from '../../scripts/precompile-pwsh.mjs';
import { isReadyToRun } from '../../scripts/ready-to-run.mjs';

const ready: SetupFacts = {
  lockfile: 100,
  installedLockfile: 200,
  pwshVersion: PWSH_VERSION,
  pwshPrecompiled: true,
  pwshNeeded: true,
  newestSource: 300,
  oldestOutput: 400,
};

describe('what set-up is missing', () => {
  it('nothing on a checkout that is set up', () => {
    expect(whatIsMissing(ready)).toEqual([]);
  });
  it('dependencies when node_modules is absent or older than package-lock.json, and then the build too', () => {
    expect(whatIsMissing({ ...ready, installedLockfile: undefined })).toEqual(['dependencies', 'build']);
    expect(whatIsMissing({ ...ready, lockfile: 250 })).toEqual(['dependencies', 'build']);
  });
  it('pwsh when absent or another version, then its precompile; neither when another PowerShell is used', () => {
    expect(whatIsMissing({ ...ready, pwshVersion: undefined, pwshPrecompiled: false })).toEqual(['pwsh', 'precompile']);
    // Another version's precompiled assemblies say nothing of the new install.
    expect(whatIsMissing({ ...ready, pwshVersion: '7.4.0' })).toEqual(['pwsh', 'precompile']);
    expect(whatIsMissing({ ...ready, pwshVersion: undefined, pwshPrecompiled: false, pwshNeeded: false })).toEqual([]);
  });
  it('the precompile alone for a pwsh installed before precompiling', () => {
    expect(whatIsMissing({ ...ready, pwshPrecompiled: false })).toEqual(['precompile']);
  });
  it('the build when an output is missing or older than a source', () => {
    expect(whatIsMissing({ ...ready, oldestOutput: undefined })).toEqual(['build']);
    expect(whatIsMissing({ ...ready, newestSource: 500 })).toEqual(['build']);
  });
  it('everything on a fresh clone', () => {
    expect(
      whatIsMissing({
        lockfile: 100,
        installedLockfile: undefined,
        pwshVersion: undefined,
        pwshPrecompiled: false,
        pwshNeeded: true,
        newestSource: 100,
        oldestOutput: undefined,
      }),
    ).toEqual(['dependencies', 'pwsh', 'precompile', 'build']);
  });
});

describe('the facts, read from a checkout', () => {
  let root = '';
  const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);
  async function file(path: string, seconds: number) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), '');
    await utimes(join(root, path), at(seconds), at(seconds));
  }
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'exha-setup-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a fresh clone lacks everything; after set-up nothing; a newer source wants a build', async () => {
    await file('package-lock.json', 10);
    await file('electron/main/main.ts', 10);
    await file('renderer/index.html', 10);
    await mkdir(join(root, 'electron', 'main'), { recursive: true });
    await utimes(join(root, 'electron', 'main'), at(10), at(10));
    await utimes(join(root, 'electron'), at(10), at(10));
    await utimes(join(root, 'renderer'), at(10), at(10));
    expect(whatIsMissing(readFacts(root, {}))).toEqual(
      process.platform === 'win32' ? ['dependencies', 'build'] : ['dependencies', 'pwsh', 'precompile', 'build'],
    );

    await file('node_modules/.package-lock.json', 20);
    await file(`.tools/pwsh/${process.platform === 'win32' ? 'pwsh.exe' : 'pwsh'}`, 20);
    await mkdir(join(root, '.tools/pwsh/.store/powershell', PWSH_VERSION), { recursive: true });
    for (const out of BUILD_OUTPUTS) await file(out, 30);
    // Installed, not precompiled (an empty file is no ReadyToRun image); then a recorded skip settles it.
    const assemblies = join('.tools/pwsh/.store/powershell', PWSH_VERSION, 'powershell', PWSH_VERSION, 'tools/net10.0/any');
    await file(join(assemblies, process.platform === 'win32' ? 'win' : 'unix', 'System.Management.Automation.dll'), 20);
    expect(whatIsMissing(readFacts(root, {}))).toEqual(process.platform === 'win32' ? [] : ['precompile']);
    await file(relative(root, skipMarker(root)), 20);
    expect(whatIsMissing(readFacts(root, {}))).toEqual([]);

    await file('electron/main/main.ts', 40);
    expect(whatIsMissing(readFacts(root, {}))).toEqual(['build']);
    expect(whatIsMissing(readFacts(root, { EXHA_PWSH: '/usr/bin/pwsh' })).filter((m) => m === 'pwsh')).toEqual([]);
  });
});

describe('the precompiled pwsh', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  it('finds no ReadyToRun code in what is not a .NET image', () => {
    expect(isReadyToRun(join(ROOT, 'package.json'))).toBe(false);
    expect(isReadyToRun(process.execPath)).toBe(false);
    expect(isReadyToRun(join(ROOT, 'no-such-file.dll'))).toBe(false);
  });
  it.runIf(pwshAssemblyDir(ROOT) !== undefined)(
    "has every assembly a session loads precompiled in this checkout's pwsh, and the rest as shipped",
    () => {
      const skipped = existsSync(skipMarker(ROOT)) ? readFileSync(skipMarker(ROOT), 'utf8') : '';
      expect(skipped, 'set-up skipped the precompile').toBe('');
      const dir = pwshAssemblyDir(ROOT) ?? '';
      for (const name of HOT_ASSEMBLIES) expect([name, isReadyToRun(join(dir, name))]).toEqual([name, true]);
      expect(isReadyToRun(join(dir, 'Markdig.Signed.dll'))).toBe(false);
    },
  );
});
