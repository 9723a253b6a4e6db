// What `exha snapshot` reads beyond Connect and Preflight: the details a lab needs to play the site (ids,
// paths, lag, each resource's parameters and dependencies) that the procedure itself never uses. Read-only,
// PowerShell 2.0, nothing secret (no passwords, no mailbox contents, no user names).
import { z } from 'zod';
import { ps, type StepScript } from '../powershell/script';
import { asArray } from './schemas';

export const readExchangeDetails: StepScript = {
  label: 'Snapshot: ids, paths, editions and lag times the lab needs to play the site',
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    # Collect each list first: Exchange remote PowerShell runs one pipeline at a time.
    $servers = @(Get-ExchangeServer)
    $databases = @(Get-MailboxDatabase)
    $sites = @(Get-ADSite)
    $dag = @(Get-DatabaseAvailabilityGroup -Status)[0]
    $arrays = @(Get-ClientAccessArray)
    $dbs = @()
    foreach ($db in $databases) {
        $lags = @()
        foreach ($pair in @($db.ReplayLagTimes)) {
            if ($null -eq $pair) { continue }
            # A workstation without the Exchange tools receives each pair as its text, "[EX01, 7.00:00:00]";
            # with them (rehydrated), a KeyValuePair.
            if ($pair -is [string]) {
                if ($pair -notmatch '^\[(.+), ([^,\]]+)\]$') { continue }
                $server = $matches[1]; $lag = [TimeSpan]::Parse($matches[2])
            } else {
                $server = [string]$pair.Key
                if ($pair.Key.Name) { $server = [string]$pair.Key.Name }
                $lag = [TimeSpan]$pair.Value
            }
            $lags += New-Object PSObject -Property @{ Server = $server; Seconds = [int]$lag.TotalSeconds }
        }
        $dbs += New-Object PSObject -Property @{
            Name = [string]$db.Name; Guid = [string]$db.Guid; EdbFilePath = [string]$db.EdbFilePath
            LogFolderPath = [string]$db.LogFolderPath; Lags = $lags
        }
    }
    $dagInfo = $null
    if ($dag) {
        $dagInfo = New-Object PSObject -Property @{
            Guid = [string]$dag.Guid; AlternateWitnessServer = [string]$dag.AlternateWitnessServer
            AlternateWitnessDirectory = [string]$dag.AlternateWitnessDirectory
            DatacenterActivationMode = [string]$dag.DatacenterActivationMode; ReplicationPort = [int]$dag.ReplicationPort
        }
    }
    New-Object PSObject -Property @{
        Servers = @($servers | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; Guid = [string]$_.Guid; Edition = [string]$_.Edition } })
        Sites = @($sites | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; Guid = [string]$_.Guid; HubSiteEnabled = [bool]$_.HubSiteEnabled } })
        Arrays = @($arrays | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; Guid = [string]$_.Guid; ExchangeLegacyDN = [string]$_.ExchangeLegacyDN } })
        Databases = $dbs
        Dag = $dagInfo
    }
  `,
};

export const ExchangeDetailsSchema = z.object({
  Servers: asArray(z.object({ Name: z.string(), Guid: z.string(), Edition: z.string() })),
  Sites: asArray(z.object({ Name: z.string(), Guid: z.string(), HubSiteEnabled: z.boolean() })),
  Arrays: asArray(z.object({ Name: z.string(), Guid: z.string(), ExchangeLegacyDN: z.string() })),
  Databases: asArray(
    z.object({
      Name: z.string(),
      Guid: z.string(),
      EdbFilePath: z.string(),
      LogFolderPath: z.string(),
      Lags: asArray(z.object({ Server: z.string(), Seconds: z.number() })),
    }),
  ),
  Dag: z
    .object({
      Guid: z.string(),
      AlternateWitnessServer: z.string(),
      AlternateWitnessDirectory: z.string(),
      DatacenterActivationMode: z.string(),
      ReplicationPort: z.number(),
    })
    .nullable(),
});
export type ExchangeDetails = z.infer<typeof ExchangeDetailsSchema>;

export const readClusterDetails: StepScript = {
  label: 'Snapshot: cluster nodes, groups, resources, their parameters and dependencies',
  runsOn: 'cluster',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    $cluster = Get-Cluster
    $nodes = @(Get-ClusterNode | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; Id = [string]$_.Id; State = [string]$_.State } })
    $groups = @(Get-ClusterGroup | ForEach-Object {
        New-Object PSObject -Property @{
            Name = [string]$_.Name; OwnerNode = [string]$_.OwnerNode; IsCoreGroup = [bool]$_.IsCoreGroup
            PersistentState = [int]$_.PersistentState; Description = [string]$_.Description
        }
    })
    $resources = @()
    foreach ($resource in @(Get-ClusterResource)) {
        $parameters = @{}
        foreach ($parameter in @($resource | Get-ClusterParameter)) {
            $value = $parameter.Value
            if ($value -is [int] -or $value -is [uint32] -or $value -is [long]) { $parameters[[string]$parameter.Name] = [long]$value }
            else { $parameters[[string]$parameter.Name] = [string]$value }
        }
        $dependency = @($resource | Get-ClusterResourceDependency)[0]
        $resources += New-Object PSObject -Property @{
            Name = [string]$resource.Name; Group = [string]$resource.OwnerGroup; ResourceType = [string]$resource.ResourceType
            State = [string]$resource.State; IsCoreResource = [bool]$resource.IsCoreResource
            DependencyExpression = [string]$dependency.DependencyExpression; Parameters = $parameters
        }
    }
    New-Object PSObject -Property @{ Id = [string]$cluster.Id; Nodes = $nodes; Groups = $groups; Resources = $resources }
  `,
};

export const ClusterDetailsSchema = z.object({
  Id: z.string(),
  Nodes: asArray(z.object({ Name: z.string(), Id: z.string(), State: z.string() })),
  Groups: asArray(
    z.object({ Name: z.string(), OwnerNode: z.string(), IsCoreGroup: z.boolean(), PersistentState: z.number(), Description: z.string() }),
  ),
  Resources: asArray(
    z.object({
      Name: z.string(),
      Group: z.string(),
      ResourceType: z.string(),
      State: z.string(),
      IsCoreResource: z.boolean(),
      DependencyExpression: z.string(),
      Parameters: z.record(z.string(), z.union([z.string(), z.number()])),
    }),
  ),
});
export type ClusterDetails = z.infer<typeof ClusterDetailsSchema>;

/** The DNS names, computer objects and the cluster's right to create one, for every name the procedure touches. */
export const readNamesAndObjects: StepScript = {
  label: 'Snapshot: DNS records and computer objects of the names the procedure touches',
  runsOn: 'local',
  kind: 'probe',
  params: ['Fqdns', 'Computers', 'NewName'],
  body: ps`
    param([string[]]$Fqdns, [string[]]$Computers, [string]$NewName)
    $records = @()
    foreach ($fqdn in $Fqdns) {
        # Unrolled: the adapter returns its addresses as one array.
        foreach ($address in @(Resolve-ExhaHostName -Name $fqdn | ForEach-Object { $_ })) { if ($address) { $records += New-Object PSObject -Property @{ Name = $fqdn; Address = [string]$address } } }
    }
    $objects = @()
    foreach ($name in $Computers) {
        $computer = Get-ExhaComputerObject -Name $name
        if ($computer) {
            $objects += New-Object PSObject -Property @{ Name = [string]$computer.Name; Enabled = [bool]$computer.Enabled; DistinguishedName = [string]$computer.DistinguishedName }
        }
    }
    $creation = Test-ExhaComputerObjectCreation -Name $NewName
    New-Object PSObject -Property @{ Records = $records; Computers = $objects; CanCreate = [bool]$creation.Allowed }
  `,
};

export const NamesAndObjectsSchema = z.object({
  Records: asArray(z.object({ Name: z.string(), Address: z.string() })),
  Computers: asArray(z.object({ Name: z.string(), Enabled: z.boolean(), DistinguishedName: z.string() })),
  CanCreate: z.boolean(),
});
export type NamesAndObjects = z.infer<typeof NamesAndObjectsSchema>;
