# Lab-only commands (noun prefix "Lab": no real server has them): which state file, time, faults.

function Use-LabState {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Path,
        [Parameter(Position = 1)] [string]$SeedPath
    )
    if (-not $SeedPath) { $SeedPath = $script:LabDefaultSeed }
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $seedFull = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($SeedPath)
    $script:LabStatePath = $full
    $script:LabSeedPath = $seedFull
    if (-not [System.IO.File]::Exists($full)) {
        if (-not [System.IO.File]::Exists($seedFull)) {
            $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Seed file '$seedFull' was not found." -ExceptionType 'System.IO.FileNotFoundException' -ErrorId 'SeedNotFound' -Category ObjectNotFound -TargetObject $seedFull))
        }
        $dir = [System.IO.Path]::GetDirectoryName($full)
        if (-not [System.IO.Directory]::Exists($dir)) { [void][System.IO.Directory]::CreateDirectory($dir) }
        Write-LabJsonFile $full (Complete-LabSeed (Read-LabJsonFile $seedFull))
    }
}

function Reset-Lab {
    # Rewrites the state file from the seed (the one given to Use-LabState unless -SeedPath).
    [CmdletBinding()]
    param([string]$SeedPath)
    Assert-LabStateSet
    if ($SeedPath) { $script:LabSeedPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($SeedPath) }
    $seed = Complete-LabSeed (Read-LabJsonFile $script:LabSeedPath)
    $st = $null
    if ([System.IO.File]::Exists($script:LabStatePath)) { $st = Read-LabJsonFile $script:LabStatePath }
    if ($st) { $seed.lab.delays = $st.lab.delays }
    Write-LabJsonFile $script:LabStatePath $seed
}

function Get-LabState {
    [CmdletBinding()]
    param()
    $null = Open-LabState
    $text = [System.IO.File]::ReadAllText($script:LabStatePath)
    if ($script:LabJsonDateKind) { return (ConvertFrom-Json -InputObject $text -DateKind String) }
    return (ConvertFrom-Json -InputObject $text)
}

function Get-LabTimeline {
    [CmdletBinding()]
    param([string]$Since, [string]$Kind)
    $st = Open-LabState
    foreach ($e in $st.lab.timeline) {
        if ($Since -and [string]$e.time -lt $Since) { continue }
        if ($Kind -and -not (Test-LabName $Kind $e.kind)) { continue }
        $o = [ordered]@{ Time = [string]$e.time; Kind = $e.kind; Subject = $e.subject; Message = $e.message }
        foreach ($k in @($e.Keys | Sort-Object)) { if (@('time', 'kind', 'subject', 'message') -notcontains $k) { $o[$k.Substring(0, 1).ToUpperInvariant() + $k.Substring(1)] = $e[$k] } }
        New-LabObject 'ExchangeLab.TimelineEntry' $o @('Time', 'Kind', 'Subject', 'Message')
    }
}

function Set-LabDelay {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [ValidateRange(0, 3600)] [double]$NodeLossDetectionSeconds,
        [Parameter(Position = 1)] [ValidateRange(0, 3600)] [double]$GroupOnlineSeconds,
        [Parameter(Position = 2)] [ValidateRange(0, 3600)] [double]$DatabaseMountSeconds
    )
    $st = Open-LabState
    if ($PSBoundParameters.ContainsKey('NodeLossDetectionSeconds')) { $st.lab.delays.nodeLossDetectionSeconds = $NodeLossDetectionSeconds }
    if ($PSBoundParameters.ContainsKey('GroupOnlineSeconds')) { $st.lab.delays.groupOnlineSeconds = $GroupOnlineSeconds }
    if ($PSBoundParameters.ContainsKey('DatabaseMountSeconds')) { $st.lab.delays.databaseMountSeconds = $DatabaseMountSeconds }
    Save-LabState $st
}

function Set-LabNodeState {
    # Down = every NIC of the node disabled (as in the write-up); Up = NICs enabled again.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Node,
        [Parameter(Mandatory = $true, Position = 1)] [ValidateSet('Up', 'Down')] [string]$State
    )
    $st = Open-LabState
    $n = Get-LabNode $st $Node
    if ($null -eq $n) { $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "No cluster node named '$Node' in the lab." -ErrorId 'LabNodeNotFound' -Category ObjectNotFound -TargetObject $Node)) }
    $now = Get-LabNow
    if ($State -eq 'Down') {
        if (-not $n.nicsEnabled) { return }
        $n.nicsEnabled = $false
        Add-LabTimeline $st 'NodeIsolated' $n.name "All network adapters of $($n.name) disabled: it stops answering; its database copies show ServiceDown." $now
        Add-LabPending $st ($now.AddSeconds((Get-LabDelay $st 'nodeLossDetectionSeconds'))) 'NodeLossDetected' @{ node = $n.name }
    } else {
        if ($n.nicsEnabled) { return }
        $n.nicsEnabled = $true
        Add-LabTimeline $st 'NodeReconnected' $n.name "Network adapters of $($n.name) enabled again." $now
        $wasDetected = $n.state -ne 'Up'
        Remove-LabPending $st { param($p) $p.kind -eq 'NodeLossDetected' -and $p.data.node -eq $n.name }
        if ($wasDetected) { Invoke-LabNodeJoined $st $n $now }
        Invoke-LabServerReturned $st $n.name $now
    }
    [void](Invoke-LabDueEvents $st)
    Save-LabState $st
}

function Set-LabFault {
    # Default: the next call of CommandName fails once. -Count N: N calls; -Always: until Clear-LabFault.
    # -DelaySeconds alone makes the calls slow (they then run normally); add -Message or -Fail to also fail.
    [CmdletBinding(DefaultParameterSetName = 'Count')]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$CommandName,
        [Parameter(ParameterSetName = 'Count')] [ValidateRange(1, 1000000)] [int]$Count = 1,
        [Parameter(ParameterSetName = 'Always', Mandatory = $true)] [switch]$Always,
        [string]$Message,
        [ValidateRange(0, 3600)] [double]$DelaySeconds = 0,
        [switch]$Fail
    )
    $st = Open-LabState
    foreach ($f in @($st.lab.faults)) { if ([string]::Equals($f.commandName, $CommandName, [StringComparison]::OrdinalIgnoreCase)) { $st.lab.faults.Remove($f) } }
    $willFail = $true
    if ($PSBoundParameters.ContainsKey('DelaySeconds') -and -not $Message -and -not $Fail) { $willFail = $false }
    $remaining = $null
    if (-not $Always) { $remaining = $Count }
    [void]$st.lab.faults.Add(@{ commandName = $CommandName; remaining = $remaining; message = $Message; delaySeconds = $DelaySeconds; fail = $willFail })
    Save-LabState $st
}

function Clear-LabFault {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string]$CommandName)
    $st = Open-LabState
    foreach ($f in @($st.lab.faults)) { if (-not $CommandName -or [string]::Equals($f.commandName, $CommandName, [StringComparison]::OrdinalIgnoreCase)) { $st.lab.faults.Remove($f) } }
    Save-LabState $st
}

function Add-LabAnsweringAddress {
    # Something on the network (not modelled otherwise) answers at this address.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Address)
    $st = Open-LabState
    if (-not $st.network.answering.Contains($Address)) {
        [void]$st.network.answering.Add($Address)
        Add-LabTimeline $st 'AddressAnswering' $Address "Address $Address now answers on the network."
    }
    Save-LabState $st
}

function Remove-LabAnsweringAddress {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Address)
    $st = Open-LabState
    if ($st.network.answering.Contains($Address)) {
        $st.network.answering.Remove($Address)
        Add-LabTimeline $st 'AddressSilent' $Address "Address $Address no longer answers."
    }
    Save-LabState $st
}

function Add-LabDnsRecord {
    # Puts an A record in DNS (owned by nobody the cluster knows: a network name of that name will fail).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name,
        [Parameter(Mandatory = $true, Position = 1)] [ValidateNotNullOrEmpty()] [string]$Address
    )
    $st = Open-LabState
    Add-LabDnsA $st (Get-LabFqdn $st $Name) $Address $null
    Save-LabState $st
}

function Set-LabDatabaseCopy {
    # Makes a copy unhealthy (or healthy again): status, queues, content index, activation suspension.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidatePattern('^[^\\]+\\[^\\]+$')] [string]$Identity,
        [ValidateSet('Healthy', 'Failed', 'Suspended', 'FailedAndSuspended', 'Initializing', 'Resynchronizing', 'DisconnectedAndHealthy', 'DisconnectedAndResynchronizing', 'Seeding')] [string]$Status,
        [ValidateRange(0, [int]::MaxValue)] [int]$CopyQueueLength,
        [ValidateRange(0, [int]::MaxValue)] [int]$ReplayQueueLength,
        [ValidateSet('Healthy', 'Crawling', 'Failed', 'Seeding', 'Suspended', 'Unknown')] [string]$ContentIndexState,
        [bool]$ActivationSuspended,
        [string]$ErrorMessage
    )
    $st = Open-LabState
    $dbName, $srvName = $Identity.Split('\')
    $db = @($st.databases | Where-Object { $_.name -eq $dbName })[0]
    $c = $null
    if ($db) { $c = Get-LabCopy $db $srvName }
    if ($null -eq $c) { $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "No database copy '$Identity' in the lab." -ErrorId 'LabCopyNotFound' -Category ObjectNotFound -TargetObject $Identity)) }
    foreach ($p in @('Status', 'CopyQueueLength', 'ReplayQueueLength', 'ContentIndexState', 'ActivationSuspended', 'ErrorMessage')) {
        if ($PSBoundParameters.ContainsKey($p)) { $c[$p.Substring(0, 1).ToLowerInvariant() + $p.Substring(1)] = $PSBoundParameters[$p] }
    }
    Add-LabTimeline $st 'CopyChanged' $Identity "Lab: copy $Identity set to status $($c.status), copy queue $($c.copyQueueLength), replay queue $($c.replayQueueLength), content index $($c.contentIndexState)."
    Save-LabState $st
}

function Set-LabDatabase {
    # Starting values that the real cmdlets would validate (e.g. a stale RpcClientAccessServer).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Identity,
        [string]$RpcClientAccessServer,
        [bool]$Mounted,
        [string]$ActiveServer
    )
    $st = Open-LabState
    $db = @($st.databases | Where-Object { $_.name -eq $Identity })[0]
    if ($null -eq $db) { $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "No database '$Identity' in the lab." -ErrorId 'LabDatabaseNotFound' -Category ObjectNotFound -TargetObject $Identity)) }
    if ($PSBoundParameters.ContainsKey('RpcClientAccessServer')) { $db.rpcClientAccessServer = $RpcClientAccessServer }
    if ($PSBoundParameters.ContainsKey('Mounted')) { $db.mounted = $Mounted }
    if ($ActiveServer) { $db.activeServer = $ActiveServer }
    Add-LabTimeline $st 'DatabaseChanged' $Identity "Lab: database '$Identity' set (RpcClientAccessServer $($db.rpcClientAccessServer), active on $($db.activeServer), mounted $($db.mounted))."
    Save-LabState $st
}

function Set-LabWitness {
    # -Available:$false = the file share witness is gone (share removed or its server unreachable).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [bool]$Available)
    $st = Open-LabState
    $st.dag.witnessAvailable = $Available
    $fsw = @($st.cluster.resources | Where-Object { $_.resourceType -eq 'File Share Witness' })
    foreach ($r in $fsw) {
        if (-not $Available -and $r.state -eq 'Online') { $r.state = 'Failed'; $r.lastError = 'The file share witness cannot be reached.' }
        if ($Available -and $r.state -eq 'Failed') { $r.state = 'Online'; $r.lastError = $null }
    }
    Add-LabTimeline $st 'Witness' $st.dag.witnessServer $(if ($Available) { 'File share witness available again.' } else { 'File share witness removed / unreachable.' })
    Save-LabState $st
}

function Set-LabActiveDirectory {
    [CmdletBinding()]
    param(
        [bool]$CnoCanCreateComputerObjects,
        [bool]$TestCasConnectivityUser
    )
    $st = Open-LabState
    if ($PSBoundParameters.ContainsKey('CnoCanCreateComputerObjects')) { $st.activeDirectory.cnoCanCreateComputerObjects = $CnoCanCreateComputerObjects }
    if ($PSBoundParameters.ContainsKey('TestCasConnectivityUser')) { $st.activeDirectory.testCasConnectivityUser = $TestCasConnectivityUser }
    Save-LabState $st
}

function Add-LabComputerObject {
    # An AD computer object that is already there (-Prestaged: disabled, with the CNO given full control).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateLength(1, 15)] [string]$Name,
        [bool]$Enabled = $true,
        [switch]$Prestaged
    )
    $st = Open-LabState
    if (Get-LabComputerObject $st $Name) { $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Computer object '$Name' already exists." -ErrorId 'LabComputerExists' -Category ResourceExists -TargetObject $Name)) }
    if ($Prestaged) { $Enabled = $false }
    [void]$st.activeDirectory.computers.Add(@{ name = $Name.ToUpperInvariant(); enabled = $Enabled; distinguishedName = (Get-LabComputerDn $st $Name); owner = $null; prestaged = [bool]$Prestaged })
    Add-LabTimeline $st 'ComputerObjectCreated' $Name.ToUpperInvariant() "Lab: computer object $Name added (enabled $Enabled, pre-staged $([bool]$Prestaged))."
    Save-LabState $st
}

function Set-LabExchangeServer {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Identity,
        [string]$AdminDisplayVersion,
        [ValidateSet('Lossless', 'GoodAvailability', 'BestAvailability')] [string]$AutoDatabaseMountDial,
        [ValidateSet('Unrestricted', 'IntrasiteOnly', 'Blocked')] [string]$DatabaseCopyAutoActivationPolicy,
        [AllowNull()] [AllowEmptyString()] [string]$SetupWatermark,
        [AllowNull()] [AllowEmptyString()] [string]$SetupAction
    )
    $st = Open-LabState
    $s = Get-LabExServer $st $Identity
    if ($null -eq $s) { $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "No Exchange server '$Identity' in the lab." -ErrorId 'LabServerNotFound' -Category ObjectNotFound -TargetObject $Identity)) }
    if ($AdminDisplayVersion) { $s.adminDisplayVersion = $AdminDisplayVersion }
    if ($AutoDatabaseMountDial) { $s.autoDatabaseMountDial = $AutoDatabaseMountDial }
    if ($DatabaseCopyAutoActivationPolicy) { $s.databaseCopyAutoActivationPolicy = $DatabaseCopyAutoActivationPolicy }
    if ($PSBoundParameters.ContainsKey('SetupWatermark')) { $s.setupWatermark = $(if ($SetupWatermark) { $SetupWatermark } else { $null }) }
    if ($PSBoundParameters.ContainsKey('SetupAction')) { $s.setupAction = $(if ($SetupAction) { $SetupAction } else { $null }) }
    Add-LabTimeline $st 'ServerChanged' $s.name "Lab: Exchange server $($s.name) settings changed."
    Save-LabState $st
}
