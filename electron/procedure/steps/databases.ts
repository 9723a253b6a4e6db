// Databases (write-up step 17): every mailbox database's RpcClientAccessServer points at the array.
// Each database's own previous value is recorded first; rollback restores exactly that value.
import { z } from 'zod';
import { asArray } from '../schemas';
import type { DatabaseRow } from '../../../shared/results';
import { arrayFqdn } from '../../../shared/validation';
import { ps, type StepScript } from '../../powershell/script';
import { removeFound } from '../adoption';
import { requireInputs, requireSite, StepFailure, type PlanContext, type StepDefinition, type PlannedCall } from '../step';

const DATABASE_STATE = ps`
    @(Get-MailboxDatabase | ForEach-Object {
        New-Object PSObject -Property @{ Name = [string]$_.Name; Server = [string]$_.Server; RpcClientAccessServer = [string]$_.RpcClientAccessServer }
    })
`;

const probeDatabases: StepScript = {
  label: "Read every mailbox database's RpcClientAccessServer",
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: `param()\n${DATABASE_STATE}`,
};

const pointAtArray: StepScript = {
  label: 'Point each mailbox database at the array',
  runsOn: 'exchange',
  kind: 'apply',
  params: ['Fqdn'],
  body: ps`
    param([string]$Fqdn)
    # Collect first: Exchange remote PowerShell runs one pipeline at a time, so no Set- inside a streaming Get-.
    $pending = @(Get-MailboxDatabase | Where-Object { [string]$_.RpcClientAccessServer -ne $Fqdn } | ForEach-Object { [string]$_.Name })
    foreach ($name in $pending) {
        Set-MailboxDatabase -Identity $name -RpcClientAccessServer $Fqdn -Confirm:$false
    }
  `,
};

const verifyDatabases: StepScript = { ...probeDatabases, label: 'Verify every database points at the array', kind: 'verify' };

export const restoreDatabases: StepScript = {
  label: 'Restore each database to its own previous RpcClientAccessServer (or, where that names nothing now, its active server)',
  runsOn: 'exchange',
  kind: 'rollback',
  params: ['Previous'],
  body: ps`
    param([hashtable]$Previous)
    # Collect first: Exchange remote PowerShell runs one pipeline at a time.
    $servers = @(Get-ExchangeServer)
    $arrays = @(Get-ClientAccessArray)
    $databases = @(Get-MailboxDatabase)
    $known = @{}
    foreach ($s in $servers) { $known[([string]$s.Name).ToLower()] = [string]$s.Fqdn; $known[([string]$s.Fqdn).ToLower()] = [string]$s.Fqdn }
    foreach ($a in $arrays) { $known[([string]$a.Name).ToLower()] = [string]$a.Fqdn; $known[([string]$a.Fqdn).ToLower()] = [string]$a.Fqdn }
    $results = @()
    foreach ($name in @($Previous.Keys)) {
        $wanted = [string]$Previous[$name]
        $db = $null
        foreach ($d in $databases) { if ([string]$d.Name -eq $name) { $db = $d } }
        if (-not $db) {
            $results += New-Object PSObject -Property @{ Name = [string]$name; Wanted = $wanted; Before = ''; SetTo = ''; Substituted = $false; Error = 'the database no longer exists' }
            continue
        }
        $current = [string]$db.RpcClientAccessServer
        $target = $wanted
        $substituted = $false
        # Exchange refuses a value naming nothing (a removed array, a retired server): use the server
        # holding the active copy, Exchange's own default, instead of stopping the whole rollback.
        if (-not $wanted -or -not $known.ContainsKey($wanted.ToLower())) {
            $target = [string]$known[([string]$db.Server).ToLower()]
            $substituted = $true
        }
        $problem = ''
        if (-not $target) {
            $problem = 'no server holds an active copy'
        } elseif ($current -ne $target) {
            try { Set-MailboxDatabase -Identity $name -RpcClientAccessServer $target -Confirm:$false -ErrorAction Stop }
            catch { $problem = $_.Exception.Message }
        }
        $results += New-Object PSObject -Property @{ Name = [string]$name; Wanted = $wanted; Before = $current; SetTo = $target; Substituted = $substituted; Error = $problem }
    }
    $results
  `,
};

const DatabasesSchema = asArray(z.object({ Name: z.string(), Server: z.string(), RpcClientAccessServer: z.string() }));
const RestoredSchema = asArray(
  z.object({ Name: z.string(), Wanted: z.string(), Before: z.string(), SetTo: z.string(), Substituted: z.boolean(), Error: z.string() }),
);

/** Each database's value before the run; '' asks for its active server (a found array being removed too). */
function previous(ctx: PlanContext): Record<string, string> {
  const release = removeFound(ctx) ? new Set((ctx.before.adopted?.pointed ?? []).map((n) => n.toLowerCase())) : new Set<string>();
  return Object.fromEntries(
    (ctx.before.databases ?? []).map((d) => [d.name, release.has(d.name.toLowerCase()) ? '' : d.rpcClientAccessServer]),
  );
}

/** What the admin reads after the rollback: every value not put back exactly, and why. */
function restoreNotes(ctx: PlanContext, rows: z.infer<typeof RestoredSchema>): string[] {
  const foundFqdn = ctx.before.adopted?.arrayFqdn?.toLowerCase() ?? null;
  return rows.flatMap((r) => {
    if (r.Error) return [`LEFT: ${r.Name} could not be put back (${r.Error}); it still uses ${r.Before || '(unknown)'}.`];
    if (r.Substituted && !r.Wanted)
      return [`${r.Name}: set to ${r.SetTo}, the server holding its active copy, because the array it was found on is removed too.`];
    if (r.Substituted)
      return [
        `${r.Name}: its previous value ${r.Wanted} names no Exchange server or array any more; set to ${r.SetTo}, the server holding its active copy (Exchange's own default).`,
      ];
    if (foundFqdn && r.SetTo.toLowerCase() === foundFqdn) return [`${r.Name}: left on ${r.SetTo}, as it was found.`];
    return [];
  });
}

export const databasesStep: StepDefinition<DatabaseRow[]> = {
  id: 'databases',
  plan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site) return [];
    const fqdn = arrayFqdn(ctx.inputs.name, ctx.site.domain);
    return [
      { script: probeDatabases, values: {} },
      { script: pointAtArray, values: { Fqdn: fqdn } },
      { script: verifyDatabases, values: {} },
    ];
  },
  rollbackPlan(ctx): PlannedCall[] {
    return ctx.before.databases ? [{ script: restoreDatabases, values: { Previous: previous(ctx) } }] : [];
  },
  undoSummary: (ctx) =>
    `Restore RpcClientAccessServer on ${(ctx.before.databases ?? []).map((d) => `${d.name} (${d.rpcClientAccessServer})`).join(', ') || 'every database'}`,
  async run(ctx) {
    const fqdn = arrayFqdn(requireInputs(ctx).name, requireSite(ctx).domain);
    const current = await ctx.run(probeDatabases, {}, DatabasesSchema);
    const before = await ctx.recordBefore(
      'databases',
      current.map((d) => ({ name: d.Name, server: d.Server, rpcClientAccessServer: d.RpcClientAccessServer })),
    );
    if (current.some((d) => d.RpcClientAccessServer !== fqdn)) await ctx.run(pointAtArray, { Fqdn: fqdn }, z.unknown());
    const after = await ctx.run(verifyDatabases, {}, DatabasesSchema);
    const wrong = after.filter((d) => d.RpcClientAccessServer !== fqdn);
    if (wrong.length > 0) {
      throw new StepFailure(
        `${wrong.map((d) => `${d.Name} still uses ${d.RpcClientAccessServer}`).join('; ')}.`,
        'Check the array exists (Get-ClientAccessArray), then Retry.',
      );
    }
    return after.map((d) => ({
      name: d.Name,
      server: d.Server,
      before: before.find((b) => b.name === d.Name)?.rpcClientAccessServer ?? '(created during the run)',
      after: d.RpcClientAccessServer,
    }));
  },
  async rollback(ctx) {
    if (!ctx.before.databases) return [];
    // One database that cannot be put back never blocks the others, nor the steps after it: it is listed as left.
    const rows = await ctx.run(restoreDatabases, { Previous: previous(ctx) }, RestoredSchema);
    return restoreNotes(ctx, rows);
  },
};
