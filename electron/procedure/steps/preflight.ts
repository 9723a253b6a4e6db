// Preflight: every check of domain-facts.md "Preflight" before anything changes. Read-only.
import { z } from 'zod';
import { asArray } from '../schemas';
import type { Check } from '../../../shared/results';
import { ps, type StepScript } from '../../powershell/script';
import { failOnBlockingChecks, requireSite, type StepDefinition, type PlannedCall } from '../step';
import { evaluatePreflight, type PreflightData } from './preflight-rules';

const readExchangeHealth: StepScript = {
  label: 'Read DAG status, replication health, copy status, activation policy and CAS arrays',
  runsOn: 'exchange',
  kind: 'probe',
  params: ['Servers'],
  body: ps`
    param([string[]]$Servers)
    $dag = @(Get-DatabaseAvailabilityGroup -Status)[0]
    $health = @()
    foreach ($server in $Servers) {
        # A server that does not answer is a finding, not a reason to stop reading the others.
        try {
            $health += @(Test-ReplicationHealth -Identity $server | ForEach-Object {
                New-Object PSObject -Property @{ Server = [string]$_.Server; Check = [string]$_.Check; Result = [string]$_.Result; Error = [string]$_.Error }
            })
        } catch {
            $health += New-Object PSObject -Property @{ Server = $server; Check = 'Test-ReplicationHealth'; Result = 'Failed'; Error = $_.Exception.Message }
        }
    }
    $copies = @(Get-MailboxDatabaseCopyStatus | ForEach-Object {
        New-Object PSObject -Property @{
            Name = [string]$_.Name; DatabaseName = [string]$_.DatabaseName; Server = [string]$_.MailboxServer; Status = [string]$_.Status
            CopyQueueLength = [int]$_.CopyQueueLength; ContentIndexState = [string]$_.ContentIndexState; ActivationSuspended = [bool]$_.ActivationSuspended
        }
    })
    $mailboxServers = @(Get-MailboxServer | ForEach-Object {
        New-Object PSObject -Property @{ Name = [string]$_.Name; Policy = [string]$_.DatabaseCopyAutoActivationPolicy; MountDial = [string]$_.AutoDatabaseMountDial }
    })
    $arrays = @(Get-ClientAccessArray | ForEach-Object {
        $site = [string]$_.Site
        New-Object PSObject -Property @{ Name = [string]$_.Name; Fqdn = [string]$_.Fqdn; Site = $site.Substring($site.LastIndexOf('/') + 1) }
    })
    New-Object PSObject -Property @{
        OperationalServers = @($dag.OperationalServers | ForEach-Object { [string]$_ })
        PrimaryActiveManager = [string]$dag.PrimaryActiveManager
        WitnessShareInUse = [string]$dag.WitnessShareInUse
        Health = $health; Copies = $copies; MailboxServers = $mailboxServers; Arrays = $arrays
    }
  `,
};

const readClusterHealth: StepScript = {
  label: 'Read cluster node states',
  runsOn: 'cluster',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    @(Get-ClusterNode | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; State = [string]$_.State } })
  `,
};

const readServerState: StepScript = {
  label: 'Check setup watermarks and the file share witness',
  runsOn: 'local',
  kind: 'probe',
  params: ['Servers'],
  body: ps`
    param([string[]]$Servers)
    $marks = @()
    foreach ($server in $Servers) {
        try {
            $mark = Get-ExhaSetupWatermark -Server $server
            $marks += New-Object PSObject -Property @{ Server = $server; Watermark = [string]$mark.Watermark; Action = [string]$mark.Action; Error = '' }
        } catch {
            $marks += New-Object PSObject -Property @{ Server = $server; Watermark = ''; Action = ''; Error = $_.Exception.Message }
        }
    }
    $witness = Test-ExhaWitness
    New-Object PSObject -Property @{
        Watermarks = $marks
        Witness = New-Object PSObject -Property @{ Server = [string]$witness.WitnessServer; Directory = [string]$witness.WitnessDirectory; Reachable = [bool]$witness.Reachable }
    }
  `,
};

const ExchangeHealthSchema = z.object({
  OperationalServers: z.array(z.string()),
  PrimaryActiveManager: z.string(),
  WitnessShareInUse: z.string(),
  Health: z.array(z.object({ Server: z.string(), Check: z.string(), Result: z.string(), Error: z.string() })),
  Copies: z.array(
    z.object({
      Name: z.string(),
      DatabaseName: z.string(),
      Server: z.string(),
      Status: z.string(),
      CopyQueueLength: z.number(),
      ContentIndexState: z.string(),
      ActivationSuspended: z.boolean(),
    }),
  ),
  MailboxServers: z.array(z.object({ Name: z.string(), Policy: z.string(), MountDial: z.string() })),
  Arrays: z.array(z.object({ Name: z.string(), Fqdn: z.string(), Site: z.string() })),
});
const NodeSchema = z.object({ Name: z.string(), State: z.string() });
const ServerStateSchema = z.object({
  Watermarks: z.array(z.object({ Server: z.string(), Watermark: z.string(), Action: z.string(), Error: z.string() })),
  Witness: z.object({ Server: z.string(), Directory: z.string(), Reachable: z.boolean() }),
});

/** The engine returns a lone object unwrapped; the schemas above expect arrays. */

export const preflightStep: StepDefinition<Check[]> = {
  id: 'preflight',
  plan(ctx): PlannedCall[] {
    const servers = ctx.site?.dag.servers ?? [];
    return [
      { script: readExchangeHealth, values: { Servers: servers } },
      { script: readClusterHealth, values: {} },
      { script: readServerState, values: { Servers: servers } },
    ];
  },
  rollbackPlan: () => [],
  async run(ctx) {
    const site = requireSite(ctx);
    const servers = site.dag.servers;
    const exchange = await ctx.run(readExchangeHealth, { Servers: servers }, ExchangeHealthSchema);
    const nodes = await ctx.run(readClusterHealth, {}, asArray(NodeSchema));
    const state = await ctx.run(readServerState, { Servers: servers }, ServerStateSchema);
    const data: PreflightData = { site, exchange, nodes, state };
    return failOnBlockingChecks(evaluatePreflight(data), 'preflight');
  },
};
