import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { powerShellEnvironment, resolvePowerShell } from '../../electron/powershell';
import { formatFindings, loadPs2Checker, type Ps2Checker } from '../../electron/powershell/ps2/check';
import { exportReport } from '../../electron/report/export';
import { renderPs1 } from '../../electron/report/ps1';
import { completeJournal, partialJournal } from './fixtures/journal';

let check: Ps2Checker;
beforeAll(async () => {
  check = await loadPs2Checker();
});

describe('standalone .ps1', () => {
  it('passes the PowerShell 2.0 checker', () => {
    const text = renderPs1(completeJournal());
    const findings = check(text);
    expect(findings, formatFindings(findings, 'report.ps1')).toEqual([]);
  });

  it("takes the run's inputs as parameter defaults, quoted as literals, and supports -WhatIf", () => {
    const text = renderPs1(completeJournal());
    expect(text).toMatch(/^\[CmdletBinding\(SupportsShouldProcess = \$true\)\]\r\nparam\(/m);
    for (const line of [
      "[string]$Name = 'CASArray'",
      "[string]$Address = '192.168.0.110'",
      "[string]$Network = 'Cluster Network 1'",
      "[string]$SubnetMask = '255.255.255.0'",
      "[string]$Fqdn = 'CASArray.rogertech.local'",
      "[string]$Site = 'Default-First-Site-Name'",
    ]) {
      expect(text).toContain(line);
    }
    expect(text.match(/\$PSCmdlet\.ShouldProcess\(/g)).toHaveLength(3);
    expect(text).toContain('if (-not (Get-Command Invoke-ExhaCluster -ErrorAction SilentlyContinue)) {');
  });

  it('takes no input the wizard would refuse as a default (a tampered journal): that parameter is asked for, and validated', () => {
    const journal = completeJournal();
    const ctx = (journal.snapshot as { context: { inputs: { name: string; network: string } } }).context;
    ctx.inputs.network = "x'; Remove-Item C:\\ -Recurse; '";
    const text = renderPs1(journal);
    expect(text).not.toContain('Remove-Item C:');
    expect(text).toContain('[Parameter(Mandatory = $true)][ValidateNotNullOrEmpty()][string]$Network,');
    expect(text).toContain("[Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z0-9-]{1,15}$')][string]$Name,");
    expect(check(text).filter((f) => f.rule === 'parse-error')).toEqual([]);
  });

  it('refuses, in real PowerShell, a name or address the wizard would refuse, before it runs anything', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'exha-ps1-')), 'report.ps1');
    writeFileSync(file, renderPs1(completeJournal()));
    const pwsh = resolvePowerShell();
    for (const [param, value] of [
      ['-Name', "CAS'Array"],
      ['-Address', '999.1.1.1'],
    ] as const) {
      const r = spawnSync(pwsh, ['-NoProfile', '-NonInteractive', '-File', file, param, value, '-WhatIf'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: powerShellEnvironment(),
      });
      expect(r.status).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`).toContain(`Cannot validate argument on parameter '${param.slice(1)}'`);
    }
  });

  it("embeds the catalogue's step scripts unchanged", () => {
    const text = renderPs1(partialJournal());
    expect(text).toContain('$ExhaCreateRole = {');
    expect(text).toContain("Add-ClusterResource -Name $ipName -ResourceType 'IP Address' -Group $Name");
    expect(text).toContain('New-ClientAccessArray -Name $Name -Fqdn $Fqdn -Site $Site -Confirm:$false | Out-Null');
  });

  it('exports with a BOM for PowerShell 2.0 and a dated file name', async () => {
    const result = await exportReport(completeJournal(), 'ps1', { now: new Date(Date.UTC(2024, 0, 9, 8, 5)) });
    expect(result.fileName).toBe('exha-report-rogertech.local-20240109-0805.ps1');
    expect(Buffer.from(result.base64, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('asks for every value when the run had no inputs yet', () => {
    const journal = completeJournal();
    journal.snapshot = null;
    const text = renderPs1(journal);
    expect(text).toContain("[Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z0-9-]{1,15}$')][string]$Name,");
    expect(check(text)).toEqual([]);
  });
});
