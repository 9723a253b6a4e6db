// Databases (write-up step 17): every mailbox database's RpcClientAccessServer points at the array.
// Each database's own previous value is recorded first; rollback restores exactly that value.
import { z } from 'zod';
import { asArray } from '../schemas';
import type { DatabaseRow } from '../../../shared/results';
import { arrayFqdn } from '../../../shared/validation';
import { ps, type StepScript } from '../script';
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

const restoreDatabases: StepScript = {
  label: 'Restore each database to its own previous RpcClientAccessServer',
  runsOn: 'exchange',
  kind: 'rollback',
  params: ['Previous'],
  body: ps`
    param([hashtable]$Previous)
    foreach ($name in $Previous.Keys) {
        $db = Get-MailboxDatabase -Identity $name
        if ([string]$db.RpcClientAccessServer -ne $Previous[$name]) {
            Set-MailboxDatabase -Identity $name -RpcClientAccessServer $Previous[$name] -Confirm:$false
        }
    }
  `,
};

const DatabasesSchema = asArray(z.object({ Name: z.string(), Server: z.string(), RpcClientAccessServer: z.string() }));

function previous(ctx: PlanContext): Record<string, string> {
  return Object.fromEntries((ctx.before.databases ?? []).map((d) => [d.name, d.rpcClientAccessServer]));
}

export const databasesStep: StepDefinition<DatabaseRow[]> = {
  id: 'databases',
  plan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site) return [];
    const fqdn = arrayFqdn(ctx.inputs.name, ctx.site.domain);
    return [{ script: probeDatabases, values: {} }, { script: pointAtArray, values: { Fqdn: fqdn } }, { script: verifyDatabases, values: {} }];
  },
  rollbackPlan(ctx): PlannedCall[] {
    return ctx.before.databases ? [{ script: restoreDatabases, values: { Previous: previous(ctx) } }] : [];
  },
  undoSummary: (ctx) => `Restore RpcClientAccessServer on ${(ctx.before.databases ?? []).map((d) => `${d.name} (${d.rpcClientAccessServer})`).join(', ') || 'every database'}`,
  async run(ctx) {
    const fqdn = arrayFqdn(requireInputs(ctx).name, requireSite(ctx).domain);
    const current = await ctx.run(probeDatabases, {}, DatabasesSchema);
    const before = await ctx.recordBefore('databases', current.map((d) => ({ name: d.Name, server: d.Server, rpcClientAccessServer: d.RpcClientAccessServer })));
    if (current.some((d) => d.RpcClientAccessServer !== fqdn)) await ctx.run(pointAtArray, { Fqdn: fqdn }, z.unknown());
    const after = await ctx.run(verifyDatabases, {}, DatabasesSchema);
    const wrong = after.filter((d) => d.RpcClientAccessServer !== fqdn);
    if (wrong.length > 0) {
      throw new StepFailure(`${wrong.map((d) => `${d.Name} still uses ${d.RpcClientAccessServer}`).join('; ')}.`, 'Check the array exists (Get-ClientAccessArray), then Retry.');
    }
    return after.map((d) => ({
      name: d.Name,
      server: d.Server,
      before: before.find((b) => b.name === d.Name)?.rpcClientAccessServer ?? '(created during the run)',
      after: d.RpcClientAccessServer,
    }));
  },
  async rollback(ctx) {
    if (!ctx.before.databases) return;
    await ctx.run(restoreDatabases, { Previous: previous(ctx) }, z.unknown());
  },
};
