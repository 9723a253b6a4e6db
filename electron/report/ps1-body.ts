// The standalone script's procedure: checks, cluster role, DNS wait, Client Access array, databases,
// and the undo commands. PowerShell 2.0; the catalogue's step scripts are the $Exha* script blocks.
import { ps } from '../powershell/script';

export const PS1_HELPERS = ps`
    function ConvertTo-ExhaLiteral([string]$Text) { "'" + $Text.Replace("'", "''") + "'" }
    function Write-ExhaStep([string]$Text) { Write-Host ''; Write-Host ('== ' + $Text) }
    function Write-ExhaLine([string]$Text) { Write-Host ('   ' + $Text) }
    function Test-ExhaRoleHealthy($State) {
        $resources = @($State.Resources)
        return ([bool]$State.Exists -and [string]$State.State -eq 'Online' -and $resources.Count -ge 2 -and
            @($resources | Where-Object { [string]$_.State -ne 'Online' }).Count -eq 0 -and
            @($resources | Where-Object { [string]$_.ResourceType -eq 'IP Address' }).Count -gt 0 -and
            @($resources | Where-Object { [string]$_.ResourceType -eq 'Network Name' }).Count -gt 0)
    }
`;

export const PS1_PROCEDURE = ps`
    if ($Name -notmatch '^[A-Za-z0-9-]{1,15}$') { throw ('Name must be a NetBIOS name (at most 15 letters, digits or hyphens): ' + $Name) }
    if (-not ($Address -as [System.Net.IPAddress])) { throw ('Address is not an IPv4 address: ' + $Address) }
    if (-not ($SubnetMask -as [System.Net.IPAddress])) { throw ('SubnetMask is not an IPv4 mask: ' + $SubnetMask + ' (use the AddressMask of the cluster network, Get-ClusterNetwork)') }
    # The cluster registers <Name>.<AD DNS domain>; the array must use exactly that name.
    if ($Fqdn.Split('.')[0] -ne $Name) { throw ('Fqdn must be ' + $Name + '.<AD DNS domain>, not ' + $Fqdn) }
    $changed = @()

    Write-ExhaStep '1. Checks (read-only)'
    $failures = @()
    $nodes = @(Invoke-ExhaCluster -ScriptBlock $ExhaReadNodes)
    foreach ($node in $nodes) {
        if ([string]$node.State -ne 'Up') { $failures += ('cluster node ' + $node.Name + ' is ' + $node.State) }
        Write-ExhaLine ('Cluster node ' + $node.Name + ': ' + $node.State)
    }
    $role = Invoke-ExhaCluster -ScriptBlock $ExhaProbeRole -ArgumentList @($Name)
    if ([bool]$role.Exists) {
        Write-ExhaLine ('Cluster group ' + $Name + ' already exists (' + $role.State + '): the checks for a new name are skipped.')
    } else {
        $free = & $ExhaCheckNameAndAddress -Name $Name -Fqdn $Fqdn -Address $Address
        if (@($free.NameAddresses).Count -gt 0) { $failures += ($Fqdn + ' already resolves to ' + (@($free.NameAddresses) -join ', ')) }
        if ($free.ComputerObject) { $failures += ('a computer object named ' + $Name + ' exists') }
        if ([bool]$free.Answers) { $failures += ($Address + ' answers ping: something uses it') }
        if (-not [bool]$free.CanCreate) { $failures += [string]$free.CanCreateReason }
        $clash = Invoke-ExhaCluster -ScriptBlock $ExhaCheckCluster -ArgumentList @($Name, $Address)
        $taken = @($clash.Groups) + @($clash.Resources)
        if ($taken.Count -gt 0) { $failures += ('already in the cluster: ' + ($taken -join ', ')) }
        Write-ExhaLine ($Fqdn + ' and ' + $Address + ' checked: ' + $(if ($failures.Count -eq 0) { 'free' } else { 'see below' }))
    }
    $siteArray = @(& $ExhaProbeArrays | Where-Object { [string]$_.Site -eq $Site })
    if ($siteArray.Count -gt 0 -and [string]$siteArray[0].Fqdn -ne $Fqdn) {
        $failures += ('AD site ' + $Site + ' already has Client Access array ' + $siteArray[0].Name + ' (' + $siteArray[0].Fqdn + ')')
    }
    if ($failures.Count -gt 0) { throw ('Checks failed, nothing was changed: ' + ($failures -join '; ')) }
    Write-ExhaLine 'All checks passed.'

    Write-ExhaStep ('2. Cluster role ' + $Name)
    $roleReady = Test-ExhaRoleHealthy $role
    if ($roleReady) {
        Write-ExhaLine ('Already Online on ' + $role.OwnerNode + ': nothing to do.')
    } else {
        $before = & $ExhaRecordBefore -Name $Name -Fqdn $Fqdn
        Write-ExhaLine ('Before: ' + $Fqdn + ' resolves to [' + (@($before.DnsAddresses) -join ', ') + ']; computer object: ' + $(if ($before.ComputerObject) { $before.ComputerObject.Name } else { 'none' }))
        if ($PSCmdlet.ShouldProcess('cluster group ' + $Name, 'Create with IP Address ' + $Address + '/' + $SubnetMask + ' on ' + $Network + ' and a Network Name, and bring it online')) {
            Invoke-ExhaCluster -ScriptBlock $ExhaCreateRole -ArgumentList @($Name, $Address, $SubnetMask, $Network) | Out-Null
            $role = Invoke-ExhaCluster -ScriptBlock $ExhaVerifyRole -ArgumentList @($Name)
            if (-not (Test-ExhaRoleHealthy $role)) { throw ('Cluster group ' + $Name + ' is ' + $role.State + ' after creating it: check its resources in Failover Cluster Manager.') }
            $roleReady = $true
            $changed += 'cluster role'
            Write-ExhaLine ('Online on ' + $role.OwnerNode + '.')
        }
    }

    Write-ExhaStep ('3. DNS: wait for ' + $Fqdn + ' to resolve to ' + $Address)
    if ($roleReady) {
        $deadline = (Get-Date).AddSeconds($DnsWaitSeconds)
        while ($true) {
            $addresses = @(& $ExhaResolveName -Fqdn $Fqdn)
            if ($addresses -contains $Address) { Write-ExhaLine ('Resolves to ' + ($addresses -join ', ') + '.'); break }
            if ((Get-Date) -gt $deadline) { throw ($Fqdn + ' does not resolve to ' + $Address + ' after ' + $DnsWaitSeconds + ' seconds: check the Network Name resource and the zone''s dynamic updates.') }
            Start-Sleep -Seconds 3
        }
    } else {
        Write-ExhaLine 'Skipped: the role was not created (WhatIf).'
    }

    Write-ExhaStep ('4. Client Access array for site ' + $Site)
    $siteArray = @(& $ExhaProbeArrays | Where-Object { [string]$_.Site -eq $Site })
    if ($siteArray.Count -gt 0) {
        Write-ExhaLine ('Already there: ' + $siteArray[0].Name + ' (' + $siteArray[0].Fqdn + ').')
    } elseif ($PSCmdlet.ShouldProcess('Client Access array ' + $Name, 'Create in site ' + $Site + ' with FQDN ' + $Fqdn)) {
        & $ExhaCreateArray -Name $Name -Fqdn $Fqdn -Site $Site | Out-Null
        $siteArray = @(& $ExhaVerifyArray | Where-Object { [string]$_.Site -eq $Site -and [string]$_.Fqdn -eq $Fqdn })
        if ($siteArray.Count -eq 0) { throw ('The array for ' + $Site + ' was not found with FQDN ' + $Fqdn + ' after creating it.') }
        $changed += 'Client Access array'
        Write-ExhaLine 'Created.'
    }

    Write-ExhaStep '5. Mailbox databases: RpcClientAccessServer'
    $previous = @{}
    $activeOn = @{}
    foreach ($db in @(& $ExhaProbeDatabases)) {
        $previous[[string]$db.Name] = [string]$db.RpcClientAccessServer
        $activeOn[[string]$db.Name] = [string]$db.Server
        Write-ExhaLine ([string]$db.Name + ': RpcClientAccessServer was ' + $db.RpcClientAccessServer)
    }
    $pending = @($previous.Keys | Where-Object { $previous[$_] -ne $Fqdn })
    if ($pending.Count -eq 0) {
        Write-ExhaLine ('Every database already uses ' + $Fqdn + '.')
    } elseif ($PSCmdlet.ShouldProcess(($pending -join ', '), 'Set RpcClientAccessServer to ' + $Fqdn)) {
        & $ExhaPointAtArray -Fqdn $Fqdn | Out-Null
        $wrong = @(& $ExhaVerifyDatabases | Where-Object { [string]$_.RpcClientAccessServer -ne $Fqdn })
        if ($wrong.Count -gt 0) { throw ('Still not on the array: ' + (@($wrong | ForEach-Object { $_.Name }) -join ', ')) }
        $changed += 'databases'
        Write-ExhaLine 'Done. Existing Outlook profiles keep the old server until repaired (Repair Account, or a new profile).'
    }

    Write-ExhaStep 'Undo: these commands take back what this script set up, newest change first; each looks before it acts, so a second run does no harm'
    # The databases leave the array first: Exchange refuses to remove an array that databases still name, and
    # Outlook would be sent to a name about to disappear. A database that already used the array when this run
    # looked goes to the server holding its active copy (Exchange's own default), as the wizard's rollback does.
    $undo = @()
    foreach ($dbName in @($previous.Keys | Sort-Object)) {
        if ($previous[$dbName] -ne $Fqdn) {
            $undo += ('Set-MailboxDatabase -Identity ' + (ConvertTo-ExhaLiteral $dbName) + ' -RpcClientAccessServer ' + (ConvertTo-ExhaLiteral $previous[$dbName]) + ' -Confirm:$false')
        } else {
            $undo += ('Set-MailboxDatabase -Identity ' + (ConvertTo-ExhaLiteral $dbName) + ' -RpcClientAccessServer (Get-ExchangeServer -Identity ' + (ConvertTo-ExhaLiteral $activeOn[$dbName]) + ').Fqdn -Confirm:$false    # its active server: it already used ' + $Fqdn + ' when this run looked')
        }
    }
    $undo += ('if (Get-ClientAccessArray | Where-Object { [string]$_.Name -eq ' + (ConvertTo-ExhaLiteral $Name) + ' }) { Remove-ClientAccessArray -Identity ' + (ConvertTo-ExhaLiteral $Name) + ' -Confirm:$false }')
    $undo += ('if (Get-ClusterGroup | Where-Object { $_.Name -eq ' + (ConvertTo-ExhaLiteral $Name) + ' }) { Stop-ClusterGroup -Name ' + (ConvertTo-ExhaLiteral $Name) + ' -Wait 120 | Out-Null; Remove-ClusterGroup -Name ' + (ConvertTo-ExhaLiteral $Name) + ' -RemoveResources -Force }    # after Import-Module FailoverClusters')
    foreach ($line in $undo) { Write-ExhaLine $line }
    Write-ExhaLine ('Then, if they are still there, delete the A record ' + $Fqdn + ' -> ' + $Address + ' in DNS Manager and the disabled computer account ' + $Name + ' in Active Directory Users and Computers: both would block a re-run. This script defines no helper for that.')

    New-Object PSObject -Property @{ Name = $Name; Fqdn = $Fqdn; Address = $Address; Changed = $changed; PreviousRpcClientAccessServer = $previous; Undo = $undo; WhatIf = [bool]$WhatIfPreference }
`;
