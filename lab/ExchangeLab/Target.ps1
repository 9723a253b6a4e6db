# Target adapter: the few operations the procedure needs that have no common cmdlet on Windows Server
# 2008 R2 (DNS lookups, AD computer objects, DNS record cleanup, setup watermark, witness reachability)
# or that differ per target (where cluster cmdlets run). The real target implements the same functions
# with [System.Net.Dns], ADSI, dnscmd, the registry and Invoke-Command. Contract: lab/README.md.

function Resolve-ExhaHostName {
    # -> string[] of IPv4 addresses; empty when the name does not resolve. Short names get the AD suffix.
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name)
    $st = Enter-LabCommand $PSCmdlet
    $r = @(Resolve-LabName $st $Name)
    return , [string[]]$r
}

function Resolve-ExhaAddress {
    # -> string[] of host names (FQDN) that have an A record for the address (reverse lookup).
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Address)
    $st = Enter-LabCommand $PSCmdlet
    $names = New-Object System.Collections.ArrayList
    foreach ($r in $st.dns.records) {
        if ($r.address -eq $Address -and -not $names.Contains($r.name)) { [void]$names.Add($r.name) }
    }
    return , [string[]]@($names.ToArray())
}

function Invoke-ExhaCluster {
    # Lab: runs the block here (the cluster cmdlets are this module's). Real: Invoke-Command into a
    # session on a cluster node, after Import-Module FailoverClusters; the block must be PowerShell 2.0.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [scriptblock]$ScriptBlock,
        [object[]]$ArgumentList = @()
    )
    & $ScriptBlock @ArgumentList
}

function Get-ExhaComputerObject {
    # -> $null or {Name, Enabled, DistinguishedName}
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name)
    $st = Enter-LabCommand $PSCmdlet
    $c = Get-LabComputerObject $st $Name
    if ($null -eq $c) { return $null }
    New-LabObject 'ExchangeHaWizard.ComputerObject' ([ordered]@{ Name = $c.name; Enabled = [bool]$c.enabled; DistinguishedName = $c.distinguishedName })
}

function Test-ExhaComputerObjectCreation {
    # -> {Allowed, Reason}: may the DAG's cluster name object create (or take over) this computer object?
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name)
    $st = Enter-LabCommand $PSCmdlet
    $c = Get-LabComputerObject $st $Name
    $cno = $st.cluster.name.ToUpperInvariant()
    $allowed = $false
    $reason = $null
    if ($c) {
        if ($c.prestaged -and -not $c.enabled) { $allowed = $true; $reason = "The computer object $($c.distinguishedName) is pre-staged (disabled, $cno`$ has full control): the cluster will use it." }
        elseif ($c.enabled) { $reason = "A computer object $($c.distinguishedName) already exists and is enabled: the network name cannot come online." }
        else { $reason = "A disabled computer object $($c.distinguishedName) exists (left by an earlier network name?) and is not pre-staged for $cno`$: delete it or pre-stage it." }
    } elseif ($st.activeDirectory.cnoCanCreateComputerObjects) {
        $allowed = $true; $reason = "$cno`$ may create computer objects in CN=Computers."
    } else {
        $reason = "$cno`$ has no right to create computer objects in CN=Computers (and no object is pre-staged): the network name will fail with 'Access is denied'."
    }
    New-LabObject 'ExchangeHaWizard.ComputerObjectCreation' ([ordered]@{ Allowed = $allowed; Reason = $reason })
}

function Remove-ExhaDnsRecord {
    # Removes the A record Name -> Address (what a removed network name leaves behind). Nothing to do is fine.
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name,
        [Parameter(Mandatory = $true, Position = 1)] [ValidateNotNullOrEmpty()] [string]$Address
    )
    $st = Enter-LabCommand $PSCmdlet
    $fqdn = Get-LabFqdn $st $Name
    foreach ($r in @($st.dns.records)) {
        if ([string]::Equals($r.name, $fqdn, [StringComparison]::OrdinalIgnoreCase) -and $r.address -eq $Address) {
            if (-not $PSCmdlet.ShouldProcess("$fqdn -> $Address", 'Remove DNS A record')) { return }
            $st.dns.records.Remove($r)
            Add-LabTimeline $st 'DnsRecordRemoved' $fqdn "DNS A record $fqdn -> $Address removed."
            Save-LabState $st
        }
    }
}

function Remove-ExhaComputerObject {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name)
    $st = Enter-LabCommand $PSCmdlet
    $c = Get-LabComputerObject $st $Name
    if ($null -eq $c) { return }
    foreach ($r in $st.cluster.resources) {
        if ($r.id -eq $c.owner -and $r.state -eq 'Online') {
            $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "The computer object $($c.distinguishedName) is in use by the online cluster resource '$($r.name)'." -ErrorId 'ComputerObjectInUse' -Category ResourceBusy -TargetObject $Name))
        }
    }
    if (-not $PSCmdlet.ShouldProcess($c.distinguishedName, 'Delete computer object')) { return }
    $st.activeDirectory.computers.Remove($c)
    Add-LabTimeline $st 'ComputerObjectDeleted' $c.name "Computer object $($c.distinguishedName) deleted."
    Save-LabState $st
}

function Get-ExhaSetupWatermark {
    # -> {Server, Watermark, Action}: an interrupted Exchange setup leaves these registry values.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Server)
    $st = Enter-LabCommand $PSCmdlet
    $s = Get-LabExServer $st $Server
    if ($null -eq $s) { $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Server '$Server' was not found." -ErrorId 'ServerNotFound' -Category ObjectNotFound -TargetObject $Server)) }
    if (-not (Test-LabServerReachable $st $s.name)) {
        $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Connecting to remote server $($s.fqdn) failed: the network path was not found." -ExceptionType 'System.IO.IOException' -ErrorId 'ServerUnreachable' -Category ConnectionError -TargetObject $Server))
    }
    New-LabObject 'ExchangeHaWizard.SetupWatermark' ([ordered]@{ Server = $s.name; Watermark = $s.setupWatermark; Action = $s.setupAction })
}

function Test-ExhaWitness {
    # -> {WitnessServer, WitnessDirectory, Reachable}
    [CmdletBinding()]
    param()
    $st = Enter-LabCommand $PSCmdlet
    $ok = [bool]$st.dag.witnessAvailable -and (Test-LabServerReachable $st $st.dag.witnessServer) -and
        (@(Resolve-LabName $st $st.dag.witnessServer).Count -gt 0)
    New-LabObject 'ExchangeHaWizard.Witness' ([ordered]@{ WitnessServer = $st.dag.witnessServer; WitnessDirectory = $st.dag.witnessDirectory; Reachable = $ok })
}

# The background probe (contract in lab/README.md): from the workstation, at least every IntervalMs,
# does each name answer? The real target pings / connects to TCP 5985 in a runspace; the lab asks its
# simulated network in a runspace of its own (Invoke-LabProbeLoop), never a socket.
$script:LabProbe = $null

function Start-ExhaProbe {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string[]]$Name,
        [ValidateRange(50, 5000)] [int]$IntervalMs = 250
    )
    Assert-LabStateSet
    Stop-ExhaProbe
    $queue = New-Object 'System.Collections.Concurrent.ConcurrentQueue[object]'
    $control = [hashtable]::Synchronized(@{ Stop = $false; Probes = 0; LastAt = $null; Error = $null })
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    $loop = 'param($Module, $StatePath, $Names, $IntervalMs, $Queue, $Control)
        Import-Module $Module -DisableNameChecking
        & (Get-Module ExchangeLab) { Invoke-LabProbeLoop @args } $StatePath $Names $IntervalMs $Queue $Control'
    [void]$ps.AddScript($loop).AddArgument((Join-Path $script:LabRoot 'ExchangeLab.psd1')).AddArgument($script:LabStatePath).AddArgument([string[]]$Name).AddArgument($IntervalMs).AddArgument($queue).AddArgument($control)
    $script:LabProbe = @{ PowerShell = $ps; Runspace = $runspace; Handle = $ps.BeginInvoke(); Queue = $queue; Control = $control; Names = [string[]]$Name }
}

function Receive-ExhaProbe {
    # -> {Probes, LastAt, Changes[] {Name, Answering, At}}: the changes seen since the last call (the first
    # observation of each name counts as one).
    [CmdletBinding()]
    param()
    $p = $script:LabProbe
    if ($null -eq $p) { throw 'No probe is running: call Start-ExhaProbe first.' }
    if ($p.Control.Error) { throw ('The probe failed: ' + $p.Control.Error) }
    if ($p.Handle.IsCompleted) { throw ('The probe stopped: ' + [string]($p.PowerShell.Streams.Error | Select-Object -First 1)) }
    $changes = New-Object System.Collections.ArrayList
    $item = $null
    while ($p.Queue.TryDequeue([ref]$item)) {
        [void]$changes.Add((New-Object PSObject -Property @{ Name = [string]$item.Name; Answering = [bool]$item.Answering; At = [string]$item.At }))
    }
    New-Object PSObject -Property @{ Probes = [int]$p.Control.Probes; LastAt = [string]$p.Control.LastAt; Changes = @($changes.ToArray()) }
}

function Stop-ExhaProbe {
    [CmdletBinding()]
    param()
    $p = $script:LabProbe
    if ($null -eq $p) { return }
    $script:LabProbe = $null
    $p.Control.Stop = $true
    try { [void]$p.PowerShell.EndInvoke($p.Handle) } catch { }
    $p.PowerShell.Dispose()
    $p.Runspace.Dispose()
}
