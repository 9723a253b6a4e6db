# Network: DNS records, which addresses answer, AD computer objects, and Test-Connection shaped as in
# PowerShell 2.0. Nothing here ever sends a packet: every answer comes from the state.

function Test-LabIPv4 {
    param([string]$Text)
    if ($Text -notmatch '^\d{1,3}(\.\d{1,3}){3}$') { return $false }
    foreach ($o in $Text.Split('.')) { if ([int]$o -gt 255) { return $false } }
    return $true
}

function ConvertTo-LabUInt32Address {
    param([string]$Address)
    $b = $Address.Split('.') | ForEach-Object { [uint32]$_ }
    return [uint32](($b[0] * 16777216) + ($b[1] * 65536) + ($b[2] * 256) + $b[3])
}

function Test-LabInSubnet {
    param([string]$Address, [string]$Network, [string]$Mask)
    if (-not (Test-LabIPv4 $Address) -or -not (Test-LabIPv4 $Network) -or -not (Test-LabIPv4 $Mask)) { return $false }
    $a = ConvertTo-LabUInt32Address $Address
    $n = ConvertTo-LabUInt32Address $Network
    $m = ConvertTo-LabUInt32Address $Mask
    return (($a -band $m) -eq ($n -band $m))
}

function Get-LabFqdn {
    # Short names get the AD DNS suffix, as the domain members' resolvers do.
    param($State, [string]$Name)
    $n = $Name.TrimEnd('.')
    if ($n.Contains('.')) { return $n }
    return $n + '.' + $State.domain.fqdn
}

function Get-LabNode {
    param($State, [string]$Name)
    foreach ($n in $State.cluster.nodes) {
        if ([string]::Equals($n.name, $Name, [StringComparison]::OrdinalIgnoreCase)) { return $n }
        if ([string]::Equals(($n.name + '.' + $State.domain.fqdn), $Name, [StringComparison]::OrdinalIgnoreCase)) { return $n }
    }
    return $null
}

function Test-LabServerReachable {
    # A server is reachable unless it is a cluster node whose NICs the lab has disabled.
    param($State, [string]$Name)
    $node = Get-LabNode $State $Name
    if ($null -eq $node) { return $true }
    return [bool]$node.nicsEnabled
}

function Get-LabAnsweringAddresses {
    # Who answers a ping now: the addresses listed in network.answering (devices the lab does not model,
    # like DC01, or ones added as a fault), every address of a node whose NICs are enabled, and the
    # address of every Online IP Address resource whose owner node is reachable.
    param($State)
    $set = @{}
    foreach ($a in $State.network.answering) { $set[$a] = 'device' }
    foreach ($n in $State.cluster.nodes) {
        if ($n.nicsEnabled) { foreach ($a in $n.addresses) { $set[$a] = 'node:' + $n.name } }
    }
    foreach ($r in $State.cluster.resources) {
        if ($r.resourceType -eq 'IP Address' -and $r.state -eq 'Online' -and $r.parameters.Address) {
            $g = Get-LabGroup $State $r.group
            if ($g -and (Test-LabServerReachable $State $g.ownerNode)) { $set[$r.parameters.Address] = 'resource:' + $r.name }
        }
    }
    return $set
}

function Resolve-LabName {
    param($State, [string]$Name)
    if (Test-LabIPv4 $Name) { return $Name }
    $fqdn = Get-LabFqdn $State $Name
    $out = New-Object System.Collections.ArrayList
    foreach ($r in $State.dns.records) {
        if ([string]::Equals($r.name, $fqdn, [StringComparison]::OrdinalIgnoreCase) -and -not $out.Contains($r.address)) {
            [void]$out.Add($r.address)
        }
    }
    return $out.ToArray()
}

function Add-LabDnsA {
    param($State, [string]$Fqdn, [string]$Address, [string]$Owner, $Time = $null)
    foreach ($r in $State.dns.records) {
        if ([string]::Equals($r.name, $Fqdn, [StringComparison]::OrdinalIgnoreCase) -and $r.address -eq $Address) { $r.owner = $Owner; return }
    }
    [void]$State.dns.records.Add(@{ name = $Fqdn; type = 'A'; address = $Address; owner = $Owner })
    Add-LabTimeline $State 'DnsRecordRegistered' $Fqdn "DNS A record $Fqdn -> $Address registered." $Time
}

function Get-LabComputerObject {
    param($State, [string]$Name)
    $short = $Name.Split('.')[0]
    foreach ($c in $State.activeDirectory.computers) {
        if ([string]::Equals($c.name, $short, [StringComparison]::OrdinalIgnoreCase)) { return $c }
    }
    return $null
}

function Get-LabComputerDn {
    param($State, [string]$Name)
    $dcs = ($State.domain.fqdn.Split('.') | ForEach-Object { 'DC=' + $_ }) -join ','
    return "CN=$($Name.ToUpperInvariant()),CN=Computers,$dcs"
}

function Test-Connection {
    # PowerShell 2.0's Test-Connection (one parameter set). Answers come from the lab state only.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'IPAddress', '__SERVER', 'Server', 'Destination')]
        [ValidateNotNullOrEmpty()]
        [string[]]$ComputerName,
        [Parameter(Position = 1)]
        [Alias('FCN', 'SRC')]
        [ValidateNotNullOrEmpty()]
        [string[]]$Source,
        [switch]$AsJob,
        [System.Management.AuthenticationLevel]$Authentication,
        [Alias('Size', 'Bytes', 'BS')]
        [ValidateRange(0, 65500)]
        [int]$BufferSize = 32,
        [ValidateRange(1, [int]::MaxValue)]
        [int]$Count = 4,
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.PSCredential]$Credential,
        [ValidateRange(1, 60)]
        [int]$Delay = 1,
        [System.Management.ImpersonationLevel]$Impersonation,
        [switch]$Quiet,
        [ValidateRange(-2147483648, 1000)]
        [int]$ThrottleLimit = 32,
        [Alias('TTL')]
        [ValidateRange(1, 255)]
        [int]$TimeToLive = 80
    )
    begin {
        $st = Enter-LabCommand $PSCmdlet
        if ($AsJob) {
            $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message 'The lab does not run Test-Connection as a job; call it without -AsJob.' `
                        -ExceptionType 'System.NotSupportedException' -ErrorId 'LabAsJobNotSupported' -Category NotImplemented))
        }
        $answering = Get-LabAnsweringAddresses $st
        $sources = @($Source)
        if (-not $Source) { $sources = @((Get-LabLocalComputer $st)) }
    }
    process {
        foreach ($src in $sources) {
            foreach ($target in $ComputerName) {
                $addresses = @(Resolve-LabName $st $target)
                $addr = $null
                if ($addresses.Count -gt 0) { $addr = $addresses[0] }
                $ok = ($null -ne $addr) -and $answering.ContainsKey($addr)
                if ($Quiet) { $ok; continue }
                if (-not $ok) {
                    $reason = if ($null -eq $addr) { 'The requested name is valid, but no data of the requested type was found' } else { 'Error due to lack of resources' }
                    $er = New-LabErrorRecord -Message "Testing connection to computer '$target' failed: $reason" `
                        -ExceptionType 'System.Net.NetworkInformation.PingException' -ErrorId 'TestConnectionException' `
                        -Category ResourceUnavailable -TargetObject $target
                    $PSCmdlet.WriteError($er)
                    continue
                }
                for ($i = 0; $i -lt $Count; $i++) {
                    New-LabObject 'System.Management.ManagementObject#root\cimv2\Win32_PingStatus' ([ordered]@{
                            __SERVER        = $src
                            Address         = $target
                            ProtocolAddress = $addr
                            IPV4Address     = $addr
                            IPV6Address     = $null
                            StatusCode      = [uint32]0
                            ResponseTime    = [uint32]1
                            BufferSize      = [uint32]$BufferSize
                            ReplySize       = [uint32]$BufferSize
                            TimeToLive      = [uint32]$TimeToLive
                            ResponseTimeToLive = [uint32]128
                            PSComputerName  = $src
                        }) @('__SERVER', 'Address', 'IPV4Address', 'BufferSize', 'ResponseTime')
                }
            }
        }
    }
}

function Get-LabLocalComputer {
    # "The local server": in a session, the server it is bound to (SessionBinding.ps1); in a lab loaded
    # in one runspace, the first reachable Exchange server.
    param($State)
    $bound = Get-LabSessionServer
    if ($bound) { return $bound }
    foreach ($s in $State.exchangeServers) { if (Test-LabServerReachable $State $s.name) { return $s.name } }
    return $State.exchangeServers[0].name
}

function Test-LabNameAnswers {
    # What a ping from the workstation to this name would see now.
    param($State, [string]$Name, [hashtable]$Answering)
    $addresses = @(Resolve-LabName $State $Name)
    return ($addresses.Count -gt 0) -and $Answering.ContainsKey([string]$addresses[0])
}

function Invoke-LabProbeLoop {
    # The lab's side of Start-ExhaProbe, in its own runspace: every IntervalMs, which names answer, from the
    # state file as it is (scheduled events applied in memory only: this runspace never writes the state,
    # so it cannot race the wizard's own writes). Only changes are queued, stamped with the probe's start.
    param([string]$StatePath, [string[]]$Names, [int]$IntervalMs, $Queue, $Control)
    $last = @{}
    while (-not $Control.Stop) {
        $tick = [DateTime]::UtcNow
        try {
            $st = Read-LabJsonFile $StatePath
            [void](Invoke-LabDueEvents $st $tick)
            $answering = Get-LabAnsweringAddresses $st
            foreach ($name in $Names) {
                $ok = [bool](Test-LabNameAnswers $st $name $answering)
                if (-not $last.ContainsKey($name) -or $last[$name] -ne $ok) {
                    $last[$name] = $ok
                    $Queue.Enqueue(@{ Name = $name; Answering = $ok; At = (Format-LabTime $tick) })
                }
            }
            $Control.Probes = [int]$Control.Probes + 1
            $Control.LastAt = Format-LabTime $tick
        } catch { $Control.Error = [string]$_ }
        $wait = $IntervalMs - ([DateTime]::UtcNow - $tick).TotalMilliseconds
        if ($wait -gt 0) { Start-Sleep -Milliseconds ([int]$wait) }
    }
}
