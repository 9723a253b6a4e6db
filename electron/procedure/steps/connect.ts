// Connect: read the site the procedure will work on. Read-only.
import { z } from 'zod';
import { SiteFactsSchema, type SiteFacts } from '../../../shared/site';
import { ps, type StepScript } from '../../powershell/script';
import { StepFailure, type StepDefinition, type PlannedCall } from '../step';
import { readFoundArray, readFoundGroups, recogniseSetup, resolveFoundNames } from './recognise';

const readExchange: StepScript = {
  label: 'Read Exchange servers, DAG and databases',
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    $servers = @(Get-ExchangeServer | ForEach-Object {
        $site = [string]$_.Site
        New-Object PSObject -Property @{
            Name = [string]$_.Name; Fqdn = [string]$_.Fqdn; AdminDisplayVersion = [string]$_.AdminDisplayVersion
            ServerRole = [string]$_.ServerRole; Site = $site.Substring($site.LastIndexOf('/') + 1)
        }
    })
    $dag = @(Get-DatabaseAvailabilityGroup)[0]
    $dagIps = @()
    if ($dag -and $dag.DatabaseAvailabilityGroupIpv4Addresses) { $dagIps = @($dag.DatabaseAvailabilityGroupIpv4Addresses | ForEach-Object { [string]$_ }) }
    $dagInfo = $null
    if ($dag) {
        $dagInfo = New-Object PSObject -Property @{
            Name = [string]$dag.Name; Servers = @($dag.Servers | ForEach-Object { [string]$_ })
            WitnessServer = [string]$dag.WitnessServer; WitnessDirectory = [string]$dag.WitnessDirectory; IpAddresses = $dagIps
        }
    }
    $copies = @(Get-MailboxDatabaseCopyStatus | ForEach-Object {
        New-Object PSObject -Property @{
            DatabaseName = [string]$_.DatabaseName; Server = [string]$_.MailboxServer; Status = [string]$_.Status
            ActivationPreference = [int]$_.ActivationPreference; CopyQueueLength = [int]$_.CopyQueueLength
            ReplayQueueLength = [int]$_.ReplayQueueLength; ContentIndexState = [string]$_.ContentIndexState
        }
    })
    $databases = @(Get-MailboxDatabase | ForEach-Object {
        New-Object PSObject -Property @{ Name = [string]$_.Name; Server = [string]$_.Server; RpcClientAccessServer = [string]$_.RpcClientAccessServer }
    })
    $hostNames = @()
    if (Get-Command Get-ClientAccessServer -ErrorAction SilentlyContinue) {
        $hostNames += @(Get-ClientAccessServer | ForEach-Object { [string]$_.AutoDiscoverServiceInternalUri })
    }
    if (Get-Command Get-OwaVirtualDirectory -ErrorAction SilentlyContinue) {
        $hostNames += @(Get-OwaVirtualDirectory | ForEach-Object { [string]$_.InternalUrl; [string]$_.ExternalUrl })
    }
    New-Object PSObject -Property @{ Servers = $servers; Dag = $dagInfo; Copies = $copies; Databases = $databases; ClientUrls = @($hostNames | Where-Object { $_ }) }
  `,
};

const readCluster: StepScript = {
  label: 'Read the DAG cluster: nodes and networks',
  runsOn: 'cluster',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    $cluster = Get-Cluster
    New-Object PSObject -Property @{
        Name = [string]$cluster.Name
        Nodes = @(Get-ClusterNode | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; State = [string]$_.State } })
        Networks = @(Get-ClusterNetwork | ForEach-Object {
            New-Object PSObject -Property @{ Name = [string]$_.Name; Address = [string]$_.Address; AddressMask = [string]$_.AddressMask; Role = [int]$_.Role; State = [string]$_.State }
        })
    }
  `,
};

const readLocal: StepScript = {
  label: 'Resolve the servers and name the account',
  runsOn: 'local',
  kind: 'probe',
  params: ['Fqdns'],
  body: ps`
    param([string[]]$Fqdns)
    $addresses = @{}
    foreach ($fqdn in $Fqdns) { $addresses[$fqdn] = @(Resolve-ExhaHostName -Name $fqdn | ForEach-Object { $_ }) }
    New-Object PSObject -Property @{ Account = ([Environment]::UserDomainName + '\' + [Environment]::UserName); Addresses = $addresses }
  `,
};

const ExchangeSchema = z.object({
  Servers: z.array(
    z.object({ Name: z.string(), Fqdn: z.string(), AdminDisplayVersion: z.string(), ServerRole: z.string(), Site: z.string() }),
  ),
  Dag: z
    .object({
      Name: z.string(),
      Servers: z.array(z.string()),
      WitnessServer: z.string(),
      WitnessDirectory: z.string(),
      IpAddresses: z.array(z.string()),
    })
    .nullable(),
  Copies: z.array(
    z.object({
      DatabaseName: z.string(),
      Server: z.string(),
      Status: z.string(),
      ActivationPreference: z.number(),
      CopyQueueLength: z.number(),
      ReplayQueueLength: z.number(),
      ContentIndexState: z.string(),
    }),
  ),
  Databases: z.array(z.object({ Name: z.string(), Server: z.string(), RpcClientAccessServer: z.string() })),
  ClientUrls: z.array(z.string()),
});

const ClusterSchema = z.object({
  Name: z.string(),
  Nodes: z.array(z.object({ Name: z.string(), State: z.string() })),
  Networks: z.array(z.object({ Name: z.string(), Address: z.string(), AddressMask: z.string(), Role: z.number(), State: z.string() })),
});

const LocalSchema = z.object({ Account: z.string(), Addresses: z.record(z.string(), z.array(z.string())) });

function hostOf(url: string): string {
  const m = /^[a-z]+:\/\/([^/:]+)/i.exec(url);
  return (m?.[1] ?? url).toLowerCase();
}

export const connectStep: StepDefinition<SiteFacts> = {
  id: 'connect',
  plan: (): PlannedCall[] => [
    { script: readExchange, values: {} },
    { script: readCluster, values: {} },
    { script: readLocal, values: { Fqdns: [] } },
    { script: readFoundGroups, values: {} },
    { script: readFoundArray, values: { Site: '' } },
    { script: resolveFoundNames, values: { ArrayFqdn: '', NameFqdn: '' } },
  ],
  rollbackPlan: () => [],
  async run(ctx) {
    const ex = await ctx.run(readExchange, {}, ExchangeSchema);
    if (!ex.Dag)
      throw new StepFailure('No database availability group was found.', 'Deploy the DAG first (write-up step 1), then connect again.');
    const cluster = await ctx.run(readCluster, {}, ClusterSchema);
    const local = await ctx.run(readLocal, { Fqdns: ex.Servers.map((s) => s.Fqdn) }, LocalSchema);
    const domain = ex.Servers[0]?.Fqdn.split('.').slice(1).join('.') ?? '';
    // A setup started by hand is part of the site as read: preflight judges it, the admin may adopt it.
    const found = await recogniseSetup(ctx, ex.Servers[0]?.Site ?? '', domain);
    const site: SiteFacts = {
      domain,
      adSite: ex.Servers[0]?.Site ?? '',
      servers: ex.Servers.map((s) => ({
        name: s.Name,
        fqdn: s.Fqdn,
        adminDisplayVersion: s.AdminDisplayVersion,
        serverRole: s.ServerRole,
        site: s.Site,
        address: local.Addresses[s.Fqdn]?.[0] ?? null,
      })),
      dag: {
        name: ex.Dag.Name,
        servers: ex.Dag.Servers,
        witnessServer: ex.Dag.WitnessServer,
        witnessDirectory: ex.Dag.WitnessDirectory,
        ipAddresses: ex.Dag.IpAddresses,
      },
      cluster: {
        name: cluster.Name,
        nodes: cluster.Nodes.map((n) => ({ name: n.Name, state: n.State })),
        networks: cluster.Networks.map((n) => ({
          name: n.Name,
          address: n.Address,
          addressMask: n.AddressMask,
          role: n.Role,
          state: n.State,
        })),
      },
      databases: ex.Databases.map((d) => ({
        name: d.Name,
        server: d.Server,
        rpcClientAccessServer: d.RpcClientAccessServer,
        copies: ex.Copies.filter((c) => c.DatabaseName === d.Name).map((c) => ({
          server: c.Server,
          status: c.Status,
          activationPreference: c.ActivationPreference,
          copyQueueLength: c.CopyQueueLength,
          replayQueueLength: c.ReplayQueueLength,
          contentIndexState: c.ContentIndexState,
        })),
      })),
      clientHostNames: [...new Set(ex.ClientUrls.map(hostOf))],
      account: local.Account,
      found,
    };
    return SiteFactsSchema.parse(site);
  },
};
