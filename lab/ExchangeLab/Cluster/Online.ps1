# Cluster behaviour: bringing resources and groups online (the client access point: IP Address + Network
# Name, DNS registration, the computer object), going offline, node loss and quorum.

# ---------------------------------------------------------------- bringing resources online

function Get-LabResourceOrder {
    # Providers before dependents (within one group).
    param($State, [object[]]$Resources)
    $done = New-Object System.Collections.ArrayList
    $names = @($Resources | ForEach-Object { $_.name })
    $guard = 0
    while ($done.Count -lt $Resources.Count -and $guard -lt 100) {
        $guard++
        foreach ($r in $Resources) {
            if ($done.Contains($r)) { continue }
            $ready = $true
            foreach ($d in $r.dependsOn) { if ($names -contains $d -and -not ($done | Where-Object { $_.name -eq $d })) { $ready = $false } }
            if ($ready) { [void]$done.Add($r) }
        }
    }
    return @($done.ToArray())
}

function Invoke-LabResourceOnline {
    # Returns $null when the resource is Online, else the reason it Failed (also kept in lastError).
    param($State, $Resource, $Time)
    $p = $Resource.parameters
    $reason = $null
    switch ($Resource.resourceType) {
        'IP Address' {
            $net = $null
            if ($p.Network) { $net = Get-LabClusterNetwork $State $p.Network }
            if (-not $p.Address -or -not $p.SubnetMask -or -not $p.Network) {
                $reason = "Cluster IP address resource '$($Resource.name)' cannot be brought online because a required private property (Address, SubnetMask, Network) is not set."
            } elseif ($null -eq $net) {
                $reason = "Cluster IP address resource '$($Resource.name)' cannot be brought online because the cluster network '$($p.Network)' was not found."
            } elseif ([int]$net.role -ne 3) {
                $reason = "Cluster IP address resource '$($Resource.name)' cannot be brought online because the cluster network '$($net.name)' is not configured to allow client access."
            } elseif (-not (Test-LabInSubnet $p.Address $net.address $net.addressMask)) {
                $reason = "Cluster IP address resource '$($Resource.name)' cannot be brought online because the address '$($p.Address)' is not on cluster network '$($net.name)' ($($net.address)/$($net.addressMask))."
            } else {
                $answering = Get-LabAnsweringAddresses $State
                if ($answering.ContainsKey($p.Address) -and $answering[$p.Address] -ne ('resource:' + $Resource.name)) {
                    $reason = "Cluster IP address resource '$($Resource.name)' cannot be brought online because a duplicate IP address '$($p.Address)' was detected on the network. Please ensure all IP addresses are unique."
                }
            }
        }
        'Network Name' {
            $reason = Invoke-LabNetworkNameOnline $State $Resource $Time
        }
        'File Share Witness' {
            if (-not $State.dag.witnessAvailable) {
                $reason = "File share witness resource '$($Resource.name)' failed to arbitrate for the file share '$($p.SharePath)'. The network name cannot be found."
            }
        }
    }
    $g = Get-LabGroup $State $Resource.group
    if ($reason) {
        $Resource.state = 'Failed'
        $Resource.lastError = $reason
        Add-LabTimeline $State 'ResourceFailed' $Resource.name $reason $Time @{ node = $g.ownerNode }
    } else {
        $Resource.state = 'Online'
        $Resource.lastError = $null
        Add-LabTimeline $State 'ResourceOnline' $Resource.name "Resource '$($Resource.name)' ($($Resource.resourceType)) is Online on $($g.ownerNode)." $Time @{ node = $g.ownerNode }
    }
    return $reason
}

function Invoke-LabNetworkNameOnline {
    # A client access point's name: register the DNS A record and create (or reuse) the computer object
    # with the cluster name object's rights. Fails like the real one when the name is taken.
    param($State, $Resource, $Time)
    $p = $Resource.parameters
    $name = [string]$p.Name
    $domain = $State.domain.fqdn
    if (-not $name) { return "Cluster network name resource '$($Resource.name)' cannot be brought online because its 'Name' private property is not set." }
    if ($name.Length -gt 15) { return "Cluster network name resource '$($Resource.name)' cannot be brought online because the name '$name' is longer than 15 characters (NetBIOS limit)." }
    $ips = @()
    foreach ($d in $Resource.dependsOn) {
        $dep = Get-LabResource $State $d
        if ($dep -and $dep.resourceType -eq 'IP Address' -and $dep.state -eq 'Online') { $ips += $dep.parameters.Address }
    }
    if ($ips.Count -eq 0) { return "Cluster network name resource '$($Resource.name)' cannot be brought online because it does not depend on an online IP Address resource." }
    $fqdn = "$name.$domain"
    foreach ($r in $State.dns.records) {
        if ([string]::Equals($r.name, $fqdn, [StringComparison]::OrdinalIgnoreCase) -and $r.owner -ne $Resource.id) {
            return "Cluster network name resource '$($Resource.name)' failed registration of one or more associated DNS name(s) for the following reason:`nDNS operation refused. A record for '$fqdn' ($($r.address)) already exists and is not owned by the cluster."
        }
    }
    $co = Get-LabComputerObject $State $name
    if ($co) {
        $mine = ($co.owner -eq $Resource.id)
        $claimable = ([bool]$co.prestaged -and -not [bool]$co.enabled)
        if (-not $mine -and -not $claimable) {
            return "Cluster network name resource '$($Resource.name)' failed to create its associated computer object in domain '$domain' during: Resource online.`n`nThe text for the associated error code is: The object already exists. (A computer object '$($co.name)' is already in Active Directory.)"
        }
        $co.owner = $Resource.id
        if (-not $co.enabled) {
            $co.enabled = $true
            Add-LabTimeline $State 'ComputerObjectEnabled' $co.name "Computer object $($co.distinguishedName) enabled by $($State.cluster.name)." $Time
        }
    } else {
        if (-not $State.activeDirectory.cnoCanCreateComputerObjects) {
            return "Cluster network name resource '$($Resource.name)' failed to create its associated computer object in domain '$domain' during: Resource online.`n`nThe text for the associated error code is: Access is denied."
        }
        $co = @{ name = $name.ToUpperInvariant(); enabled = $true; distinguishedName = (Get-LabComputerDn $State $name); owner = $Resource.id; prestaged = $false }
        [void]$State.activeDirectory.computers.Add($co)
        Add-LabTimeline $State 'ComputerObjectCreated' $co.name "Computer object $($co.distinguishedName) created by $($State.cluster.name)." $Time
    }
    # Re-registration moves the record to the current addresses.
    foreach ($r in @($State.dns.records)) {
        if ($r.owner -eq $Resource.id -and $ips -notcontains $r.address) { $State.dns.records.Remove($r) }
    }
    foreach ($ip in $ips) { Add-LabDnsA $State $fqdn $ip $Resource.id $Time }
    $p.DnsName = $name
    $p.CreatingDC = '\\' + $State.domain.domainController + '.' + $domain
    if (-not $p.ObjectGUID) { $p.ObjectGUID = [Guid]::NewGuid().ToString('N') }
    return $null
}

function Invoke-LabGroupOnline {
    # Brings every resource of the group online on its owner node, providers first. Returns the failures.
    param($State, $Group, $Time)
    $failures = @()
    foreach ($r in (Get-LabResourceOrder $State @(Get-LabGroupResources $State $Group.name))) {
        if ($r.state -eq 'Online') { continue }
        $blocked = $false
        foreach ($d in $r.dependsOn) {
            $dep = Get-LabResource $State $d
            if ($dep -and $dep.state -ne 'Online') { $blocked = $true }
        }
        if ($blocked) { $r.state = 'Offline'; continue }
        $why = Invoke-LabResourceOnline $State $r $Time
        if ($why) { $failures += @{ resource = $r.name; reason = $why } }
    }
    $st = Get-LabGroupState $State $Group
    Add-LabTimeline $State 'GroupState' $Group.name "Group '$($Group.name)' is $st on $($Group.ownerNode)." $Time @{ node = $Group.ownerNode; state = $st }
    return , $failures
}

function Set-LabGroupOffline {
    param($State, $Group, $Time, [switch]$Quiet)
    foreach ($r in (Get-LabGroupResources $State $Group.name)) { $r.state = 'Offline' }
    if (-not $Quiet) { Add-LabTimeline $State 'GroupState' $Group.name "Group '$($Group.name)' is Offline on $($Group.ownerNode)." $Time @{ node = $Group.ownerNode; state = 'Offline' } }
}

function Start-LabGroupTransition {
    # Resources go OnlinePending now; the group comes online when the scheduled event is applied.
    param($State, $Group, $Time)
    foreach ($r in (Get-LabGroupResources $State $Group.name)) { if ($r.state -ne 'Online') { $r.state = 'OnlinePending' } }
    Remove-LabPending $State { param($p) $p.kind -eq 'GroupOnline' -and $p.data.group -eq $Group.name }
    Add-LabPending $State ($Time.AddSeconds((Get-LabDelay $State 'groupOnlineSeconds'))) 'GroupOnline' @{ group = $Group.name }
}

function Invoke-LabGroupOnlineEvent {
    param($State, [string]$GroupName, $Time)
    $g = Get-LabGroup $State $GroupName
    if ($null -eq $g -or -not $State.cluster.hasQuorum) { return }
    $node = Get-LabNode $State $g.ownerNode
    if ($null -eq $node -or -not $node.nicsEnabled -or $node.state -ne 'Up') { return }
    foreach ($r in (Get-LabGroupResources $State $g.name)) { if ($r.state -eq 'OnlinePending') { $r.state = 'Offline' } }
    [void](Invoke-LabGroupOnline $State $g $Time)
}

function Wait-LabGroup {
    # Blocks like the real cmdlets do (no -Wait: until done; -Wait N: at most N seconds; -Wait 0: not at all).
    param($State, $Group, $Wait)
    if ($null -ne $Wait -and [int]$Wait -eq 0) { return $State }
    $limit = [double]::MaxValue
    if ($null -ne $Wait) { $limit = [double]$Wait }
    Wait-LabPending $State { param($p) $p.kind -eq 'GroupOnline' -and $p.data.group -eq $Group.name } $limit
    return (Open-LabState)
}

function Get-LabGroupFailureMessage {
    param($State, $Group, [string]$Verb)
    $failed = @(Get-LabGroupResources $State $Group.name | Where-Object { $_.state -eq 'Failed' })
    if ($failed.Count -eq 0) { return $null }
    $lines = @($failed | ForEach-Object { "    Resource '$($_.name)' ($($_.resourceType)) failed: $($_.lastError)" })
    return ("An error occurred while {0} the clustered role '{1}'.`n{2}" -f $Verb, $Group.name, ($lines -join "`n"))
}

# ---------------------------------------------------------------- node loss and quorum

function Test-LabQuorum {
    param($State)
    $votes = @($State.cluster.nodes | Where-Object { $_.state -eq 'Up' -and $_.nicsEnabled }).Count
    $total = @($State.cluster.nodes).Count
    if ($State.dag.witnessServer) {
        $total++
        if ($State.dag.witnessAvailable -and (Test-LabServerReachable $State $State.dag.witnessServer)) { $votes++ }
    }
    return ($votes * 2 -gt $total)
}

function Invoke-LabNodeLossDetected {
    param($State, [string]$NodeName, $Time)
    $node = Get-LabNode $State $NodeName
    if ($null -eq $node -or $node.nicsEnabled) { return }
    $node.state = 'Down'
    Add-LabTimeline $State 'NodeDown' $node.name "Cluster node $($node.name) is Down (missed heartbeats)." $Time
    if (-not (Test-LabQuorum $State)) {
        $State.cluster.hasQuorum = $false
        Add-LabTimeline $State 'QuorumLost' $State.cluster.name "Cluster $($State.cluster.name) lost quorum: the cluster service stops on every node; all groups go offline and every database dismounts." $Time
        foreach ($g in $State.cluster.groups) { Set-LabGroupOffline $State $g $Time -Quiet }
        Remove-LabPending $State { param($p) $p.kind -eq 'GroupOnline' }
        Invoke-LabDismountAll $State $Time
        return
    }
    foreach ($g in $State.cluster.groups) {
        if (-not [string]::Equals($g.ownerNode, $node.name, [StringComparison]::OrdinalIgnoreCase)) { continue }
        $target = Get-LabFirstUpNode $State
        if ($null -eq $target) { Set-LabGroupOffline $State $g $Time; continue }
        $wasOnline = ([int]$g.persistentState -eq 1) -or ((Get-LabGroupState $State $g) -ne 'Offline')
        $g.ownerNode = $target.name
        Add-LabTimeline $State 'GroupMoved' $g.name "Group '$($g.name)' failed over from $($node.name) to $($target.name)." $Time @{ from = $node.name; to = $target.name }
        if ($wasOnline -and (@(Get-LabGroupResources $State $g.name).Count -gt 0)) {
            foreach ($r in (Get-LabGroupResources $State $g.name)) { $r.state = 'Offline' }
            Start-LabGroupTransition $State $g $Time
        }
    }
    Start-LabDatabaseFailovers $State $node.name $Time
}

function Invoke-LabNodeJoined {
    param($State, $Node, $Time)
    $Node.state = 'Up'
    Add-LabTimeline $State 'NodeUp' $Node.name "Cluster node $($Node.name) is Up." $Time
    if (-not $State.cluster.hasQuorum -and (Test-LabQuorum $State)) {
        $State.cluster.hasQuorum = $true
        Add-LabTimeline $State 'QuorumRegained' $State.cluster.name "Cluster $($State.cluster.name) has quorum again." $Time
        foreach ($g in $State.cluster.groups) {
            if ([int]$g.persistentState -ne 1) { continue }
            $owner = Get-LabNode $State $g.ownerNode
            if ($null -eq $owner -or -not $owner.nicsEnabled -or $owner.state -ne 'Up') { $g.ownerNode = (Get-LabFirstUpNode $State).name }
            Start-LabGroupTransition $State $g $Time
        }
    }
}
