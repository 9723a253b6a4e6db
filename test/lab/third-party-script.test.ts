// Code nobody here wrote, connected the way every admin connects to Exchange remotely: a plain
// `$s = New-...Session; Import-PSSession $s` (no -CommandName, format data and all) from a workstation
// without the Exchange tools, then a DAG health script in the style of the community ones
// (Get-DAGHealth.ps1, Test-ExchangeServerHealth.ps1): PowerShell 2.0 syntax, names compared with -eq,
// identities handed back to the cmdlets that returned them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PowerShellSession } from '../../electron/powershell';
import { DEFAULT_SEED, LAB_MODULE } from './lab-session';

let dir: string;
let ps: PowerShellSession;

async function run<T>(script: string): Promise<T> {
  const result = await ps.invoke<T>({ script });
  if (!result.ok) throw new Error(`expected success of ${script}\n  got ${result.error.fullyQualifiedErrorId}: ${result.error.message}`);
  return result.data;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exha-third-party-'));
  copyFileSync(DEFAULT_SEED, join(dir, 'seed.json'));
  // The workstation: only the lab's way to open a session and its controls, no Exchange cmdlets.
  ps = new PowerShellSession({
    prelude: {
      label: 'A workstation with the lab reachable',
      script: String.raw`param($Module, $State, $Seed)
        Import-Module $Module -Force -DisableNameChecking -Function Get-LabCommandSet
        Import-Module $Module -DisableNameChecking -Global -Function ((Get-LabCommandSet Remoting) + (Get-LabCommandSet Control))
        Use-LabState -Path $State -SeedPath $Seed; Set-LabDelay 0 0 0`,
      params: { Module: LAB_MODULE, State: join(dir, 'state.json'), Seed: join(dir, 'seed.json') },
    },
    defaultTimeoutMs: 60_000,
  });
  expect(await run('[bool](Get-Command Get-MailboxDatabase -ErrorAction SilentlyContinue)')).toBe(false);
  // What the admin types: every command the endpoint offers, with its format data.
  const imported = await run<string[]>(String.raw`
    $global:s = New-LabPSSession -Role Exchange
    $module = Import-PSSession $global:s -DisableNameChecking -AllowClobber -ErrorAction Stop
    Import-Module $module -Global -DisableNameChecking
    @($module.ExportedCommands.Keys | Sort-Object)`);
  expect(imported).toContain('Get-DatabaseAvailabilityGroup');
  expect(imported).toContain('Test-ReplicationHealth');
});
beforeEach(async () => {
  await run('Reset-Lab');
});
afterAll(async () => {
  await ps.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The health script: one line per finding. */
const DAG_HEALTH = String.raw`
  $lines = @()
  foreach ($dag in @(Get-DatabaseAvailabilityGroup -Status)) {
      $dagDbs = @(Get-MailboxDatabase -Status | Where-Object { $_.MasterServerOrAvailabilityGroup -eq $dag.Name })
      $lines += "DAG $($dag.Name): $(@($dag.Servers).Count) members ($(@($dag.Servers) -join ', ')), $($dagDbs.Count) databases"
      foreach ($db in $dagDbs) {
          $copies = @(Get-MailboxDatabaseCopyStatus -Identity $db.Name)
          $healthy = @($copies | Where-Object { $_.Status -eq 'Mounted' -or $_.Status -eq 'Healthy' }).Count
          $lines += "  $($db.Name) on $($db.MountedOnServer): $($copies.Count) copies, $healthy healthy"
          foreach ($copy in $copies) {
              $line = "    $($copy.Name) preference $($copy.ActivationPreference) $($copy.Status) queue $($copy.CopyQueueLength)"
              if ($copy.Status -ne 'Mounted' -and $copy.Status -ne 'Healthy') { $line += " FAULT: $($copy.ErrorMessage)" }
              $lines += $line
          }
      }
      foreach ($member in @($dag.Servers)) {
          $failed = @(Test-ReplicationHealth -Identity $member | Where-Object { $_.Result -ne 'Passed' } | ForEach-Object { $_.Check })
          if ($failed.Count -eq 0) { $lines += "  $member replication health: all passed" }
          else { $lines += "  $member replication health: FAILED $($failed -join ', ')" }
      }
  }
  $lines`;

describe('a community-style DAG health script through a plain Import-PSSession', () => {
  it('reads the DAG summary, every copy with its activation preference, and each member replication health', async () => {
    expect(await run<string[]>(DAG_HEALTH)).toEqual([
      'DAG PrimaryDAG: 2 members (EX01, EX02), 3 databases',
      '  VIP on EX01: 2 copies, 2 healthy',
      '    VIP\\EX01 preference 1 Mounted queue 0',
      '    VIP\\EX02 preference 2 Healthy queue 0',
      '  Mailbox Database 01 on EX01: 2 copies, 2 healthy',
      '    Mailbox Database 01\\EX01 preference 1 Mounted queue 0',
      '    Mailbox Database 01\\EX02 preference 2 Healthy queue 1',
      '  Staff on EX02: 2 copies, 2 healthy',
      '    Staff\\EX02 preference 1 Mounted queue 0',
      '    Staff\\EX01 preference 2 Healthy queue 0',
      '  EX01 replication health: all passed',
      '  EX02 replication health: all passed',
    ]);
  });

  it('sees a copy fault made with Set-LabDatabaseCopy', async () => {
    await run(
      String.raw`Set-LabDatabaseCopy 'VIP\EX02' -Status FailedAndSuspended -CopyQueueLength 42 -ErrorMessage 'The log file is damaged.'`,
    );
    const lines = await run<string[]>(DAG_HEALTH);
    expect(lines).toContain('  VIP on EX01: 2 copies, 1 healthy');
    expect(lines).toContain('    VIP\\EX02 preference 2 FailedAndSuspended queue 42 FAULT: The log file is damaged.');
    expect(lines).toContain('  EX02 replication health: FAILED DBCopySuspended, DBCopyFailed, DBLogCopyKeepingUp');
    expect(lines).toContain('  EX01 replication health: all passed');
  });

  it("shows Exchange's tables: the endpoint's format data came with the import", async () => {
    const table = await run<string>('Get-MailboxDatabaseCopyStatus | Out-String -Width 200');
    expect(table.split('\n').map((l) => l.trim())).toContain(
      'Name                     Status  CopyQueueLength ReplayQueueLength LastInspectedLogTime ContentIndexState',
    );
    expect(await run<string>('Get-MailboxDatabase | Out-String -Width 200')).toMatch(/Name\s+Server\s+Recovery\s+ReplicationType/);
  });

  it('receives what a workstation without the Exchange tools receives: Exchange values as their text', async () => {
    const seen = await run<Record<string, string>>(String.raw`
      $db = Get-MailboxDatabase VIP -Status
      $dag = Get-DatabaseAvailabilityGroup
      New-Object PSObject -Property @{
          Server = $db.Server.GetType().Name + ' ' + $db.Server
          Servers = $db.Servers.GetType().Name + ' ' + (@($db.Servers | ForEach-Object { $_.GetType().Name + ':' + $_ }) -join ',')
          Preference = (@($db.ActivationPreference) -join ' ')
          Master = [string]($db.MasterServerOrAvailabilityGroup -eq $dag.Name)
          Role = [string](Get-ExchangeServer EX01).ServerRole
          Size = $db.DatabaseSize.GetType().Name + ' ' + $db.DatabaseSize
          TypeName = $db.PSObject.TypeNames[0]
      }`);
    expect(seen).toEqual({
      Server: 'String EX01',
      Servers: 'ArrayList String:EX01,String:EX02',
      Preference: '[EX01, 1] [EX02, 2]',
      Master: 'True',
      Role: 'Mailbox, ClientAccess, HubTransport',
      Size: 'String 152.1 MB (159,498,240 bytes)',
      TypeName: 'Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase',
    });
  });
});
