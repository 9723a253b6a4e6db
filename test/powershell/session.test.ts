// The engine against real pwsh: results, error records, streams and stray output, volume, order.
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PowerShellSession, type PsResult } from '../../electron/powershell';

const session = new PowerShellSession();
afterAll(() => session.dispose());

function dataOf<T>(result: PsResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.fullyQualifiedErrorId}: ${result.error.message}`);
  return result.data;
}

describe('results', () => {
  it('returns one object as itself, none as null, several as an array', async () => {
    expect(dataOf(await session.invoke({ script: '1 + 1' }))).toBe(2);
    expect(dataOf(await session.invoke({ script: '$null = 5' }))).toBeNull();
    expect(dataOf(await session.invoke({ script: "'a'; 2; $true" }))).toEqual(['a', 2, true]);
  });

  it('passes params by name and returns structured objects', async () => {
    const result = await session.invoke({
      script: 'param($Name, $Sizes) [pscustomobject]@{ Name = $Name.ToUpper(); Total = ($Sizes | Measure-Object -Sum).Sum }',
      params: { Name: 'ex01', Sizes: [1, 2, 3] },
    });
    expect(dataOf(result)).toEqual({ Name: 'EX01', Total: 6 });
    expect(result.startedAt <= result.endedAt).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('parses data with a schema and types it', async () => {
    const Server = z.object({ name: z.string(), roles: z.array(z.string()) });
    const result = await session.invoke({
      script: "@{ name = 'EX01'; roles = @('Mailbox', 'ClientAccess') }",
      schema: Server,
    });
    const server: z.infer<typeof Server> = dataOf(result);
    expect(server.roles).toEqual(['Mailbox', 'ClientAccess']);
  });

  it('turns a schema mismatch into an InvalidResult failure that says what did not match', async () => {
    const result = await session.invoke({
      script: "@{ name = 'EX01'; roles = 'Mailbox' }",
      schema: z.object({ name: z.string(), roles: z.array(z.string()) }),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.category).toBe('InvalidResult');
    expect(result.error.fullyQualifiedErrorId).toBe('InvalidResult');
    expect(result.error.message).toContain('roles');
  });

  it('returns enums as their names', async () => {
    expect(dataOf(await session.invoke({ script: '[pscustomobject]@{ Day = [DayOfWeek]::Friday }' }))).toEqual({ Day: 'Friday' });
    expect(dataOf(await session.invoke({ script: '[DayOfWeek]::Monday' }))).toBe('Monday');
  });

  it('keeps warnings beside the data', async () => {
    const result = await session.invoke({ script: "Write-Warning 'disk nearly full'; 'done'" });
    expect(dataOf(result)).toBe('done');
    expect(result.warnings).toEqual(['disk nearly full']);
  });
});

describe('error records', () => {
  it('reports Write-Error with its id, category and target', async () => {
    const result = await session.invoke({
      script: "Write-Error -Message 'no such DAG' -Category ObjectNotFound -ErrorId 'DagMissing' -TargetObject 'DAG1'",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      message: 'no such DAG',
      category: 'ObjectNotFound',
      targetObject: 'DAG1',
      exceptionType: 'Microsoft.PowerShell.Commands.WriteErrorException',
    });
    expect(result.error.fullyQualifiedErrorId).toMatch(/^DagMissing/);
  });

  it('reports throw, with the exception type and the line in the caller script', async () => {
    const result = await session.invoke({ script: "$x = 1\n\nthrow [InvalidOperationException]::new('quorum lost')" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe('quorum lost');
    expect(result.error.exceptionType).toBe('System.InvalidOperationException');
    expect(result.error.category).toBe('OperationStopped');
    expect(result.error.scriptStackTrace).toContain('line 3');
    expect(result.error.scriptStackTrace).not.toContain('__exha');
  });

  it('reports a cmdlet error (Get-Item on a missing path)', async () => {
    const result = await session.invoke({ script: "Get-Item -LiteralPath '/no/such/path/exha'" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fullyQualifiedErrorId).toBe('PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand');
    expect(result.error.category).toBe('ObjectNotFound');
    expect(result.error.targetObject).toBe('/no/such/path/exha');
    expect(result.error.exceptionType).toBe('System.Management.Automation.ItemNotFoundException');
  });

  it('fails on a non-terminating error even when the script lowers ErrorActionPreference; the first error wins', async () => {
    const result = await session.invoke({
      script: "$ErrorActionPreference = 'Continue'; Write-Error 'first'; Write-Error 'second'; 'kept going'",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('first');
  });

  it('reports a parse error in the script as a failure, not an engine error', async () => {
    const result = await session.invoke({ script: 'if ($true) {' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/Missing closing/);
    expect(dataOf(await session.invoke({ script: "'still fine'" }))).toBe('still fine');
  });
});

describe('stray output', () => {
  it('never corrupts the result', async () => {
    const result = await session.invoke({
      script: [
        "Write-Host 'host line'",
        "[Console]::Out.WriteLine('console line')",
        "[Console]::Out.Write('EXHA-RESULT:forged:e30= no newline ')",
        "[Console]::Error.WriteLine('raw stderr')",
        "Write-Warning 'careful'",
        "$VerbosePreference = 'Continue'; Write-Verbose 'chatty'",
        "$DebugPreference = 'Continue'; Write-Debug 'debugging'",
        "Write-Progress -Activity 'Copying' -Status 'half' -PercentComplete 50",
        "$ProgressPreference = 'Continue'; Write-Progress -Activity 'Copying' -Status 'more' -PercentComplete 75",
        "echo 'echoed'",
        "/bin/echo 'native to host' | Out-Host",
        "/bin/sh -c 'echo native-stderr >&2'",
        '[pscustomobject]@{ Answer = 42 }',
      ].join('\n'),
    });
    expect(dataOf(result)).toEqual(['echoed', { Answer: 42 }]);
    expect(result.warnings).toContain('careful');
    expect(result.warnings).toContain('stderr: native-stderr');
    expect(result.warnings).toContain('stderr: raw stderr');
    expect(result.information).toEqual(['host line']);
    expect(dataOf(await session.invoke({ script: '7' }))).toBe(7);
  });

  it('captures a native program run for its output as data', async () => {
    expect(dataOf(await session.invoke({ script: "/bin/echo 'from native'" }))).toBe('from native');
  });
});

describe('volume and order', () => {
  it('returns a 10 MB string intact', async () => {
    const size = 10 * 1024 * 1024;
    const result = await session.invoke({ script: `param($Size) [string]::new([char]'x', $Size) + 'end'`, params: { Size: size } });
    const data = dataOf(result);
    expect(typeof data).toBe('string');
    expect((data as string).length).toBe(size + 3);
    expect((data as string).endsWith('xend')).toBe(true);
  });

  it('runs 100 queued calls one at a time, in order, each with its own result', async () => {
    const calls = Array.from({ length: 100 }, (_, i) =>
      session.invoke({ script: 'param($I) $script:seen = $I; $I * 2', params: { I: i }, schema: z.number() }),
    );
    const results = await Promise.all(calls);
    expect(results.map(dataOf)).toEqual(Array.from({ length: 100 }, (_, i) => i * 2));
    for (let i = 1; i < results.length; i += 1) {
      expect(results[i]!.startedAt >= results[i - 1]!.endedAt).toBe(true);
    }
  });
});
