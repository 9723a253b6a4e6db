# A warm pool of lab servers, for many wizard sessions in a row (the test suite): pairs of Exchange and
# cluster-node servers started once, each pair lent to one session at a time. A server that has served
# a session has its code compiled and its modules cached, so the next session costs a third of the CPU
# of a server started for it. Real servers are long-lived too; each session still gets a fresh runspace
# bound to its own lab state (Remoting.ps1), so sessions never see each other's state.
#
# The pool folder holds pool.json (the pairs: each server's pid and slot), a lease file per pair held open
# (locked) by the process that has it, and each server's request/ready files (lab/server/LabServer.ps1 -Slot).
# PowerShell 7 only (custom pipe names); elsewhere, and whenever no pair is free, a session starts its
# own servers as usual.

$script:LabPoolRoles = @('Exchange', 'ClusterNode')

function Start-LabServerPool {
    # Starts the pool's servers and writes pool.json once every one has answered; the caller keeps them
    # alive (their standard input) until Stop-LabServers.
    param([Parameter(Mandatory = $true)] [string]$Directory, [int]$Pairs = 4, [string]$Executable)
    $started = @(for ($i = 0; $i -lt $Pairs; $i++) {
        foreach ($role in $script:LabPoolRoles) {
            $slot = Join-Path $Directory "slot-$i-$role"
            New-Object PSObject -Property @{ Index = $i; Role = $role; Slot = $slot; Process = (Start-LabServerProcess -Executable $Executable -Slot $slot) }
        }
    })
    $entries = @(for ($i = 0; $i -lt $Pairs; $i++) {
        $entry = [ordered]@{ index = $i }
        foreach ($s in @($started | Where-Object { $_.Index -eq $i })) {
            $entry[$s.Role] = [ordered]@{ pid = (Wait-LabServerProcess -Process $s.Process -Role $s.Role -TimeoutSeconds 120); slot = $s.Slot }
        }
        $entry
    })
    $json = ConvertTo-Json -Depth 4 -InputObject ([ordered]@{ pairs = $entries })
    [System.IO.File]::WriteAllText((Join-Path $Directory 'pool.json.tmp'), $json)
    [System.IO.File]::Move((Join-Path $Directory 'pool.json.tmp'), (Join-Path $Directory 'pool.json'), $true)
}

function Lock-LabPoolLease {
    # Takes a pair's lease for this process: the lease file opened with no sharing and held open until
    # the process exits (an OS lock: flock on Linux, a share lock on Windows), so the kernel frees it
    # when its holder exits or is killed, and two takers can never both win. A lease whose holder was
    # read from the file and then checked for life could be taken twice (measured in CI: two sessions
    # on one pair). $false: another live process holds it.
    param([string]$Path)
    try {
        $stream = [System.IO.File]::Open($Path, [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
    } catch [System.IO.IOException] {
        return $false
    }
    # The holder's pid, for a reader looking at the pool folder.
    $bytes = [System.Text.Encoding]::ASCII.GetBytes([string]$PID)
    $stream.SetLength(0)
    $stream.Write($bytes, 0, $bytes.Length)
    $stream.Flush()
    # Kept by the process itself, not by a variable a module removal or a new runspace could drop.
    [System.AppDomain]::CurrentDomain.SetData("ExhaLabPoolLease:$Path", $stream)
    return $true
}

function Request-LabPooledServer {
    # A free pair's servers, each pipe listening and free for this session; $null when there is none (or no pool here).
    param([string]$Directory, [string[]]$Role, [int]$TimeoutSeconds = 30)
    $poolFile = Join-Path $Directory 'pool.json'
    if (-not ('System.Management.Automation.Remoting.RemoteSessionNamedPipeServer' -as [type]) -or -not [System.IO.File]::Exists($poolFile)) { return $null }
    if (@($Role | Where-Object { $script:LabPoolRoles -notcontains $_ }).Count -gt 0) { return $null }
    $pool = [System.IO.File]::ReadAllText($poolFile) | ConvertFrom-Json
    foreach ($pair in @($pool.pairs)) {
        $servers = @(foreach ($r in $Role) { $pair.$r })
        if (@($servers | Where-Object { -not (Test-LabProcessAlive $_.pid) }).Count -gt 0) { continue }
        if (-not (Lock-LabPoolLease (Join-Path $Directory "lease-$($pair.index)"))) { continue }
        Write-LabPoolTrace "took pair $($pair.index)"
        # Both servers are asked before either is waited for: they open their pipes side by side.
        $asked = @(for ($i = 0; $i -lt $Role.Count; $i++) { Send-LabSlotRequest -Slot $servers[$i].slot -Role $Role[$i] })
        return @(foreach ($a in $asked) { Wait-LabSlotPipe -Request $a -TimeoutSeconds $TimeoutSeconds })
    }
    return $null
}

function Test-LabProcessAlive([int]$ProcessId) {
    # Asked of every pooled server each time a session looks for a free pair: the .NET call costs a
    # fiftieth of Get-Process's CPU.
    try { [System.Diagnostics.Process]::GetProcessById($ProcessId).Dispose(); return $true } catch { return $false }
}

function Send-LabSlotRequest {
    # Asks one pooled server (its slot) for its pipe for this session. The caller holds the pair's lease,
    # so the server's previous session has ended (its client exited), though the server may not have
    # read that end yet.
    param([string]$Slot, [string]$Role)
    $id = [guid]::NewGuid().ToString('N')
    if ([System.IO.File]::Exists("$Slot.ready")) { [System.IO.File]::Delete("$Slot.ready") }
    [System.IO.File]::WriteAllText("$Slot.request.tmp", "$id $PID")
    [System.IO.File]::Move("$Slot.request.tmp", "$Slot.request", $true)
    Write-LabPoolTrace "asked $Slot with $id"
    New-Object PSObject -Property @{ Role = $Role; Id = $id; Slot = $Slot }
}

function Wait-LabSlotPipe {
    # The server's answer to Send-LabSlotRequest ("<request id> <pipe>"): the pipe this session connects to.
    param($Request, [int]$TimeoutSeconds = 30)
    $ready = "$($Request.Slot).ready"
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        if ([System.IO.File]::Exists($ready)) {
            $id, $pipe = [System.IO.File]::ReadAllText($ready).Trim() -split ' '
            if ($id -eq $Request.Id) { Write-LabPoolTrace "got $pipe for $id"; return New-Object PSObject -Property @{ Role = $Request.Role; Pipe = $pipe; Slot = $Request.Slot } }
        }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The lab's pooled $($Request.Role) server (slot $($Request.Slot)) did not open its pipe within $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 10
    }
}

function Write-LabPoolTrace([string]$What) {
    # EXHA_LAB_TRACE (a folder): what this client did with the pool (lab/server/LabServer.ps1 writes the servers' side).
    # A trace that cannot be written is skipped: tracing never fails a session.
    if (-not $env:EXHA_LAB_TRACE) { return }
    try { [System.IO.File]::AppendAllText((Join-Path $env:EXHA_LAB_TRACE "client-$PID.log"), "$([DateTime]::UtcNow.ToString('HH:mm:ss.fff')) $What`n") } catch { }
}
