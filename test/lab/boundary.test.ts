// The remoting boundary is real: the wizard reaches the lab as it reaches Exchange 2010 and a 2008 R2
// cluster node, and the rules of that boundary hold (each test here fails on an in-process lab).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PowerShellPreludeError, PowerShellSession, PowerShellTimeoutError } from '../../electron/powershell';
import { stepDefinition } from '../../electron/procedure/steps';
import { invocationText } from '../../electron/powershell/script';
import { startBoundarySession, type BoundarySession } from './boundary-session';
import { LAB_MODULE } from './lab-session';

let lab: BoundarySession;
beforeAll(() => {
  lab = startBoundarySession();
});
afterAll(() => lab.dispose());

/** The connect step's Exchange read, as the catalogue has it (values cast to [string] on the far side). */
function readExchangeScript(): string {
  const call = stepDefinition('connect')
    .plan({} as never)
    .find((c) => c.script.runsOn === 'exchange');
  if (!call) throw new Error('the connect step has no Exchange read');
  return invocationText(call.script).replace(/^param\(\)\n/, '');
}

describe('the cluster node (Invoke-Command -Session)', () => {
  it("runs a block that cannot see the caller's variables; values travel as arguments", async () => {
    const seen = await lab.run<string[]>(`$name = 'CASArray'
      @(Invoke-ExhaCluster -ScriptBlock { "[$name]" }; Invoke-ExhaCluster -ArgumentList @($name) -ScriptBlock { param($n) "[$n]" })`);
    expect(seen).toEqual(['[]', '[CASArray]']);
  });

  it('is where the cluster cmdlets are: the workstation has none', async () => {
    expect(await lab.run('[bool](Get-Command Get-ClusterGroup -ErrorAction SilentlyContinue)')).toBe(false);
    expect(await lab.run('Invoke-ExhaCluster -ScriptBlock { [string](Get-Command Get-ClusterGroup).ModuleName }')).toBe('FailoverClusters');
  });
});

describe('the Exchange endpoint (Import-PSSession against NoLanguage)', () => {
  it('refuses a script block and exposes the Exchange cmdlets only', async () => {
    const refused = await lab.fail('Invoke-Command -Session $global:ExhaExchangeSession -ScriptBlock { 1 + 1 }');
    expect(refused.message).toMatch(/no-language mode/);
    const exposed = await lab.run<string[]>(
      '@(Invoke-Command -Session $global:ExhaExchangeSession -ScriptBlock { Get-Command } | ForEach-Object { [string]$_.Name })',
    );
    expect(exposed).toContain('Get-MailboxDatabase');
    expect(exposed).not.toContain('Get-ClusterGroup');
    expect(exposed).not.toContain('Set-LabNodeState');
    expect(exposed).not.toContain('Invoke-Expression');
  });

  it("hands back deserialized objects with Exchange's values as text (no Exchange tools here): an enum is its name", async () => {
    const seen = await lab.run<{ TypeName: string; ByName: boolean; Cast: string; Interpolated: string }>(`
      $copy = @(Get-MailboxDatabaseCopyStatus | Where-Object { [string]$_.Status -eq 'Mounted' })[0]
      New-Object PSObject -Property @{
          TypeName = [string]$copy.PSObject.TypeNames[0]; ByName = ($copy.Status -eq 'Mounted')
          Cast = [string]$copy.Status; Interpolated = "$($copy.Status)"
      }`);
    expect(seen.TypeName).toMatch(/^Deserialized\.Microsoft\.Exchange\./);
    expect(seen.ByName).toBe(true);
    expect(seen.Cast).toBe('Mounted');
    expect(seen.Interpolated).toBe('Mounted');
  });

  it("refuses a second cmdlet while one is still streaming, with Exchange's error; collect-first and designed pipelines work", async () => {
    const nested = await lab.fail('Get-MailboxDatabase | ForEach-Object { Get-MailboxDatabaseCopyStatus -Identity ([string]$_.Name) }');
    expect(nested.message).toBe(
      'Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.',
    );
    const collected = await lab.run<number>(
      '$names = @(Get-MailboxDatabase | ForEach-Object { [string]$_.Name }); @(foreach ($n in $names) { Get-MailboxDatabaseCopyStatus -Identity $n }).Count',
    );
    expect(collected).toBe(6);
    const designed = await lab.run<string[]>(
      '@(Get-MailboxServer EX01 | Get-MailboxDatabaseCopyStatus | ForEach-Object { [string]$_.Name })',
    );
    expect(designed).toHaveLength(3);
    // The refusal left nothing half-open: the next command runs.
    expect(await lab.run('@(Get-MailboxDatabase).Count')).toBe(3);
  });

  it("reads the names with or without the step scripts' [string] casts: Exchange's values cross as text", async () => {
    const script = readExchangeScript();
    expect(script).toContain('Status = [string]$_.Status');
    expect(script).toContain('Servers = @($dag.Servers | ForEach-Object { [string]$_ })');
    type Read = { Copies: { Status: unknown }[]; Dag: { Servers: unknown[] } };
    const cast = await lab.run<Read>(script);
    expect(cast.Copies.map((c) => c.Status)).toContain('Mounted');
    expect(cast.Dag.Servers).toEqual(['EX01', 'EX02']);
    const uncast = await lab.run<Read>(
      script
        .replace('Status = [string]$_.Status', 'Status = $_.Status')
        .replace('Servers = @($dag.Servers | ForEach-Object { [string]$_ })', 'Servers = @($dag.Servers | ForEach-Object { $_ })'),
    );
    expect(uncast.Copies.map((c) => c.Status)).toEqual(cast.Copies.map((c) => c.Status));
    expect(uncast.Dag.Servers).toEqual(['EX01', 'EX02']);
  });
});

describe('a lab server that goes away', () => {
  it('fails the next call (an error or, like a hung WinRM session, a timeout), and a new engine session reconnects', async () => {
    // Servers of its own, not the suite's warm pool (test/setup/lab-server-pool.ts): this test kills one.
    const pool = process.env.EXHA_LAB_SERVER_POOL;
    delete process.env.EXHA_LAB_SERVER_POOL;
    const own = startBoundarySession();
    try {
      await own.run('1');
      if (pool !== undefined) process.env.EXHA_LAB_SERVER_POOL = pool;
      await own.run('Stop-Process -Id $global:ExhaClusterSession.Runspace.ConnectionInfo.ProcessId -Force');
      const outcome = await own.ps
        .invoke({ script: 'Invoke-ExhaCluster -ScriptBlock { @(Get-ClusterNode).Count }', timeoutMs: 20_000 })
        .then(
          (result) => (result.ok ? 'answered' : `${result.error.fullyQualifiedErrorId} ${result.error.message}`),
          (error: unknown) => (error instanceof PowerShellTimeoutError ? 'timed out' : String(error)),
        );
      // PSRP words it several ways, depending on how far the client got in noticing: a broken or closed
      // session or pipe, or (once the runspace is already Broken) an invalid runspace state.
      expect(outcome).not.toBe('answered');
      expect(outcome).toMatch(/session|pipe|broken|closed|runspace state|timed out/i);
      await own.ps.restart();
      expect(await own.run('Invoke-ExhaCluster -ScriptBlock { @(Get-ClusterNode).Count }')).toBe(2);
    } finally {
      if (pool !== undefined) process.env.EXHA_LAB_SERVER_POOL = pool;
      await own.dispose();
    }
  }, 180_000);
});

describe('a session belongs to its server', () => {
  it('does not answer while its server is down (one on the other server does), stays Broken once it returns, and none opens to it while it is down', async () => {
    const split = startBoundarySession({ placement: { exchangeServer: 'EX02', clusterNode: 'EX01' } });
    const clusterAnswers = 'Invoke-ExhaCluster -ScriptBlock { @(Get-ClusterNode).Count }';
    try {
      // The Exchange session's "local server" is the one it belongs to.
      expect(await split.run('@(Test-ReplicationHealth | ForEach-Object { [string]$_.Server } | Select-Object -Unique)')).toBe('EX02');
      // Down and back between two calls: the session saw its server go, so it is Broken, as over WinRM.
      await split.run('Set-LabNodeState EX02 Down; Set-LabNodeState EX02 Up');
      const broken = await split.fail('Get-MailboxDatabase');
      expect(broken.message).toMatch(/session to EX02\.rogertech\.local is not equal to Open.*The session state is Broken/);
      expect(broken.fullyQualifiedErrorId).toMatch(/^InvalidSessionState/);
      expect(await split.run(clusterAnswers)).toBe(2);
      // A new session (a new engine process) works again.
      await split.ps.restart();
      expect(await split.run('@(Get-MailboxDatabase).Count')).toBe(3);
      // Down: a call through its session hangs until the client's own timeout; the other session answers.
      await split.run('Set-LabNodeState EX02 Down');
      expect(await split.run(clusterAnswers)).toBe(2);
      const hung = await split.ps.invoke({ script: 'Get-MailboxDatabase', timeoutMs: 3000 }).catch((error: unknown) => error);
      expect(hung).toBeInstanceOf(PowerShellTimeoutError);
      // The engine's next process cannot open a session to it: New-PSSession's error, naming the server.
      const reopened = await split.ps.invoke({ script: '1' }).catch((error: unknown) => error);
      expect(reopened).toBeInstanceOf(PowerShellPreludeError);
      expect((reopened as PowerShellPreludeError).record.fullyQualifiedErrorId).toMatch(/PSSessionOpenFailed/);
      expect((reopened as PowerShellPreludeError).record.message).toMatch(/^Connecting to remote server EX02\.rogertech\.local failed/);
    } finally {
      await split.dispose();
    }
  }, 180_000);
});

describe("the engine's Windows PowerShell 5.1 branches (forced on pwsh 7)", () => {
  it('reads the site through the boundary exactly as the modern branches do', async () => {
    const legacy = startBoundarySession({ legacyProtocol: true });
    try {
      const script = readExchangeScript();
      const [modernRead, legacyRead] = [await lab.run(script), await legacy.run(script)];
      expect(legacyRead).toEqual(modernRead);
      expect(await legacy.run('"é 漢字 😀 `t"')).toBe('é 漢字 😀 \t');
      // Without EnumsAsStrings a top-level enum still arrives as its name, a nested one as its number.
      expect(await legacy.run('[System.IO.FileAccess]::Read')).toBe('Read');
      expect(await legacy.run('New-Object PSObject -Property @{ A = [System.IO.FileAccess]::Read }')).toEqual({ A: 1 });
      expect(await lab.run('New-Object PSObject -Property @{ A = [System.IO.FileAccess]::Read }')).toEqual({ A: 'Read' });
    } finally {
      await legacy.dispose();
    }
  });
});

describe('Windows PowerShell 5.1 has no PSSession.Create', () => {
  it('wraps the named-pipe runspace with the internal constructor instead, and the session works', async () => {
    const engine = new PowerShellSession({ defaultTimeoutMs: 60_000 });
    const dir = mkdtempSync(join(tmpdir(), 'exha-ctor-'));
    try {
      const result = await engine.invoke({
        script: `param($Module, $State)
          Import-Module $Module -DisableNameChecking
          Use-LabState -Path $State
          & (Get-Module ExchangeLab) { $script:LabForceSessionConstructor = $true }
          $exchange, $node = New-LabPSSession -Role Exchange, ClusterNode
          $module = Import-PSSession $exchange -CommandName Get-MailboxDatabase -AllowClobber
          New-Object PSObject -Property @{
              Databases = @(Get-MailboxDatabase).Count
              Nodes = [int](Invoke-Command -Session $node -ScriptBlock { Import-Module FailoverClusters; @(Get-ClusterNode).Count })
          }`,
        params: { Module: LAB_MODULE, State: join(dir, 'state.json') },
      });
      expect(result.ok ? result.data : result.error.message).toEqual({ Databases: 3, Nodes: 2 });
    } finally {
      await engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
