// Client access checks (write-up steps 18, 21–24): MAPI, Outlook through the array, Autodiscover and
// web services, OWA, mail flow. Read-only; each result with its timing.
import { z } from 'zod';
import type { ClientCheckRow } from '../../../shared/results';
import { ps, type StepScript } from '../../powershell/script';
import { requireSite, StepFailure, type PlanContext, type StepDefinition, type PlannedCall } from '../step';

// Part of every check script: one reading of the latencies the cmdlets report in their own ways.
const MILLISECONDS = ps`
    function ConvertTo-ExhaMilliseconds($value) {
        # Exchange reports latency as a TimeSpan, a TimeSpan string or plain milliseconds, by cmdlet.
        if ($value -is [TimeSpan]) { return [double]$value.TotalMilliseconds }
        $number = 0.0
        if ([double]::TryParse([string]$value, [ref]$number)) { return [Math]::Max(0.0, $number) }
        $span = New-Object TimeSpan
        if ([TimeSpan]::TryParse([string]$value, [ref]$span)) { return [double]$span.TotalMilliseconds }
        return 0.0
    }
`;

interface CheckSpec {
  id: string;
  title: string;
  cmdlet: string;
  script: StepScript;
  values: (ctx: PlanContext) => Record<string, string | string[]>;
}

// Every check answers in one shape (Result 'Success' or 'Failure', LatencyMs, Detail) so the table and the
// report read them alike; all but mail flow end in this very line.
const ROW = 'New-Object PSObject -Property @{ Result = $result; LatencyMs = $ms; Detail = $detail }';

/**
 * The end of a check whose cmdlet answers rows ($rows) that each carry a Result and a Latency: it fails
 * when a row failed (or, with noneFails, when no row came), its latency is the rows' sum, and its detail
 * is perRow (PowerShell on $_) for each row.
 */
function fromResultRows(perRow: string, noneFails: boolean): string {
  return [
    "$failed = @($rows | Where-Object { [string]$_.Result -ne 'Success' })",
    '$ms = 0; foreach ($r in $rows) { $ms += ConvertTo-ExhaMilliseconds $r.Latency }',
    `$detail = ($rows | ForEach-Object { ${perRow} }) -join '; '`,
    `if ($failed.Count -gt 0${noneFails ? ' -or $rows.Count -eq 0' : ''}) { $result = 'Failure' } else { $result = 'Success' }`,
    ROW,
  ].join('\n');
}

/** A check's script: its param() block, the helpers and its body, given in parts, one after another. */
function checkScript(label: string, params: string[], timeoutSeconds: number, ...body: string[]): StepScript {
  const declared = params.map((p) => (p === 'Servers' ? '[string[]]$Servers' : `[string]$${p}`));
  const text = [`param(${declared.join(', ')})`, MILLISECONDS, ...body].join('\n');
  return { label, runsOn: 'exchange', kind: 'verify', params, timeoutSeconds, body: text };
}

const CHECKS: CheckSpec[] = [
  {
    id: 'mapi',
    title: 'MAPI logon to every database',
    cmdlet: 'Test-MAPIConnectivity',
    values: () => ({}),
    script: checkScript(
      'Test MAPI connectivity to every mailbox database',
      [],
      90,
      ps`
      # Collect first: Exchange remote PowerShell runs one pipeline at a time (no cmdlet inside a streaming one).
      $names = @(Get-MailboxDatabase | ForEach-Object { [string]$_.Name })
      $rows = @(foreach ($name in $names) { Test-MAPIConnectivity -Database $name })
    `,
      fromResultRows(ps`[string]$_.Database + ': ' + [string]$_.Result`, false),
    ),
  },
  {
    id: 'outlook',
    title: 'Outlook (RPC) through the Client Access array',
    cmdlet: 'Test-OutlookConnectivity',
    values: () => ({}),
    script: checkScript(
      'Test Outlook RPC connectivity through the array',
      [],
      90,
      ps`$rows = @(Test-OutlookConnectivity -RpcTestType Array)`,
      fromResultRows(ps`[string]$_.Scenario + ': ' + [string]$_.Result`, true),
    ),
  },
  {
    id: 'autodiscover',
    title: 'Autodiscover and Outlook web services',
    cmdlet: 'Test-OutlookWebServices',
    values: (ctx) => ({ Server: requireSite(ctx).dag.servers[0] ?? '' }),
    script: checkScript(
      'Test Autodiscover and the web services it hands out',
      ['Server'],
      90,
      ps`
      $started = Get-Date
      $rows = @(Test-OutlookWebServices -ClientAccessServer $Server)
      $ms = [int]((Get-Date) - $started).TotalMilliseconds
      $errors = @($rows | Where-Object { [string]$_.Type -eq 'Error' })
      $detail = ($rows | Where-Object { [string]$_.Type -ne 'Information' } | ForEach-Object { [string]$_.Type + ': ' + [string]$_.Message }) -join '; '
      if ($errors.Count -gt 0 -or $rows.Count -eq 0) { $result = 'Failure' } else { $result = 'Success' }
    `,
      ROW,
    ),
  },
  {
    id: 'owa',
    title: 'Outlook Web App logon',
    cmdlet: 'Test-OwaConnectivity',
    values: (ctx) => ({ Server: requireSite(ctx).dag.servers[0] ?? '' }),
    script: checkScript(
      'Test OWA logon (needs the New-TestCasConnectivityUser.ps1 test account)',
      ['Server'],
      60,
      ps`$rows = @(Test-OwaConnectivity -ClientAccessServer $Server)`,
      fromResultRows(ps`[string]$_.URL + ': ' + [string]$_.Result + ' ' + [string]$_.Error`, true),
    ),
  },
  {
    id: 'mailflow',
    title: 'Mail flow between the two servers',
    cmdlet: 'Test-Mailflow',
    values: (ctx) => ({ Servers: requireSite(ctx).dag.servers }),
    script: checkScript(
      'Send a test message between the mailbox servers that host active databases',
      ['Servers'],
      240,
      ps`
      # Test-Mailflow needs a mounted database on the target: test between the servers that have one,
      # or a server to itself when every database is active on one node.
      $active = @(Get-MailboxDatabaseCopyStatus | Where-Object { [string]$_.Status -eq 'Mounted' } | ForEach-Object { [string]$_.MailboxServer } | Select-Object -Unique)
      $source = @($active)[0]
      $target = @($Servers | Where-Object { $active -contains $_ -and $_ -ne $source })[0]
      if ($target) { $row = @(Test-Mailflow -Identity $source -TargetMailboxServer $target)[0]; $route = $source + ' -> ' + $target }
      else { $row = @(Test-Mailflow -Identity $source)[0]; $route = $source + ' -> ' + $source }
      New-Object PSObject -Property @{
          Result = $(if ([string]$row.TestMailflowResult -eq 'Success') { 'Success' } else { 'Failure' })
          LatencyMs = (ConvertTo-ExhaMilliseconds $row.MessageLatencyTime)
          Detail = $route + ': TestMailflowResult ' + [string]$row.TestMailflowResult + ', MessageLatencyTime ' + [string]$row.MessageLatencyTime
      }
    `,
    ),
  },
];

const RowSchema = z.object({ Result: z.enum(['Success', 'Failure']), LatencyMs: z.number(), Detail: z.string() });

export const clientChecksStep: StepDefinition<ClientCheckRow[]> = {
  id: 'clientChecks',
  plan(ctx): PlannedCall[] {
    if (!ctx.site) return [];
    return CHECKS.map((c) => ({ script: c.script, values: c.values(ctx) }));
  },
  rollbackPlan: () => [],
  async run(ctx) {
    const rows: ClientCheckRow[] = [];
    for (const check of CHECKS) {
      ctx.activity({
        label: `${check.title} (${check.cmdlet})`,
        waitingFor: `${check.cmdlet} to report`,
        timeoutSeconds: check.script.timeoutSeconds ?? null,
      });
      const row = await ctx.run(check.script, check.values(ctx), RowSchema);
      rows.push({
        id: check.id,
        title: check.title,
        cmdlet: check.cmdlet,
        result: row.Result,
        latencyMs: row.LatencyMs,
        detail: row.Detail,
      });
    }
    const failed = rows.filter((r) => r.result !== 'Success');
    if (failed.length > 0) {
      throw new StepFailure(
        failed.map((r) => `${r.cmdlet}: ${r.detail || 'Failure'}`).join('; '),
        'Clients may not reach mail through the array yet. Check the array name resolves internally and that the failing service runs on the node that owns the role, then Retry. Skip only if you will test this by hand.',
        null,
        rows,
      );
    }
    return rows;
  },
};
