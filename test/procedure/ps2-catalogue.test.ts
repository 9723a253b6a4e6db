// Every script the catalogue sends to the servers must parse and run on PowerShell 2.0.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFindings, loadPs2Checker, type Ps2Checker } from '../../electron/powershell/ps2/check';
import { invocationText } from '../../electron/powershell/script';
import { SecretValue } from '../../electron/powershell';
import { stepDefinition } from '../../electron/procedure/steps';
import type { PlanContext } from '../../electron/procedure/step';
import { STEP_IDS } from '../../shared/steps';
import { WRITE_UP_SITE } from '../../shared/write-up-site';

const ctx: PlanContext = {
  site: WRITE_UP_SITE,
  inputs: { name: 'CASArray', address: '192.168.0.110', network: 'Cluster Network 1' },
  target: { kind: 'lab', sessionNode: null },
  before: {
    clusterRole: { dnsAddresses: [], computerObject: null },
    databases: [{ name: 'VIP', server: 'EX01', rpcClientAccessServer: 'EX01.rogertech.local' }],
    failover: { roleOwner: 'EX01', activeServers: { VIP: 'EX01' } },
  },
};

let check: Ps2Checker;
beforeAll(async () => {
  check = await loadPs2Checker();
});

const scripts = STEP_IDS.flatMap((id) => {
  const def = stepDefinition(id);
  return [...def.plan(ctx), ...def.rollbackPlan(ctx)].map((call) => ({ id, script: call.script }));
});

describe('the catalogue is PowerShell 2.0', () => {
  it('covers every step that runs PowerShell', () => {
    const steps = new Set(scripts.map((s) => s.id));
    expect([...steps].sort()).toEqual(STEP_IDS.filter((id) => id !== 'accessPoint').sort());
  });

  it.each(scripts.map((s) => [`${s.id}: ${s.script.label}`, s.script] as const))('%s', (label, script) => {
    // Cluster cmdlets run in the cluster session (directly or inside Invoke-ExhaCluster), whose prelude imported FailoverClusters once.
    const inClusterSession = script.runsOn === 'cluster' || script.body.includes('Invoke-ExhaCluster');
    const findings = check(script.body).filter((f) => !(inClusterSession && f.rule === 'module-autoload'));
    expect(findings, formatFindings(findings, label)).toEqual([]);
  });

  it('passes parameters, never pasted values, to cluster nodes', () => {
    for (const { script } of scripts.filter((s) => s.script.runsOn === 'cluster')) {
      const text = invocationText(script);
      expect(text).toContain('Invoke-ExhaCluster -ScriptBlock {');
      expect(text).toMatch(/-ArgumentList @\(/);
      expect(text).not.toContain('CASArray');
    }
  });
});

describe('the real target', () => {
  it('defines its adapter functions in PowerShell 2.0', async () => {
    const { ADAPTER_BODIES } = await import('../../electron/targets/adapters');
    for (const [name, body] of Object.entries(ADAPTER_BODIES)) {
      const findings = check(body).filter((f) => f.rule !== 'module-autoload');
      expect(findings, formatFindings(findings, name)).toEqual([]);
    }
  });

  it('has a prelude that PowerShell parses, defining every adapter the lab also has', async () => {
    const { REAL_PRELUDE } = await import('../../electron/targets/real-prelude');
    const { PowerShellSession } = await import('../../electron/powershell');
    const ps = new PowerShellSession();
    try {
      const r = await ps.invoke({
        script:
          'param($Text) $errors = $null; $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$null, [ref]$errors); New-Object PSObject -Property @{ Errors = @($errors | ForEach-Object { $_.Message }); Functions = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name }) }',
        params: { Text: REAL_PRELUDE },
      });
      expect(r.ok).toBe(true);
      const data = (r as { data: { Errors: string[]; Functions: string[] } }).data;
      expect(data.Errors).toEqual([]);
      for (const name of [
        'Invoke-ExhaCluster',
        'Resolve-ExhaHostName',
        'Resolve-ExhaAddress',
        'Get-ExhaComputerObject',
        'Test-ExhaComputerObjectCreation',
        'Remove-ExhaDnsRecord',
        'Remove-ExhaComputerObject',
        'Get-ExhaSetupWatermark',
        'Test-ExhaWitness',
        'Start-ExhaProbe',
        'Receive-ExhaProbe',
        'Stop-ExhaProbe',
        'New-ExhaSession',
        'Use-ExhaSession',
      ]) {
        expect(data.Functions).toContain(`global:${name}`);
      }
      // The failover test's move reopens sessions with what the prelude defined; its password travels as a secret.
      const { realMove } = await import('../../electron/targets/real');
      const move = realMove(
        { exchangeServer: 'EX02.contoso.local', clusterNode: 'EX02', credential: { userName: 'CONTOSO\\admin', password: 'p' } },
        ['Exchange', 'Cluster'],
        'Reopen both sessions on EX02',
      );
      const parsed = await ps.invoke({
        script:
          'param($Text) $errors = $null; $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$null, [ref]$errors); New-Object PSObject -Property @{ Errors = @($errors | ForEach-Object { $_.Message }); Commands = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Sort-Object -Unique) }',
        params: { Text: move.script },
      });
      expect(parsed.ok).toBe(true);
      expect((parsed as { data: { Errors: string[]; Commands: string[] } }).data).toEqual({
        Errors: [],
        Commands: ['New-ExhaSession', 'Remove-PSSession', 'Use-ExhaSession'],
      });
      expect(move.params?.Password).toBeInstanceOf(SecretValue);
      expect(move.params?.Move).toEqual(['Exchange', 'Cluster']);
    } finally {
      await ps.dispose();
    }
  });
});
