# Cluster model: the DAG's failover cluster as the FailoverClusters module (Windows Server 2008 R2
# parameters, plus the few 2012/2012 R2 additions noted in lab/README.md) shows it: type names, lookups in
# the state, the output objects (real enums, OwnerNode/OwnerGroup as objects) and -Name/-InputObject.

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
