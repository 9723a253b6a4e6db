// What the procedure touches, read before the first change and after the last: the report's plan-style diff.
import { z } from 'zod';
import { asArray } from '../schemas';
import type { TouchedSnapshot } from '../../../shared/results';
import { ps, type StepScript } from '../../powershell/script';
import type { StepContext } from '../step';

const readClusterGroups: StepScript = {
  label: 'Snapshot: cluster groups, resources and their parameters',
  runsOn: 'cluster',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    @(Get-ClusterGroup | ForEach-Object {
        $group = $_
        New-Object PSObject -Property @{
            Name = [string]$group.Name; OwnerNode = [string]$group.OwnerNode; State = [string]$group.State
            Resources = @(Get-ClusterResource | Where-Object { [string]$_.OwnerGroup -eq [string]$group.Name } | ForEach-Object {
                $resource = $_
                $parameters = @{}
                if (-not [bool]$group.IsCoreGroup) {
                    $resource | Get-ClusterParameter | ForEach-Object { $parameters[[string]$_.Name] = [string]$_.Value }
                }
                New-Object PSObject -Property @{ Name = [string]$resource.Name; ResourceType = [string]$resource.ResourceType; State = [string]$resource.State; Parameters = $parameters }
            })
        }
    })
  `,
};

const readExchange: StepScript = {
  label: 'Snapshot: Client Access arrays, databases and active copies',
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    $active = @{}
    Get-MailboxDatabaseCopyStatus | Where-Object { [string]$_.Status -eq 'Mounted' } | ForEach-Object { $active[[string]$_.DatabaseName] = [string]$_.MailboxServer }
    New-Object PSObject -Property @{
        Arrays = @(Get-ClientAccessArray | ForEach-Object {
            $site = [string]$_.Site
            New-Object PSObject -Property @{ Name = [string]$_.Name; Fqdn = [string]$_.Fqdn; Site = $site.Substring($site.LastIndexOf('/') + 1) }
        })
        Databases = @(Get-MailboxDatabase | ForEach-Object {
            New-Object PSObject -Property @{ Name = [string]$_.Name; RpcClientAccessServer = [string]$_.RpcClientAccessServer; ActiveServer = [string]$active[[string]$_.Name] }
        })
    }
  `,
};

/** The name's DNS addresses and computer object: read for the snapshot, and by the cluster role before it creates anything. */
export function readNameRecords(label: string): StepScript {
  return {
    label,
    runsOn: 'local',
    kind: 'probe',
    params: ['Name', 'Fqdn'],
    body: ps`
      param([string]$Name, [string]$Fqdn)
      $computer = Get-ExhaComputerObject -Name $Name
      $objects = @()
      if ($computer) { $objects += New-Object PSObject -Property @{ Name = [string]$computer.Name; Enabled = [bool]$computer.Enabled } }
      New-Object PSObject -Property @{ Addresses = @(Resolve-ExhaHostName -Name $Fqdn | ForEach-Object { $_ }); ComputerObjects = $objects }
    `,
  };
}
const readNames = readNameRecords('Snapshot: DNS records and computer object for the name');

const GroupsSchema = asArray(
  z.object({
    Name: z.string(),
    OwnerNode: z.string(),
    State: z.string(),
    Resources: z.array(
      z.object({ Name: z.string(), ResourceType: z.string(), State: z.string(), Parameters: z.record(z.string(), z.string()) }),
    ),
  }),
);
const ExchangeSchema = z.object({
  Arrays: z.array(z.object({ Name: z.string(), Fqdn: z.string(), Site: z.string() })),
  Databases: z.array(z.object({ Name: z.string(), RpcClientAccessServer: z.string(), ActiveServer: z.string() })),
});
export const NamesSchema = z.object({
  Addresses: z.array(z.string()),
  ComputerObjects: z.array(z.object({ Name: z.string(), Enabled: z.boolean() })),
});

export const snapshotScripts = [readClusterGroups, readExchange, readNames];

export async function captureTouched(ctx: StepContext, name: string, fqdn: string): Promise<TouchedSnapshot> {
  const groups = await ctx.run(readClusterGroups, {}, GroupsSchema);
  const exchange = await ctx.run(readExchange, {}, ExchangeSchema);
  const names = await ctx.run(readNames, { Name: name, Fqdn: fqdn }, NamesSchema);
  return {
    capturedAt: new Date(ctx.now()).toISOString(),
    clusterGroups: groups.map((g) => ({
      name: g.Name,
      ownerNode: g.OwnerNode,
      state: g.State,
      resources: g.Resources.map((r) => ({ name: r.Name, resourceType: r.ResourceType, state: r.State, parameters: r.Parameters })),
    })),
    dnsRecords: [{ name: fqdn, addresses: names.Addresses }],
    clientAccessArrays: exchange.Arrays.map((a) => ({ name: a.Name, fqdn: a.Fqdn, site: a.Site })),
    databases: exchange.Databases.map((d) => ({
      name: d.Name,
      rpcClientAccessServer: d.RpcClientAccessServer,
      activeServer: d.ActiveServer,
    })),
    computerObjects: names.ComputerObjects.map((c) => ({ name: c.Name, enabled: c.Enabled })),
  };
}
