# Cluster: the DAG's failover cluster (FailoverClusters module, Windows Server 2008 R2 parameters, plus
# the few 2012/2012 R2 additions noted in lab/README.md). Groups, resources, the client access point
# (IP Address + Network Name), node loss and quorum.

$script:ClusterTypeNames = @{
    Cluster   = 'Microsoft.FailoverClusters.PowerShell.Cluster'
    Node      = 'Microsoft.FailoverClusters.PowerShell.ClusterNode'
    Network   = 'Microsoft.FailoverClusters.PowerShell.ClusterNetwork'
    Group     = 'Microsoft.FailoverClusters.PowerShell.ClusterGroup'
    Resource  = 'Microsoft.FailoverClusters.PowerShell.ClusterResource'
    Parameter = 'Microsoft.FailoverClusters.PowerShell.ClusterParameter'
}

$script:ResourceTypes = @('IP Address', 'IPv6 Address', 'IPv6 Tunnel Address', 'Network Name', 'File Share Witness',
    'Physical Disk', 'Generic Application', 'Generic Script', 'Generic Service', 'File Server', 'DHCP Service',
    'Distributed File System', 'Distributed Transaction Coordinator', 'Message Queuing', 'WINS Service', 'Print Spooler')

# Private properties each resource type starts with; names listed in ReadOnly cannot be set.
$script:ResourceDefaults = @{
    'IP Address'         = @{ Address = ''; SubnetMask = ''; Network = ''; EnableNetBIOS = 1; OverrideAddressMatch = 0; EnableDhcp = 0 }
    'Network Name'       = @{ Name = ''; DnsName = ''; RemapPipeNames = 0; HostRecordTTL = 1200; RegisterAllProvidersIP = 0; PublishPTRRecords = 0; CreatingDC = ''; ObjectGUID = ''; StatusNetBIOS = 0; StatusDNS = 0; StatusKerberos = 0 }
    'File Share Witness' = @{ SharePath = ''; ArbitrationDelay = 6 }
}
$script:ReadOnlyParameters = @('CreatingDC', 'ObjectGUID', 'StatusNetBIOS', 'StatusDNS', 'StatusKerberos')
$script:UInt32Parameters = @('EnableNetBIOS', 'OverrideAddressMatch', 'EnableDhcp', 'RemapPipeNames', 'HostRecordTTL',
    'RegisterAllProvidersIP', 'PublishPTRRecords', 'StatusNetBIOS', 'StatusDNS', 'StatusKerberos', 'ArbitrationDelay')

# ---------------------------------------------------------------- lookups

function Get-LabGroup {
    param($State, [string]$Name)
    foreach ($g in $State.cluster.groups) { if ([string]::Equals($g.name, $Name, [StringComparison]::OrdinalIgnoreCase)) { return $g } }
    return $null
}

function Get-LabResource {
    param($State, [string]$Name)
    foreach ($r in $State.cluster.resources) { if ([string]::Equals($r.name, $Name, [StringComparison]::OrdinalIgnoreCase)) { return $r } }
    return $null
}

function Get-LabGroupResources {
    param($State, [string]$GroupName)
    return @($State.cluster.resources | Where-Object { [string]::Equals($_.group, $GroupName, [StringComparison]::OrdinalIgnoreCase) })
}

function Get-LabClusterNetwork {
    param($State, [string]$Name)
    foreach ($n in $State.cluster.networks) { if ([string]::Equals($n.name, $Name, [StringComparison]::OrdinalIgnoreCase)) { return $n } }
    return $null
}

function Test-LabObjectType {
    param($Object, [string]$Kind)
    if ($null -eq $Object -or $Object -is [string]) { return $false }
    return ($Object.PSObject.TypeNames -contains $script:ClusterTypeNames[$Kind])
}

function Get-LabFirstUpNode {
    param($State, [string]$Except = '')
    foreach ($n in $State.cluster.nodes) {
        if ($n.state -eq 'Up' -and $n.nicsEnabled -and -not [string]::Equals($n.name, $Except, [StringComparison]::OrdinalIgnoreCase)) { return $n }
    }
    return $null
}

function Assert-LabCluster {
    # -Cluster accepts '.', the cluster name or FQDN, or a node name (the cmdlets connect through it).
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, [string]$Cluster)
    $ok = $true
    $via = $null
    if ($Cluster -and $Cluster -ne '.') {
        $c = $Cluster.TrimEnd('.')
        $names = @($State.cluster.name, ($State.cluster.name + '.' + $State.domain.fqdn))
        $isCluster = $false
        foreach ($n in $names) { if ([string]::Equals($n, $c, [StringComparison]::OrdinalIgnoreCase)) { $isCluster = $true } }
        if (-not $isCluster) {
            $via = Get-LabNode $State $c
            if ($null -eq $via) { $ok = $false }
        }
    }
    $reachable = $null -ne (Get-LabFirstUpNode $State)
    if ($via -and -not $via.nicsEnabled) { $reachable = $false }
    if (-not $ok -or -not $reachable -or -not $State.cluster.hasQuorum) {
        $target = if ($Cluster) { $Cluster } else { '.' }
        $why = if (-not $ok) { 'The RPC server is unavailable.' } elseif (-not $State.cluster.hasQuorum) { 'The cluster service is not running. The cluster has lost quorum.' } else { 'The RPC server is unavailable.' }
        $Cmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $Cmdlet -ErrorId 'ClusterConnectionFailed' -Category ConnectionError `
                    -Message "Failed to connect to the cluster '$target'.`n    $why" -TargetObject $target))
    }
}

# ---------------------------------------------------------------- output objects

function ConvertTo-LabClusterObject {
    param($State)
    New-LabObject $script:ClusterTypeNames.Cluster ([ordered]@{
            Name                   = $State.cluster.name
            Domain                 = $State.domain.fqdn
            Id                     = $State.cluster.id
            Description            = ''
            SameSubnetDelay        = [uint32]1000
            SameSubnetThreshold    = [uint32]5
            CrossSubnetDelay       = [uint32]1000
            CrossSubnetThreshold   = [uint32]5
            QuorumArbitrationTimeMax = [uint32]20
            SharedVolumesRoot      = 'C:\ClusterStorage'
            EnableSharedVolumes    = 'Disabled'
        }) @('Name') -Text $State.cluster.name
}

function ConvertTo-LabNodeObject {
    param($State, $Node)
    New-LabObject $script:ClusterTypeNames.Node ([ordered]@{
            Cluster    = $State.cluster.name
            State      = (ConvertTo-LabEnum NodeState $Node.state)
            Name       = $Node.name
            NodeName   = $Node.name
            NodeHighestVersion = [uint32]400817
            NodeLowestVersion  = [uint32]400817
            MajorVersion = [uint32]6
            MinorVersion = [uint32]1
            BuildNumber  = [uint32]7601
            CSDVersion   = 'Service Pack 1'
            NodeInstanceID = $Node.instanceId
            Description  = ''
            DrainStatus  = 'NotInitiated'
            Id           = [string]$Node.id
        }) @('Name', 'Id', 'State') -Text $Node.name
}

function ConvertTo-LabNetworkObject {
    param($State, $Net)
    $up = @($State.cluster.nodes | Where-Object { $_.state -eq 'Up' -and $_.nicsEnabled }).Count
    $netState = 'Up'
    if ($up -eq 0) { $netState = 'Down' }
    $prefix = 0
    foreach ($o in $Net.addressMask.Split('.')) { $b = [int]$o; while ($b -gt 0) { $prefix += ($b -band 1); $b = $b -shr 1 } }
    New-LabObject $script:ClusterTypeNames.Network ([ordered]@{
            Cluster           = $State.cluster.name
            State             = (ConvertTo-LabEnum NetworkState $netState)
            Name              = $Net.name
            Ipv6Addresses     = @()
            Ipv6PrefixLengths = @()
            Ipv4Addresses     = @($Net.address)
            Ipv4PrefixLengths = @([uint32]$prefix)
            Address           = $Net.address
            AddressMask       = $Net.addressMask
            Description       = ''
            Role              = [Microsoft.FailoverClusters.PowerShell.ClusterNetworkRole][int]$Net.role
            AutoMetric        = $true
            Metric            = [uint32]$Net.metric
            Id                = $Net.id
        }) @('Name', 'State') -Text $Net.name
}

function Get-LabGroupState {
    param($State, $Group)
    $res = @(Get-LabGroupResources $State $Group.name)
    if ($res.Count -eq 0) { return 'Offline' }
    $states = @($res | ForEach-Object { $_.state })
    if ($states -contains 'OnlinePending' -or $states -contains 'OfflinePending') { return 'Pending' }
    if ($states -contains 'Failed') { return 'Failed' }
    $online = @($states | Where-Object { $_ -eq 'Online' }).Count
    if ($online -eq $states.Count) { return 'Online' }
    if ($online -eq 0) { return 'Offline' }
    return 'PartialOnline'
}

function ConvertTo-LabOwnerNode {
    # OwnerNode as the real module returns it: the ClusterNode object (formats as its name).
    param($State, [string]$Name)
    if (-not $Name) { return $null }
    $n = Get-LabNode $State $Name
    if ($null -eq $n) { return $null }
    return ConvertTo-LabNodeObject $State $n
}

function ConvertTo-LabGroupObject {
    param($State, $Group)
    New-LabObject $script:ClusterTypeNames.Group ([ordered]@{
            Cluster                = $State.cluster.name
            IsCoreGroup            = [bool]$Group.isCoreGroup
            OwnerNode              = (ConvertTo-LabOwnerNode $State $Group.ownerNode)
            State                  = (ConvertTo-LabEnum GroupState (Get-LabGroupState $State $Group))
            Name                   = $Group.name
            Description            = [string]$Group.description
            PersistentState        = [uint32]$Group.persistentState
            FailoverThreshold      = [uint32]4294967295
            FailoverPeriod         = [uint32]6
            AutoFailbackType       = [uint32]0
            FailbackWindowStart    = [uint32]4294967295
            FailbackWindowEnd      = [uint32]4294967295
            AntiAffinityClassNames = @()
            Id                     = $Group.id
        }) @('Name', 'OwnerNode', 'State') -Text $Group.name
}

function ConvertTo-LabResourceObject {
    param($State, $Resource)
    $g = Get-LabGroup $State $Resource.group
    $owner = $null
    $ownerGroup = $null
    if ($g) { $owner = ConvertTo-LabOwnerNode $State $g.ownerNode; $ownerGroup = ConvertTo-LabGroupObject $State $g }
    New-LabObject $script:ClusterTypeNames.Resource ([ordered]@{
            Cluster                 = $State.cluster.name
            IsCoreResource          = [bool]$Resource.isCoreResource
            IsNetworkClassResource  = ($Resource.resourceType -eq 'IP Address' -or $Resource.resourceType -eq 'Network Name' -or $Resource.resourceType -eq 'IPv6 Address')
            IsStorageClassResource  = ($Resource.resourceType -eq 'Physical Disk')
            OwnerNode               = $owner
            ResourceType            = $Resource.resourceType
            State                   = (ConvertTo-LabEnum ResourceState $Resource.state)
            OwnerGroup              = $ownerGroup
            Name                    = $Resource.name
            MaintenanceMode         = $false
            MonitorProcessId        = [uint32]1844
            Description             = ''
            SeparateMonitor         = $false
            PersistentState         = [uint32]$(if ($Resource.state -eq 'Online') { 1 } else { 0 })
            LooksAlivePollInterval  = [uint32]4294967295
            IsAlivePollInterval     = [uint32]4294967295
            RestartAction           = [uint32]2
            RestartThreshold        = [uint32]1
            RestartDelay            = [uint32]500
            RestartPeriod           = [uint32]900000
            RetryPeriodOnFailure    = [uint32]3600000
            PendingTimeout          = [uint32]180000
            DeadlockTimeout         = [uint32]300000
            ResourceSpecificStatus  = [string]$Resource.lastError
            Id                      = $Resource.id
        }) @('Name', 'State', 'OwnerGroup', 'ResourceType') -Text $Resource.name
}

function Resolve-LabInputName {
    # InputObject from the pipeline may be an object of the expected kind or a plain name.
    param($InputObject, [string]$Kind)
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [string]) { return $InputObject }
    if (Test-LabObjectType $InputObject $Kind) { return [string]$InputObject.Name }
    return $null
}

function Select-LabNamed {
    # -Name as the Get-Cluster* cmdlets take it: passes on the items (records with a name, or plain
    # strings) whose name matches one of the patterns, every item when there is none; then, with -Cmdlet,
    # writes through that cmdlet a not-found error for each plain name (no wildcard) that $Lookup (e.g.
    # Get-LabNode) cannot find in the state. Pipe the items on to be written before the errors.
    param($Items, [string[]]$Pattern, [System.Management.Automation.PSCmdlet]$Cmdlet, [string]$What, [string]$Lookup, $State)
    foreach ($item in $Items) {
        if ($Pattern) {
            $itemName = if ($item -is [string]) { $item } else { $item.name }
            $hit = $false
            foreach ($pat in $Pattern) { if (Test-LabName $pat $itemName) { $hit = $true } }
            if (-not $hit) { continue }
        }
        $item
    }
    if ($null -eq $Cmdlet) { return }
    foreach ($pat in @($Pattern)) {
        if ($pat -and -not [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($pat) -and $null -eq (& $Lookup $State $pat)) {
            $Cmdlet.WriteError((New-ClusterNotFound $Cmdlet $What $pat))
        }
    }
}

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

# ---------------------------------------------------------------- cmdlets: read

function Get-Cluster {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(ParameterSetName = 'Name', Position = 0)] [string]$Name,
        [Parameter(ParameterSetName = 'Domain')] [string]$Domain
    )
    $st = Enter-LabCommand $PSCmdlet
    if ($PSCmdlet.ParameterSetName -eq 'Domain') {
        if ([string]::Equals($Domain, $st.domain.fqdn, [StringComparison]::OrdinalIgnoreCase) -or
            [string]::Equals($Domain, $st.domain.netbiosName, [StringComparison]::OrdinalIgnoreCase)) { ConvertTo-LabClusterObject $st }
        return
    }
    Assert-LabCluster $PSCmdlet $st $Name
    ConvertTo-LabClusterObject $st
}

function Get-ClusterNode {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        Select-LabNamed $st.cluster.nodes $Name $PSCmdlet 'node' 'Get-LabNode' $st | ForEach-Object { ConvertTo-LabNodeObject $st $_ }
    }
}

function Get-ClusterNetwork {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        Select-LabNamed $st.cluster.networks $Name $PSCmdlet 'network' 'Get-LabClusterNetwork' $st | ForEach-Object { ConvertTo-LabNetworkObject $st $_ }
    }
}

function Get-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        $ownerFilter = $null
        $names = $Name
        if ($null -ne $InputObject) {
            if (Test-LabObjectType $InputObject 'Node') { $ownerFilter = [string]$InputObject.Name }
            elseif ($InputObject -is [string]) { $names = @($InputObject) }
        }
        Select-LabNamed $st.cluster.groups $names $PSCmdlet 'group' 'Get-LabGroup' $st | ForEach-Object {
            if ($ownerFilter -and -not [string]::Equals($_.ownerNode, $ownerFilter, [StringComparison]::OrdinalIgnoreCase)) { return }
            ConvertTo-LabGroupObject $st $_
        }
    }
}

function Get-ClusterResource {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        $groupFilter = $null
        $nodeFilter = $null
        $names = $Name
        if ($null -ne $InputObject) {
            if (Test-LabObjectType $InputObject 'Group') { $groupFilter = [string]$InputObject.Name }
            elseif (Test-LabObjectType $InputObject 'Node') { $nodeFilter = [string]$InputObject.Name }
            elseif ($InputObject -is [string]) { $names = @($InputObject) }
        }
        Select-LabNamed $st.cluster.resources $names $PSCmdlet 'resource' 'Get-LabResource' $st | ForEach-Object {
            if ($groupFilter -and -not [string]::Equals($_.group, $groupFilter, [StringComparison]::OrdinalIgnoreCase)) { return }
            if ($nodeFilter) {
                $g = Get-LabGroup $st $_.group
                if (-not [string]::Equals($g.ownerNode, $nodeFilter, [StringComparison]::OrdinalIgnoreCase)) { return }
            }
            ConvertTo-LabResourceObject $st $_
        }
    }
}

function Get-ClusterParameter {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        $res = $null
        $objName = $st.cluster.name
        $params = @{}
        if ($null -ne $InputObject) {
            $rn = Resolve-LabInputName $InputObject 'Resource'
            if ($rn) {
                $res = Get-LabResource $st $rn
                if ($null -eq $res) { $PSCmdlet.WriteError((New-ClusterNotFound $PSCmdlet 'resource' $rn)); return }
                $objName = $res.name
                $params = $res.parameters
            } else { $objName = [string]$InputObject.Name }
        }
        $keys = [string[]]@($params.Keys)
        [Array]::Sort($keys, [StringComparer]::OrdinalIgnoreCase)
        foreach ($k in @(Select-LabNamed $keys $Name)) {
            $isUInt = $script:UInt32Parameters -contains $k
            $value = $params[$k]
            if ($isUInt -and $null -ne $value) { $value = [uint32]$value }
            New-LabObject $script:ClusterTypeNames.Parameter ([ordered]@{
                    ClusterObject = $objName
                    Name          = $k
                    IsReadOnly    = ($script:ReadOnlyParameters -contains $k)
                    ParameterType = $(if ($isUInt) { 'UInt32' } else { 'String' })
                    Value         = $value
                }) @('ClusterObject', 'Name', 'Value', 'ParameterType') -Text $k
        }
    }
}

# ---------------------------------------------------------------- cmdlets: change

function Set-ClusterParameter {
    [CmdletBinding(DefaultParameterSetName = 'NoMultiple')]
    param(
        [Parameter(ParameterSetName = 'NoMultiple', Position = 0)] [string]$Name,
        [Parameter(ParameterSetName = 'NoMultiple', Position = 1)] [psobject]$Value,
        [Parameter(ParameterSetName = 'Multiple', Mandatory = $true)] [hashtable]$Multiple,
        [Parameter(ParameterSetName = 'NoMultiple')] [switch]$Create,
        [Parameter(ParameterSetName = 'NoMultiple')] [switch]$Delete,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        $st = Open-LabState
        $rn = Resolve-LabInputName $InputObject 'Resource'
        $res = $null
        if ($rn) { $res = Get-LabResource $st $rn }
        if ($null -eq $res) {
            if ($rn) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $rn)) }
            $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidClusterObject' `
                        -Message "The lab keeps private properties on resources only: pipe a resource (Get-ClusterResource 'name' | Set-ClusterParameter ...)."))
        }
        $changes = @{}
        if ($PSCmdlet.ParameterSetName -eq 'Multiple') { foreach ($k in $Multiple.Keys) { $changes[[string]$k] = $Multiple[$k] } }
        else {
            if (-not $Name) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' `
                            -Message 'The parameter is incorrect. Specify -Name (and -Value).'))
            }
            $changes[$Name] = $Value
        }
        foreach ($k in @($changes.Keys)) {
            $known = $null
            foreach ($pk in $res.parameters.Keys) { if ([string]::Equals($pk, $k, [StringComparison]::OrdinalIgnoreCase)) { $known = $pk } }
            if ($Delete) {
                if ($null -eq $known) { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'ParameterNotFound' -Message "Parameter name '$k' does not exist on the cluster object '$($res.name)'.")) }
                $res.parameters.Remove($known)
                continue
            }
            if ($null -eq $known -and -not $Create) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'ParameterNotFound' `
                            -Message ("Parameter name '{0}' does not exist on the cluster object '{1}'. If you are trying to update an existing parameter, please make sure the parameter name is specified correctly. You can check for the current parameters by passing the .. object to Get-ClusterParameter." -f $k, $res.name)))
            }
            if ($null -eq $known) { $known = $k }
            if ($script:ReadOnlyParameters -contains $known) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category PermissionDenied -ErrorId 'ReadOnlyParameter' `
                            -Message "Unable to save property changes for '$($res.name)'.`n    The cluster property '$known' is read-only."))
            }
            $v = $changes[$k]
            if ($v -is [psobject]) { $v = $v.PSObject.BaseObject }
            if ($script:UInt32Parameters -contains $known) {
                try { $v = [uint32]$v } catch { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message "Unable to save property changes for '$($res.name)'.`n    The parameter is incorrect.")) }
                $v = [long]$v
            } else { $v = [string]$v }
            if ($res.resourceType -eq 'IP Address' -and ($known -eq 'Address' -or $known -eq 'SubnetMask') -and $v -and -not (Test-LabIPv4 $v)) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message "Unable to save property changes for '$($res.name)'.`n    The parameter is incorrect."))
            }
            if ($res.resourceType -eq 'IP Address' -and $known -eq 'Network' -and $null -eq (Get-LabClusterNetwork $st $v)) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'InvalidParameter' -Message "Unable to save property changes for '$($res.name)'.`n    The cluster network was not found."))
            }
            $res.parameters[$known] = $v
            Add-LabTimeline $st 'ParameterSet' $res.name "Parameter $known of '$($res.name)' set to '$v'."
        }
        Save-LabState $st
        if ($res.state -eq 'Online') {
            Write-Warning ("The properties were stored, but not all changes will take effect until {0} is taken offline and then online again." -f $res.name)
        }
    }
}

function New-LabGroupRecord {
    param($State, [string]$Name, [string]$Owner)
    return @{ name = $Name; id = [Guid]::NewGuid().ToString(); ownerNode = $Owner; isCoreGroup = $false; persistentState = 0; description = '' }
}

function New-LabResourceRecord {
    param([string]$Name, [string]$Type, [string]$Group)
    $params = @{}
    $defaults = $script:ResourceDefaults[$Type]
    if ($defaults) { foreach ($k in $defaults.Keys) { $params[$k] = $defaults[$k] } }
    return @{ name = $Name; id = [Guid]::NewGuid().ToString(); resourceType = $Type; group = $Group; state = 'Offline'; isCoreResource = $false; parameters = $params; dependsOn = (New-LabList); lastError = $null }
}

function Test-LabClusterNameTaken {
    param($State, [string]$Name)
    if (Get-LabGroup $State $Name) { return $true }
    if (Get-LabResource $State $Name) { return $true }
    foreach ($r in $State.cluster.resources) {
        if ($r.resourceType -eq 'Network Name' -and [string]::Equals([string]$r.parameters.Name, $Name, [StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Add-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    if (Test-LabClusterNameTaken $st $Name) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ResourceExists -ErrorId 'AddClusterGroup' -TargetObject $Name `
                    -Message "An error occurred creating cluster group '$Name'.`n    The object already exists."))
    }
    $owner = (Get-LabFirstUpNode $st).name
    $g = New-LabGroupRecord $st $Name $owner
    [void]$st.cluster.groups.Add($g)
    Add-LabTimeline $st 'GroupCreated' $Name "Group '$Name' created on $owner."
    Save-LabState $st
    ConvertTo-LabGroupObject $st $g
}

function Add-ClusterResource {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name,
        [Parameter(Mandatory = $true, Position = 1)] [Alias('ResType', 'Type')] [ValidateNotNullOrEmpty()] [string]$ResourceType,
        [Parameter(Position = 2)] [string]$Group,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    $groupName = $Group
    if (-not $groupName -and $InputObject) { $groupName = Resolve-LabInputName $InputObject 'Group' }
    if (-not $groupName) { $groupName = 'Available Storage' }
    $g = Get-LabGroup $st $groupName
    if ($null -eq $g) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'AddClusterResource' -TargetObject $groupName `
                    -Message "An error occurred creating resource '$Name'.`n    The cluster group could not be found."))
    }
    $type = $null
    foreach ($t in $script:ResourceTypes) { if ([string]::Equals($t, $ResourceType, [StringComparison]::OrdinalIgnoreCase)) { $type = $t } }
    if ($null -eq $type) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'AddClusterResource' -TargetObject $ResourceType `
                    -Message "An error occurred creating resource '$Name'.`n    The specified resource type was not found."))
    }
    if (Get-LabResource $st $Name) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ResourceExists -ErrorId 'AddClusterResource' -TargetObject $Name `
                    -Message "An error occurred creating resource '$Name'.`n    The object already exists."))
    }
    $r = New-LabResourceRecord $Name $type $g.name
    [void]$st.cluster.resources.Add($r)
    Add-LabTimeline $st 'ResourceCreated' $Name "Resource '$Name' ($type) created in group '$($g.name)'."
    Save-LabState $st
    ConvertTo-LabResourceObject $st $r
}

function Add-ClusterResourceDependency {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Resource,
        [Parameter(Position = 1)] [string]$Provider,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    $resName = $Resource
    if ($InputObject) {
        $fromPipe = Resolve-LabInputName $InputObject 'Resource'
        if ($fromPipe) {
            if ($Resource -and -not $Provider) { $Provider = $Resource }
            $resName = $fromPipe
        }
    }
    if (-not $resName -or -not $Provider) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message 'Specify the dependent resource and the provider resource.'))
    }
    $dep = Get-LabResource $st $resName
    if ($null -eq $dep) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $resName)) }
    $prov = Get-LabResource $st $Provider
    if ($null -eq $prov) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $Provider)) }
    $fail = $null
    if ($dep.name -eq $prov.name) { $fail = 'A circular resource dependency cannot be created.' }
    elseif (-not [string]::Equals($dep.group, $prov.group, [StringComparison]::OrdinalIgnoreCase)) { $fail = 'The cluster resources must be in the same group to create a dependency between them.' }
    elseif ($dep.dependsOn -contains $prov.name) { $fail = 'The cluster resource dependency already exists.' }
    elseif ($dep.state -eq 'Online' -or $dep.state -eq 'OnlinePending') { $fail = 'The operation could not be completed because the cluster resource is online.' }
    if ($fail) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'AddClusterResourceDependency' -TargetObject $dep.name `
                    -Message ("An error occurred adding dependency '{0}' to resource '{1}'.`n    {2}" -f $prov.name, $dep.name, $fail)))
    }
    [void]$dep.dependsOn.Add($prov.name)
    Add-LabTimeline $st 'DependencyAdded' $dep.name "Resource '$($dep.name)' now depends on '$($prov.name)'."
    Save-LabState $st
    ConvertTo-LabResourceObject $st $dep
}

function Get-ClusterResourceDependency {
    # Output as the real cmdlet: Resource and DependencyExpression, e.g. "([IP Address 192.168.0.110])".
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Resource,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    process {
        $st = Enter-LabCommand $PSCmdlet
        Assert-LabCluster $PSCmdlet $st $Cluster
        $resName = $Resource
        if ($InputObject) { $fromPipe = Resolve-LabInputName $InputObject 'Resource'; if ($fromPipe) { $resName = $fromPipe } }
        if (-not $resName) {
            $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message 'Specify the resource by -Resource or from the pipeline.'))
        }
        $res = Get-LabResource $st $resName
        if ($null -eq $res) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $resName)) }
        $expression = ''
        if (@($res.dependsOn).Count -gt 0) { $expression = '(' + ((@($res.dependsOn) | ForEach-Object { '[' + $_ + ']' }) -join ' and ') + ')' }
        New-LabObject 'Microsoft.FailoverClusters.PowerShell.ClusterResourceDependency' ([ordered]@{ Resource = $res.name; DependencyExpression = $expression }) -Text $res.name
    }
}

function Resolve-LabGroupArgument {
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, [string]$Name, $InputObject)
    $n = $Name
    if (-not $n -and $null -ne $InputObject) { $n = Resolve-LabInputName $InputObject 'Group' }
    if (-not $n) {
        $Cmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $Cmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message 'Specify the clustered role (group) by -Name or from the pipeline.'))
    }
    $g = Get-LabGroup $State $n
    if ($null -eq $g) { $Cmdlet.ThrowTerminatingError((New-ClusterNotFound $Cmdlet 'group' $n)) }
    return $g
}

function Start-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [int]$Wait
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $st = Open-LabState
        $g = Resolve-LabGroupArgument $PSCmdlet $st $Name $InputObject
        $owner = Get-LabNode $st $g.ownerNode
        if ($null -eq $owner -or $owner.state -ne 'Up' -or -not $owner.nicsEnabled) { $g.ownerNode = (Get-LabFirstUpNode $st).name }
        $g.persistentState = 1
        $now = Get-LabNow
        foreach ($r in (Get-LabGroupResources $st $g.name)) { if ($r.state -eq 'Failed') { $r.state = 'Offline' } }
        Add-LabTimeline $st 'GroupStarting' $g.name "Bringing group '$($g.name)' online on $($g.ownerNode)." $now
        Start-LabGroupTransition $st $g $now
        [void](Invoke-LabDueEvents $st)
        Save-LabState $st
        $waitArg = $null
        if ($PSBoundParameters.ContainsKey('Wait')) { $waitArg = $Wait }
        $st = Wait-LabGroup $st $g $waitArg
        $g = Get-LabGroup $st $g.name
        $msg = $null
        if ($null -eq $waitArg -or $waitArg -ne 0) { $msg = Get-LabGroupFailureMessage $st $g 'starting' }
        if ($msg) { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category OperationStopped -ErrorId 'StartClusterGroup' -TargetObject $g.name -Message $msg)) }
        ConvertTo-LabGroupObject $st $g
    }
}

function Stop-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [int]$Wait
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $st = Open-LabState
        $g = Resolve-LabGroupArgument $PSCmdlet $st $Name $InputObject
        Remove-LabPending $st { param($p) $p.kind -eq 'GroupOnline' -and $p.data.group -eq $g.name }
        $g.persistentState = 0
        Set-LabGroupOffline $st $g (Get-LabNow)
        Save-LabState $st
        ConvertTo-LabGroupObject $st $g
    }
}

function Move-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(Position = 1)] [string]$Node,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [int]$Wait
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $st = Open-LabState
        $g = Resolve-LabGroupArgument $PSCmdlet $st $Name $InputObject
        $target = $null
        if ($Node) {
            $target = Get-LabNode $st $Node
            if ($null -eq $target) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'MoveClusterGroup' -TargetObject $Node `
                            -Message "An error occurred while moving the clustered role '$($g.name)'.`n    The cluster node was not found."))
            }
            if ($target.state -ne 'Up' -or -not $target.nicsEnabled) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'MoveClusterGroup' -TargetObject $Node `
                            -Message "An error occurred while moving the clustered role '$($g.name)'.`n    The cluster node is down."))
            }
        } else {
            $target = Get-LabFirstUpNode $st $g.ownerNode
            if ($null -eq $target) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'MoveClusterGroup' -TargetObject $g.name `
                            -Message "An error occurred while moving the clustered role '$($g.name)'.`n    No other cluster node is available to host the clustered role. The cluster node is down."))
            }
        }
        if ([string]::Equals($target.name, $g.ownerNode, [StringComparison]::OrdinalIgnoreCase)) { ConvertTo-LabGroupObject $st $g; return }
        $now = Get-LabNow
        $from = $g.ownerNode
        $wasOnline = (Get-LabGroupState $st $g) -ne 'Offline'
        if ($wasOnline) { Set-LabGroupOffline $st $g $now -Quiet }
        $g.ownerNode = $target.name
        Add-LabTimeline $st 'GroupMoved' $g.name "Group '$($g.name)' moved from $from to $($target.name)." $now @{ from = $from; to = $target.name }
        if ($wasOnline) { Start-LabGroupTransition $st $g $now; [void](Invoke-LabDueEvents $st) }
        Save-LabState $st
        if ($wasOnline) {
            $waitArg = $null
            if ($PSBoundParameters.ContainsKey('Wait')) { $waitArg = $Wait }
            $st = Wait-LabGroup $st $g $waitArg
            $g = Get-LabGroup $st $g.name
            $msg = Get-LabGroupFailureMessage $st $g 'moving'
            if ($msg) { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category OperationStopped -ErrorId 'MoveClusterGroup' -TargetObject $g.name -Message $msg)) }
        }
        ConvertTo-LabGroupObject $st $g
    }
}

function Confirm-LabPrompt {
    # A confirmation prompt cannot be answered when the session reads its commands from a pipe (the
    # wizard's engine): fail the way a -NonInteractive host does instead of swallowing the next command.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Query, [string]$Caption)
    $redirected = $false
    try { $redirected = [Console]::IsInputRedirected } catch { }
    $nonInteractive = $redirected -or -not [Environment]::UserInteractive -or
        ([Environment]::GetCommandLineArgs() | Where-Object { $_ -match '^-noni' })
    if ($nonInteractive) {
        $Cmdlet.ThrowTerminatingError((New-LabErrorRecord -Message 'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.' `
                    -ExceptionType 'System.Management.Automation.Host.HostException' -ErrorId 'HostException' -Category InvalidOperation -TargetObject $Query))
    }
    return $Cmdlet.ShouldContinue($Query, $Caption)
}

function Test-LabWouldPrompt {
    # Would ShouldProcess prompt? (ConfirmImpact High, no -Confirm:$false, $ConfirmPreference not None.)
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Impact = 'High')
    $bp = $Cmdlet.MyInvocation.BoundParameters
    if ($bp.ContainsKey('WhatIf') -and $bp['WhatIf']) { return $false }
    if ($bp.ContainsKey('Confirm')) { return [bool]$bp['Confirm'] }
    $pref = $Cmdlet.SessionState.PSVariable.GetValue('ConfirmPreference')
    if ($null -eq $pref) { $pref = 'High' }
    $rank = @{ None = 99; Low = 1; Medium = 2; High = 3 }
    return ($rank[[string]$Impact] -ge $rank[[string]$pref])
}

function Confirm-LabChange {
    # ShouldProcess that cannot hang a piped session. Returns $true when the change should happen.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Description, [string]$Impact = 'Medium')
    if (Test-LabWouldPrompt $Cmdlet $Impact) {
        $redirected = $false
        try { $redirected = [Console]::IsInputRedirected } catch { }
        if ($redirected -or -not [Environment]::UserInteractive) {
            $Cmdlet.ThrowTerminatingError((New-LabErrorRecord -Message ("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available. (Confirm: {0} Add -Confirm:`$false.)" -f $Description) `
                        -ExceptionType 'System.Management.Automation.Host.HostException' -ErrorId 'HostException' -Category InvalidOperation -TargetObject $Description))
        }
    }
    return $Cmdlet.ShouldProcess($Description, ("Are you sure you want to perform this action?`n" + $Description), 'Confirm')
}

function Remove-ClusterGroup {
    # 2008 R2: prompts unless -Force; 2012 R2 adds -WhatIf/-Confirm (supported here).
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [switch]$Force,
        [switch]$RemoveResources
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $targets = @($Name)
        if (-not $Name) { $targets = @(Resolve-LabInputName $InputObject 'Group') }
        foreach ($n in $targets) {
            $st = Open-LabState
            $g = Resolve-LabGroupArgument $PSCmdlet $st $n $null
            if ($g.isCoreGroup) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'RemoveClusterGroup' -TargetObject $g.name `
                            -Message "An error occurred while removing the clustered role '$($g.name)'.`n    The operation is not valid on the core cluster group."))
            }
            $res = @(Get-LabGroupResources $st $g.name)
            if ($res.Count -gt 0 -and -not $RemoveResources) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'RemoveClusterGroup' -TargetObject $g.name `
                            -Message "The clustered role '$($g.name)' contains resources. Specify -RemoveResources to remove the group together with its resources."))
            }
            if (-not $PSCmdlet.ShouldProcess($g.name, 'Remove clustered role')) { continue }
            if (-not $Force -and -not (Confirm-LabPrompt $PSCmdlet "Are you sure you want to remove the clustered role '$($g.name)'?" 'Remove-ClusterGroup')) { continue }
            $now = Get-LabNow
            Remove-LabPending $st { param($p) $p.kind -eq 'GroupOnline' -and $p.data.group -eq $g.name }
            if ((Get-LabGroupState $st $g) -ne 'Offline') { Set-LabGroupOffline $st $g $now }
            foreach ($r in $res) {
                if ($r.resourceType -eq 'Network Name') {
                    # As the real cluster does: the computer object is disabled, not deleted; the DNS record stays.
                    foreach ($c in $st.activeDirectory.computers) {
                        if ($c.owner -eq $r.id -and $c.enabled) {
                            $c.enabled = $false
                            Add-LabTimeline $st 'ComputerObjectDisabled' $c.name "Computer object $($c.distinguishedName) disabled (left behind by the removed network name)." $now
                        }
                    }
                }
                $st.cluster.resources.Remove($r)
                Add-LabTimeline $st 'ResourceRemoved' $r.name "Resource '$($r.name)' removed." $now
            }
            $st.cluster.groups.Remove($g)
            Add-LabTimeline $st 'GroupRemoved' $g.name "Group '$($g.name)' removed." $now
            Save-LabState $st
        }
    }
}

function Add-ClusterServerRole {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [string[]]$IgnoreNetwork,
        [string[]]$StaticAddress,
        [string[]]$Storage,
        [int]$Wait
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    if (-not $Name) { $Name = $st.cluster.name + 'Other' }
    $fail = { param($m, $cat) $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category $cat -ErrorId 'AddClusterServerRole' -TargetObject $Name -Message $m)) }
    if ($Storage) { & $fail "Cluster disk '$($Storage[0])' was not found. The cluster has no shared storage." ObjectNotFound }
    if (Test-LabClusterNameTaken $st $Name) { & $fail "An error occurred while creating the clustered role '$Name'.`n    The object already exists." ResourceExists }
    foreach ($ig in @($IgnoreNetwork)) {
        if ($ig -and $null -eq (Get-LabClusterNetwork $st $ig)) { & $fail "The cluster network '$ig' was not found." ObjectNotFound }
    }
    $assign = @()
    foreach ($a in @($StaticAddress)) {
        if (-not $a) { continue }
        if (-not (Test-LabIPv4 $a)) { & $fail "'$a' is not a valid IPv4 address." InvalidArgument }
        $net = $null
        foreach ($n in $st.cluster.networks) { if ([int]$n.role -eq 3 -and (Test-LabInSubnet $a $n.address $n.addressMask)) { $net = $n } }
        if ($null -eq $net) { & $fail "Static address '$a' is not on any cluster network enabled for client access." InvalidArgument }
        $assign += @{ address = $a; network = $net }
    }
    foreach ($n in $st.cluster.networks) {
        if ([int]$n.role -ne 3) { continue }
        $ignored = $false
        foreach ($ig in @($IgnoreNetwork)) { if ($ig -and [string]::Equals($ig, $n.name, [StringComparison]::OrdinalIgnoreCase)) { $ignored = $true } }
        $has = @($assign | Where-Object { $_.network.name -eq $n.name }).Count -gt 0
        if (-not $ignored -and -not $has) {
            & $fail "Static address was not specified for the cluster network '$($n.name)'. Specify a static address for every network enabled for client access that does not use DHCP, or list the network in -IgnoreNetwork." InvalidArgument
        }
    }
    if ($assign.Count -eq 0) { & $fail 'There was no network found that is enabled for client access. Specify -StaticAddress.' InvalidArgument }

    $owner = (Get-LabFirstUpNode $st).name
    $g = New-LabGroupRecord $st $Name $owner
    $g.persistentState = 1
    [void]$st.cluster.groups.Add($g)
    $now = Get-LabNow
    Add-LabTimeline $st 'GroupCreated' $Name "Clustered role '$Name' (client access point) created on $owner." $now
    $nn = New-LabResourceRecord $Name 'Network Name' $Name
    $nn.parameters.Name = $Name
    foreach ($a in $assign) {
        $ip = New-LabResourceRecord ("IP Address " + $a.address) 'IP Address' $Name
        $ip.parameters.Address = $a.address
        $ip.parameters.SubnetMask = $a.network.addressMask
        $ip.parameters.Network = $a.network.name
        [void]$st.cluster.resources.Add($ip)
        [void]$nn.dependsOn.Add($ip.name)
    }
    [void]$st.cluster.resources.Add($nn)
    Start-LabGroupTransition $st $g $now
    [void](Invoke-LabDueEvents $st)
    Save-LabState $st
    $waitArg = $null
    if ($PSBoundParameters.ContainsKey('Wait')) { $waitArg = $Wait }
    $st = Wait-LabGroup $st $g $waitArg
    $g = Get-LabGroup $st $Name
    $msg = Get-LabGroupFailureMessage $st $g 'creating'
    if ($msg) { & $fail $msg OperationStopped }
    ConvertTo-LabGroupObject $st $g
}

function Test-Cluster {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Node,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [string[]]$Ignore,
        [string[]]$Include,
        [switch]$List,
        [string]$ReportName
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    $categories = [ordered]@{
        'Inventory'             = @('List BIOS Information', 'List Operating System Information', 'List Software Updates')
        'Network'               = @('Validate Cluster Network Configuration', 'Validate IP Configuration', 'Validate Network Communication')
        'System Configuration'  = @('Validate Active Directory Configuration', 'Validate All Drivers Signed', 'Validate Same Processor Architecture')
        'Storage'               = @('List All Disks', 'Validate Disk Arbitration', 'Validate SCSI-3 Persistent Reservation')
        'Cluster Configuration' = @('List Cluster Core Groups', 'List Cluster Network Information', 'Validate Quorum Configuration', 'Validate Resource Status')
    }
    if ($List) {
        foreach ($c in $categories.Keys) {
            foreach ($t in $categories[$c]) {
                New-LabObject 'Microsoft.FailoverClusters.PowerShell.ClusterTestInfo' ([ordered]@{ Category = $c; DisplayName = $t; Description = "$t." }) @('Category', 'DisplayName', 'Description') -Text $t
            }
        }
        return
    }
    $results = New-Object System.Collections.ArrayList
    foreach ($c in $categories.Keys) {
        if ($Include -and -not ($Include -contains $c)) { continue }
        if ($Ignore -and ($Ignore -contains $c)) { continue }
        foreach ($t in $categories[$c]) {
            $r = 'Success'
            if ($c -eq 'Network' -and @($st.cluster.nodes | Where-Object { -not $_.nicsEnabled }).Count -gt 0) { $r = 'Failed' }
            if ($t -eq 'Validate Resource Status' -and @($st.cluster.resources | Where-Object { $_.state -eq 'Failed' }).Count -gt 0) { $r = 'Warning' }
            if ($t -eq 'Validate Quorum Configuration' -and -not $st.dag.witnessAvailable) { $r = 'Warning' }
            if ($c -eq 'Storage') { $r = 'Not applicable (no shared disks)' }
            [void]$results.Add("<tr><td>$c</td><td>$t</td><td>$r</td></tr>")
        }
    }
    $dir = Join-Path (Split-Path -Parent ([System.IO.Path]::GetFullPath($script:LabStatePath))) 'reports'
    if (-not (Test-Path -LiteralPath $dir)) { [void](New-Item -ItemType Directory -Path $dir) }
    $stamp = (Get-LabNow).ToString('yyyy.MM.dd \A\t HH.mm.ss', [System.Globalization.CultureInfo]::InvariantCulture)
    if (-not $ReportName) { $ReportName = Join-Path $dir "Validation Report $stamp" }
    $path = $ReportName + '.htm'
    $html = "<html><body><h1>Failover Cluster Validation Report (lab)</h1><p>Cluster: $($st.cluster.name)</p><table>" + ($results -join '') + '</table></body></html>'
    [System.IO.File]::WriteAllText($path, $html)
    if (($results -join '') -match 'Failed|Warning') {
        Write-Warning "Test Result:`nClusterConditionallyApproved`nTesting has completed successfully. The configuration appears to be suitable for clustering. However, you should review the report because it may contain warnings which you should address to attain the highest availability."
    }
    Get-Item -LiteralPath $path
}
