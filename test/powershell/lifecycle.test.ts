// The process's life: timeouts, a killed pwsh, a missing pwsh, the prelude, dispose.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PowerShellNotFoundError,
  PowerShellPreludeError,
  PowerShellSession,
  PowerShellSessionDiedError,
  PowerShellSessionDisposedError,
  PowerShellTimeoutError,
  resolvePowerShell,
  type PsResult,
} from '../../electron/powershell';

const sessions: PowerShellSession[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'exha-ps-'));

function track(session: PowerShellSession): PowerShellSession {
  sessions.push(session);
  return session;
}

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.dispose()));
  rmSync(scratch, { recursive: true, force: true });
});

function dataOf(result: PsResult): unknown {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.data;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for a condition the process announces (a file it creates), never for a fixed time. */
async function waitFor(condition: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('timeouts', () => {
  it('kills the process, names the call, and runs the calls queued behind it on a new process', async () => {
    const session = track(new PowerShellSession());
    const firstPid = dataOf(await session.invoke({ script: '$PID' })) as number;
    expect(session.pid).toBe(firstPid);

    const slow = session.invoke({ script: 'Start-Sleep -Seconds 30', label: 'step.slow', timeoutMs: 500 });
    const next = session.invoke({ script: "'after', $PID" });
    await expect(slow).rejects.toThrow(PowerShellTimeoutError);
    await expect(slow).rejects.toThrow(/'step\.slow'.*500 ms/);
    expect(isAlive(firstPid)).toBe(false);

    const [after, secondPid] = dataOf(await next) as [string, number];
    expect(after).toBe('after');
    expect(secondPid).not.toBe(firstPid);
    expect(session.isRunning).toBe(true);
  });
});

describe('a killed process', () => {
  it('rejects the running call promptly with PowerShellSessionDiedError; the next call works', async () => {
    const session = track(new PowerShellSession());
    const pid = dataOf(await session.invoke({ script: '$PID' })) as number;
    const flag = join(scratch, 'running');

    const running = session.invoke({
      script: 'param($Flag) New-Item -ItemType File -Path $Flag | Out-Null; Start-Sleep -Seconds 60',
      params: { Flag: flag },
    });
    await waitFor(() => existsSync(flag), 'the call to start');
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await expect(running).rejects.toThrow(PowerShellSessionDiedError);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(session.isRunning).toBe(false);

    const newPid = dataOf(await session.invoke({ script: '$PID' }));
    expect(newPid).not.toBe(pid);
  });

  it('also recovers when the process dies between calls', async () => {
    const session = track(new PowerShellSession());
    const pid = dataOf(await session.invoke({ script: '$PID' })) as number;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !session.isRunning, 'the session to notice');
    expect(dataOf(await session.invoke({ script: '40 + 2' }))).toBe(42);
  });
});

describe('finding PowerShell', () => {
  it('explains in one line what is missing and how to install it', () => {
    let error: unknown;
    try {
      resolvePowerShell({ env: { PATH: '' }, platform: 'linux', searchFrom: join(scratch, 'nowhere') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PowerShellNotFoundError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^PowerShell not found: /);
    expect(message).toContain('npm run setup');
    expect(message).toContain('EXHA_PWSH');
  });

  it('names a configured executable that does not exist instead of falling back', () => {
    expect(() => resolvePowerShell({ env: { EXHA_PWSH: '/no/such/pwsh', PATH: '' } })).toThrow(/EXHA_PWSH '\/no\/such\/pwsh'/);
  });

  it('prefers the repo-local pwsh, started by its own launcher rather than the dotnet tool shim', () => {
    expect(resolvePowerShell({ env: { PATH: '' } })).toMatch(
      /\.tools[/\\]pwsh[/\\]\.store[/\\]powershell[/\\].*[/\\]any[/\\](unix|win)[/\\]pwsh(\.exe)?$/,
    );

    // A stand-in tool folder: the store's launcher while one version is installed, the shim with two.
    const root = join(scratch, 'tool-root');
    const executable = (path: string) => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, '');
      chmodSync(path, 0o755);
    };
    const launcher = (version: string) =>
      join(root, '.tools', 'pwsh', '.store', 'powershell', version, 'powershell', version, 'tools', 'net10.0', 'any', 'unix', 'pwsh');
    executable(join(root, '.tools', 'pwsh', 'pwsh'));
    executable(launcher('7.6.9'));
    expect(resolvePowerShell({ env: { PATH: '' }, platform: 'linux', searchFrom: root })).toBe(launcher('7.6.9'));
    executable(launcher('7.6.10'));
    expect(resolvePowerShell({ env: { PATH: '' }, platform: 'linux', searchFrom: root })).toBe(join(root, '.tools', 'pwsh', 'pwsh'));
  });

  it('rejects the call, without crashing Node, when the executable is missing or cannot start', async () => {
    const missing = track(new PowerShellSession({ executable: join(scratch, 'missing-pwsh') }));
    await expect(missing.invoke({ script: '1' })).rejects.toThrow(PowerShellNotFoundError);

    const broken = join(scratch, 'not-a-program');
    writeFileSync(broken, 'this is not an executable format\n');
    chmodSync(broken, 0o755);
    const unstartable = track(new PowerShellSession({ executable: broken }));
    await expect(unstartable.invoke({ script: '1' })).rejects.toThrow(PowerShellNotFoundError);
    expect(unstartable.isRunning).toBe(false);
  });
});

describe('prelude', () => {
  it('makes its definitions visible to every call while call locals stay private', async () => {
    const session = track(
      new PowerShellSession({
        prelude: {
          label: 'lab module',
          script: [
            "function global:Get-LabName { 'EXLAB' }",
            "function Get-PlainHelper { 'helper' }",
            "$global:LabVersion = '1.0'",
            "New-Module -Name ExhaLab -ScriptBlock { function Get-LabServer { 'EX01' }; Export-ModuleMember -Function Get-LabServer } | Import-Module",
          ].join('\n'),
        },
      }),
    );
    expect(dataOf(await session.invoke({ script: 'Get-LabName; Get-PlainHelper; $LabVersion; Get-LabServer' }))).toEqual([
      'EXLAB',
      'helper',
      '1.0',
      'EX01',
    ]);
    await session.invoke({ script: "$callLocal = 'mine'; function Get-CallLocal { 1 }" });
    expect(
      dataOf(await session.invoke({ script: '$null -eq $callLocal; [bool](Get-Command Get-CallLocal -ErrorAction SilentlyContinue)' })),
    ).toEqual([true, false]);
  });

  it('runs again on every restart', async () => {
    const counter = join(scratch, 'prelude-count');
    const session = track(
      new PowerShellSession({
        prelude: { script: 'param($Path) Add-Content -LiteralPath $Path -Value x', params: { Path: counter } },
      }),
    );
    const pid = dataOf(await session.invoke({ script: '$PID' })) as number;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !session.isRunning, 'the session to notice');
    await session.invoke({ script: '1' });
    await session.restart();
    const lines = dataOf(
      await session.invoke({ script: 'param($Path) @(Get-Content -LiteralPath $Path).Count', params: { Path: counter } }),
    );
    expect(lines).toBe(3);
  });

  it('rejects the call with PowerShellPreludeError carrying the error record', async () => {
    const session = track(new PowerShellSession({ prelude: { label: 'import lab', script: "Import-Module 'ExhaNoSuchModule'" } }));
    const call = session.invoke({ script: '1' });
    await expect(call).rejects.toThrow(PowerShellPreludeError);
    await expect(call).rejects.toThrow(/import lab/);
    const error = await call.catch((e: unknown) => e);
    expect((error as PowerShellPreludeError).record.fullyQualifiedErrorId).toMatch(/^Modules_ModuleNotFound/);
    expect(session.isRunning).toBe(false);
    await expect(session.invoke({ script: '1' })).rejects.toThrow(PowerShellPreludeError);
  });
});

describe('dispose', () => {
  it('ends the process and refuses later calls', async () => {
    const session = track(new PowerShellSession());
    const pid = dataOf(await session.invoke({ script: '$PID' })) as number;
    await session.dispose();
    expect(isAlive(pid)).toBe(false);
    expect(session.isRunning).toBe(false);
    await expect(session.invoke({ script: '1' })).rejects.toThrow(PowerShellSessionDisposedError);
  });

  it('ends a process that is still starting (prelude running) and fails the waiting call', async () => {
    const flag = join(scratch, 'starting');
    const session = track(
      new PowerShellSession({
        prelude: { script: 'param($Flag) Set-Content -LiteralPath $Flag -Value $PID; Start-Sleep -Seconds 60', params: { Flag: flag } },
      }),
    );
    const call = session.invoke({ script: '1' });
    await waitFor(() => existsSync(flag) && readFileSync(flag, 'utf8').trim() !== '', 'the prelude to start');
    const pid = Number(readFileSync(flag, 'utf8').trim());
    await session.dispose();
    await expect(call).rejects.toThrow(PowerShellSessionDisposedError);
    expect(isAlive(pid)).toBe(false);
    expect(session.isRunning).toBe(false);
  });

  it('escalates to SIGKILL when the process does not exit within the grace period', async () => {
    const session = track(new PowerShellSession());
    const pid = dataOf(await session.invoke({ script: '$PID' })) as number;
    const flag = join(scratch, 'busy');
    const busy = session.invoke({
      script: 'param($Flag) New-Item -ItemType File -Path $Flag | Out-Null; Start-Sleep -Seconds 60',
      params: { Flag: flag },
    });
    await waitFor(() => existsSync(flag), 'the call to start');
    const started = Date.now();
    await session.dispose();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isAlive(pid)).toBe(false);
    await expect(busy).rejects.toThrow(PowerShellSessionDisposedError);
  });
});
