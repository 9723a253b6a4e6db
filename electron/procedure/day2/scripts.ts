// Day-2 PowerShell: where the groups and the active databases are, and moving them. PowerShell 2.0;
// values travel as parameters; Exchange objects are collected before anything loops over them.
import { ps, type StepScript } from '../../powershell/script';

// Every group, its owner node and state: what reading the groups and moving them both answer, so one schema reads both.
const GROUP_OWNERS = ps`
    @(Get-ClusterGroup | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; OwnerNode = [string]$_.OwnerNode; State = [string]$_.State } })
`;

export const readGroupOwners: StepScript = {
  label: 'Read every cluster group, its owner node and state',
  runsOn: 'cluster',
  kind: 'probe',
  params: [],
  body: `param()\n${GROUP_OWNERS}`,
};

export const readActiveServers: StepScript = {
  label: 'Read where each mailbox database is active',
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    @(Get-MailboxDatabase | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; Server = [string]$_.Server } })
  `,
};

export const moveGroups: StepScript = {
  label: 'Move cluster groups to the given nodes',
  runsOn: 'cluster',
  kind: 'apply',
  params: ['Groups', 'Nodes'],
  timeoutSeconds: 300,
  body: [
    ps`
      param([string[]]$Groups, [string[]]$Nodes)
      for ($i = 0; $i -lt $Groups.Count; $i++) {
          $group = Get-ClusterGroup | Where-Object { [string]$_.Name -eq $Groups[$i] }
          # Only a group not already there moves: a repeated command changes nothing.
          if ($group -and [string]$group.OwnerNode -ne $Nodes[$i]) { Move-ClusterGroup -Name $Groups[$i] -Node $Nodes[$i] | Out-Null }
      }
    `,
    GROUP_OWNERS,
  ].join('\n'),
};

export const moveDatabases: StepScript = {
  label: 'Move the active copy of each mailbox database to the given server',
  runsOn: 'exchange',
  kind: 'apply',
  params: ['Databases', 'Servers'],
  timeoutSeconds: 600,
  body: ps`
    param([string[]]$Databases, [string[]]$Servers)
    # Collect first: Exchange remote PowerShell runs one pipeline at a time.
    $current = @(Get-MailboxDatabase)
    for ($i = 0; $i -lt $Databases.Count; $i++) {
        $db = $null
        foreach ($d in $current) { if ([string]$d.Name -eq $Databases[$i]) { $db = $d } }
        if ($db -and [string]$db.Server -ne $Servers[$i]) {
            Move-ActiveMailboxDatabase -Identity $Databases[$i] -ActivateOnServer $Servers[$i] -Confirm:$false | Out-Null
        }
    }
  `,
};

export const day2Scripts = [readGroupOwners, readActiveServers, moveGroups, moveDatabases];
