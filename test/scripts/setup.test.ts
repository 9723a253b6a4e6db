// `npm start` and `npm test` set up only what is missing: the decision, and the facts read from a checkout.
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_OUTPUTS, PWSH_VERSION, readFacts, whatIsMissing, type SetupFacts } from '../../scripts/setup.mjs';

const ready: SetupFacts = {
  lockfile: 100,
  installedLockfile: 200,
  pwshVersion: PWSH_VERSION,
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
  it('pwsh when absent or another version, unless another PowerShell is used', () => {
    expect(whatIsMissing({ ...ready, pwshVersion: undefined })).toEqual(['pwsh']);
    expect(whatIsMissing({ ...ready, pwshVersion: '7.4.0' })).toEqual(['pwsh']);
    expect(whatIsMissing({ ...ready, pwshVersion: undefined, pwshNeeded: false })).toEqual([]);
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
        pwshNeeded: true,
        newestSource: 100,
        oldestOutput: undefined,
      }),
    ).toEqual(['dependencies', 'pwsh', 'build']);
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
      process.platform === 'win32' ? ['dependencies', 'build'] : ['dependencies', 'pwsh', 'build'],
    );

    await file('node_modules/.package-lock.json', 20);
    await file(`.tools/pwsh/${process.platform === 'win32' ? 'pwsh.exe' : 'pwsh'}`, 20);
    await mkdir(join(root, '.tools/pwsh/.store/powershell', PWSH_VERSION), { recursive: true });
    for (const out of BUILD_OUTPUTS) await file(out, 30);
    expect(whatIsMissing(readFacts(root, {}))).toEqual([]);

    await file('electron/main/main.ts', 40);
    expect(whatIsMissing(readFacts(root, {}))).toEqual(['build']);
    expect(whatIsMissing(readFacts(root, { EXHA_PWSH: '/usr/bin/pwsh' })).filter((m) => m === 'pwsh')).toEqual([]);
  });
});
