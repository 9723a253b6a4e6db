// Every call is recorded, and a secret never shows in a record or an error.
import { afterAll, describe, expect, it } from 'vitest';
import { PowerShellSession, PowerShellTimeoutError, secret, type TranscriptEntry } from '../../electron/powershell';

const PASSWORD = "Pa'ss’wörd-$(whoami)-😀";
const entries: TranscriptEntry[] = [];
const session = new PowerShellSession({
  prelude: { label: 'prelude', script: 'param([securestring] $Key) $global:KeyLength = $Key.Length', params: { Key: secret(PASSWORD) } },
  onTranscript: (entry) => {
    entries.push(entry);
  },
});
afterAll(() => session.dispose());

describe('transcript', () => {
  it('records every call, with its script, params, timing and outcome', async () => {
    const before = entries.length;
    const result = await session.invoke({ label: 'step.probe', script: 'param($Server) "hello $Server"', params: { Server: 'EX01' } });
    expect(result.ok).toBe(true);
    const entry = entries.at(-1)!;
    expect(entries.length).toBeGreaterThan(before);
    expect(entry).toMatchObject({
      label: 'step.probe',
      script: 'param($Server) "hello $Server"',
      params: { Server: 'EX01' },
      outcome: 'ok',
      result: { ok: true, data: 'hello EX01' },
    });
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect(entries.some((e) => e.label === 'prelude' && e.outcome === 'ok')).toBe(true);
  });

  it('numbers entries and records failures and timeouts', async () => {
    await session.invoke({ label: 'fails', script: "throw 'nope'" });
    await expect(session.invoke({ label: 'hangs', script: 'Start-Sleep 20', timeoutMs: 300 })).rejects.toThrow(PowerShellTimeoutError);
    const failed = entries.find((e) => e.label === 'fails')!;
    const hung = entries.find((e) => e.label === 'hangs')!;
    expect(failed.outcome).toBe('error');
    expect(failed.result?.ok).toBe(false);
    expect(hung.outcome).toBe('timeout');
    expect(hung.failure).toMatch(/hangs/);
    expect(hung.id).toBeGreaterThan(failed.id);
  });
});

describe('secrets', () => {
  it('arrive in PowerShell as a SecureString with the exact value', async () => {
    const result = await session.invoke({
      script: 'param([securestring] $Password) [Net.NetworkCredential]::new("", $Password).Password; $KeyLength',
      params: { Password: secret(PASSWORD) },
    });
    expect(result.ok && result.data).toEqual([PASSWORD, PASSWORD.length]);
  });

  it('never appear in a transcript entry or an error', async () => {
    const errors: unknown[] = [];
    const results = [
      await session.invoke({
        label: 'echoes the secret in its error',
        script: 'param([securestring] $Password) throw ("login failed for " + [Net.NetworkCredential]::new("", $Password).Password)',
        params: { Password: secret(PASSWORD), Nested: [{ Inner: secret(PASSWORD) }] },
      }),
      await session.invoke({
        label: 'warns with it',
        script:
          'param([securestring] $Password) Write-Warning ([Net.NetworkCredential]::new("", $Password).Password); Write-Host ([Net.NetworkCredential]::new("", $Password).Password)',
        params: { Password: secret(PASSWORD) },
      }),
      await session.invoke({ label: 'wrong type', script: 'param([int] $Password) $Password', params: { Password: secret(PASSWORD) } }),
    ];
    await session
      .invoke({ label: 'times out', script: 'param($Password) Start-Sleep 20', params: { Password: secret(PASSWORD) }, timeoutMs: 300 })
      .catch((e: unknown) => {
        errors.push(e);
      });
    await session.restart();

    expect(results[0]!.ok).toBe(false);
    if (!results[0]!.ok) expect(results[0]!.error.message).toBe('login failed for <secret>');
    expect(results[1]!.warnings).toEqual(['<secret>']);
    expect(errors).toHaveLength(1);

    const everything = JSON.stringify({ entries, results, errors: errors.map((e) => String(e)) });
    expect(everything).toContain('<secret>');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(JSON.stringify(PASSWORD).slice(1, -1));
    expect(everything).not.toContain('wörd');
    const echoed = entries.find((e) => e.label === 'echoes the secret in its error')!;
    expect(echoed.params).toEqual({ Password: '<secret>', Nested: [{ Inner: '<secret>' }] });
  });

  it('cannot be printed by accident', () => {
    const value = secret(PASSWORD);
    expect(String(value)).toBe('<secret>');
    expect(JSON.stringify({ value })).toBe('{"value":"<secret>"}');
  });
});
