// Recognising a setup started by hand (Connect): extra groups in the DAG's cluster with an IP Address or
// a Network Name, the site's Client Access array, and the databases already pointed at it. Read-only.
import { z } from 'zod';
import type { FoundSetup } from '../../../shared/site';
import { asArray } from '../schemas';
import { ps, type StepScript } from '../../powershell/script';
import type { StepContext } from '../step';

export const readFoundGroups: StepScript = {
  label: 'Look for client access points already in the cluster (groups with an IP Address or Network Name)',
  runsOn: 'cluster',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    $groups = @(Get-ClusterGroup)
    $resources = @(Get-ClusterResource)
    $found = @()
    foreach ($group in $groups) {
        $groupName = [string]$group.Name
        # The DAG's own groups are never a hand-started role.
        if ([bool]$group.IsCoreGroup -or $groupName -eq 'Cluster Group' -or $groupName -eq 'Available Storage') { continue }
        $ip = $null
        $nn = $null
        foreach ($resource in $resources) {
            if ([string]$resource.OwnerGroup -ne $groupName) { continue }
            $type = [string]$resource.ResourceType
            if ($type -ne 'IP Address' -and $type -ne 'Network Name') { continue }
            $p = @{}
            foreach ($parameter in @($resource | Get-ClusterParameter)) { $p[[string]$parameter.Name] = [string]$parameter.Value }
            if ($type -eq 'IP Address' -and -not $ip) {
                $ip = New-Object PSObject -Property @{
                    Resource = [string]$resource.Name; Address = [string]$p['Address']; SubnetMask = [string]$p['SubnetMask']
                    Network = [string]$p['Network']; State = [string]$resource.State
                }
            }
            if ($type -eq 'Network Name' -and -not $nn) {
                $nn = New-Object PSObject -Property @{
                    Resource = [string]$resource.Name; Name = [string]$p['Name']; State = [string]$resource.State; Detail = [string]$resource.ResourceSpecificStatus
                }
            }
        }
        if ($ip -or $nn) {
            $found += New-Object PSObject -Property @{ Name = $groupName; OwnerNode = [string]$group.OwnerNode; State = [string]$group.State; IpAddress = $ip; NetworkName = $nn }
        }
    }
    $found
  `,
};

export const readFoundArray: StepScript = {
  label: "Look for the AD site's Client Access array and the databases pointed at it",
  runsOn: 'exchange',
  kind: 'probe',
  params: ['Site'],
  body: ps`
    param([string]$Site)
    # Collect first: Exchange remote PowerShell runs one pipeline at a time.
    $arrays = @(Get-ClientAccessArray)
    $databases = @(Get-MailboxDatabase)
    $array = $null
    foreach ($a in $arrays) {
        $text = [string]$a.Site
        if ($text.Substring($text.LastIndexOf('/') + 1) -eq $Site) {
            $array = New-Object PSObject -Property @{ Name = [string]$a.Name; Fqdn = [string]$a.Fqdn; Site = $Site }
            break
        }
    }
    $pointed = @()
    if ($array) {
        foreach ($db in $databases) { if ([string]$db.RpcClientAccessServer -eq $array.Fqdn) { $pointed += [string]$db.Name } }
    }
    New-Object PSObject -Property @{ Array = $array; Pointed = $pointed }
  `,
};

export const resolveFoundNames: StepScript = {
  label: 'Resolve the names the found setup uses',
  runsOn: 'local',
  kind: 'probe',
  params: ['ArrayFqdn', 'NameFqdn'],
  body: ps`
    param([string]$ArrayFqdn, [string]$NameFqdn)
    $arrayAddresses = @()
    $nameAddresses = @()
    if ($ArrayFqdn) { $arrayAddresses = @(Resolve-ExhaHostName -Name $ArrayFqdn | ForEach-Object { [string]$_ }) }
    if ($NameFqdn) { $nameAddresses = @(Resolve-ExhaHostName -Name $NameFqdn | ForEach-Object { [string]$_ }) }
    New-Object PSObject -Property @{ ArrayAddresses = $arrayAddresses; NameAddresses = $nameAddresses }
  `,
};

const GroupsSchema = asArray(
  z.object({
    Name: z.string(),
    OwnerNode: z.string(),
    State: z.string(),
    IpAddress: z
      .object({ Resource: z.string(), Address: z.string(), SubnetMask: z.string(), Network: z.string(), State: z.string() })
      .nullable(),
    NetworkName: z.object({ Resource: z.string(), Name: z.string(), State: z.string(), Detail: z.string() }).nullable(),
  }),
);
const ArraySchema = z.object({
  Array: z.object({ Name: z.string(), Fqdn: z.string(), Site: z.string() }).nullable(),
  Pointed: asArray(z.string()),
});
const NamesSchema = z.object({ ArrayAddresses: asArray(z.string()), NameAddresses: asArray(z.string()) });

export const recognitionScripts = [readFoundGroups, readFoundArray, resolveFoundNames];

/** What is already there; null when the site has no trace of the setup. */
export async function recogniseSetup(ctx: Pick<StepContext, 'run'>, adSite: string, domain: string): Promise<FoundSetup | null> {
  const groups = await ctx.run(readFoundGroups, {}, GroupsSchema);
  const exchange = await ctx.run(readFoundArray, { Site: adSite }, ArraySchema);
  if (groups.length === 0 && !exchange.Array) return null;
  const networkName = groups[0]?.NetworkName?.Name ?? '';
  const names = await ctx.run(
    resolveFoundNames,
    {
      ArrayFqdn: exchange.Array?.Fqdn ?? '',
      NameFqdn: networkName ? `${networkName}.${domain}` : '',
    },
    NamesSchema,
  );
  return {
    groups: groups.map((g) => ({
      name: g.Name,
      ownerNode: g.OwnerNode,
      state: g.State,
      ipAddress: g.IpAddress
        ? {
            resource: g.IpAddress.Resource,
            address: g.IpAddress.Address,
            subnetMask: g.IpAddress.SubnetMask,
            network: g.IpAddress.Network,
            state: g.IpAddress.State,
          }
        : null,
      networkName: g.NetworkName
        ? { resource: g.NetworkName.Resource, name: g.NetworkName.Name, state: g.NetworkName.State, detail: g.NetworkName.Detail }
        : null,
    })),
    array: exchange.Array
      ? { name: exchange.Array.Name, fqdn: exchange.Array.Fqdn, site: exchange.Array.Site, addresses: names.ArrayAddresses }
      : null,
    pointed: exchange.Pointed,
    nameAddresses: names.NameAddresses,
  };
}
