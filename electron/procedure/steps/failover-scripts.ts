// The scripts of the failover test: samples of who owns what, and the moves.
import { z } from 'zod';
import { asArray } from '../schemas';
import { ps, type StepScript } from '../../powershell/script';

export const sampleCluster: StepScript = {
  label: 'Read the role owner and the node states',
  runsOn: 'cluster',
  kind: 'probe',
  params: ['Name'],
  body: ps`
    param([string]$Name)
    $group = Get-ClusterGroup | Where-Object { $_.Name -eq $Name }
    New-Object PSObject -Property @{
        OwnerNode = [string]$group.OwnerNode; State = [string]$group.State
        Nodes = @(Get-ClusterNode | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; State = [string]$_.State } })
        Groups = @(Get-ClusterGroup | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; OwnerNode = [string]$_.OwnerNode } })
    }
  `,
};

export const sampleCopies: StepScript = {
  label: 'Read which database copies are active',
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    @(Get-MailboxDatabaseCopyStatus | ForEach-Object {
        New-Object PSObject -Property @{ Database = [string]$_.DatabaseName; Server = [string]$_.MailboxServer; Status = [string]$_.Status }
    })
  `,
};

export const pingArray: StepScript = {
  label: 'Check the array address answers',
  runsOn: 'local',
  kind: 'probe',
  params: ['Address'],
  body: ps`
    param([string]$Address)
    [bool](Test-Connection -ComputerName $Address -Count 1 -Quiet)
  `,
};

export const moveGroup: StepScript = {
  label: 'Move a cluster group to a node',
  runsOn: 'cluster',
  kind: 'apply',
  params: ['Name', 'Node'],
  timeoutSeconds: 180,
  body: ps`
    param([string]$Name, [string]$Node)
    $group = Move-ClusterGroup -Name $Name -Node $Node -Wait 120
    New-Object PSObject -Property @{ OwnerNode = [string]$group.OwnerNode; State = [string]$group.State }
  `,
};

export const moveDatabase: StepScript = {
  label: 'Activate a database copy on its original server',
  runsOn: 'exchange',
  kind: 'rollback',
  params: ['Database', 'Server'],
  timeoutSeconds: 300,
  body: ps`
    param([string]$Database, [string]$Server)
    Move-ActiveMailboxDatabase -Identity $Database -ActivateOnServer $Server -Confirm:$false | Out-Null
  `,
};

/** Lab only: what the admin does on real servers by disabling every NIC of the node. */
export const labNodeState: StepScript = {
  label: 'Lab: take a node down or bring it back (as if its NICs were disabled or enabled)',
  runsOn: 'local',
  kind: 'apply',
  params: ['Node', 'State'],
  body: ps`
    param([string]$Node, [string]$State)
    Set-LabNodeState -Node $Node -State $State | Out-Null
  `,
};

export const ClusterSampleSchema = z.object({
  OwnerNode: z.string(),
  State: z.string(),
  Nodes: z.array(z.object({ Name: z.string(), State: z.string() })),
  Groups: z.array(z.object({ Name: z.string(), OwnerNode: z.string() })),
});
export type ClusterSample = z.infer<typeof ClusterSampleSchema>;

export const CopiesSchema = asArray(z.object({ Database: z.string(), Server: z.string(), Status: z.string() }));
export type CopySample = z.infer<typeof CopiesSchema>;

export const MovedSchema = z.object({ OwnerNode: z.string(), State: z.string() });

/** One round trip per timeline tick: the cluster (through the cluster session), the copies (Exchange) and
 *  the array's address (from the workstation, as a client sees it), in that order. */
export const sampleOutage: StepScript = {
  label: 'Sample the outage: role owner, active copies, array reachable',
  runsOn: 'local',
  kind: 'verify',
  params: ['Name', 'Address'],
  body: [
    'param([string]$Name, [string]$Address)',
    '$cluster = Invoke-ExhaCluster -ArgumentList @($Name) -ScriptBlock {',
    sampleCluster.body,
    '}',
    '$copies = & {',
    sampleCopies.body,
    '}',
    '$reachable = & {',
    pingArray.body,
    '} $Address',
    'New-Object PSObject -Property @{ Cluster = $cluster; Copies = @($copies); Reachable = [bool]$reachable }',
  ].join('\n'),
};

export const OutageSampleSchema = z.object({ Cluster: ClusterSampleSchema, Copies: CopiesSchema, Reachable: z.boolean() });
