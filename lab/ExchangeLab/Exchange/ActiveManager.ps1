# Active Manager: automatic database failover on node loss (best copy by activation preference, the
# AutoDatabaseMountDial), mounting again and copies resynchronizing when a node returns.

# ---------------------------------------------------------------- Active Manager

function Start-LabDatabaseFailovers {
    param($State, [string]$FailedServer, $Time)
    foreach ($db in $State.databases) {
        if ([string]::Equals($db.activeServer, $FailedServer, [StringComparison]::OrdinalIgnoreCase)) {
            Add-LabPending $State ($Time.AddSeconds((Get-LabDelay $State 'databaseMountSeconds'))) 'DatabaseFailover' @{ database = $db.name; failedServer = $FailedServer }
        }
    }
}

function Get-LabActivationCandidate {
    # Best passive copy for automatic activation, and why none qualifies.
    param($State, $Database)
    $best = $null
    $why = 'no other copy of the database exists'
    $copies = @($Database.copies | Sort-Object { [int]$_.activationPreference })
    foreach ($c in $copies) {
        if ([string]::Equals($c.server, $Database.activeServer, [StringComparison]::OrdinalIgnoreCase)) { continue }
        $node = Get-LabNode $State $c.server
        $srv = Get-LabExServer $State $c.server
        if (-not (Test-LabServerReachable $State $c.server) -or ($node -and $node.state -ne 'Up')) { $why = "the copy on $($c.server) is not reachable"; continue }
        if ($c.activationSuspended) { $why = "the copy on $($c.server) is suspended for activation"; continue }
        if ($srv -and $srv.databaseCopyAutoActivationPolicy -eq 'Blocked') { $why = "DatabaseCopyAutoActivationPolicy on $($c.server) is Blocked"; continue }
        if (@('Healthy', 'DisconnectedAndHealthy') -notcontains $c.status) { $why = "the copy on $($c.server) is $($c.status)"; continue }
        $best = $c
        break
    }
    return @{ copy = $best; reason = $why }
}

function Invoke-LabDatabaseFailover {
    param($State, [string]$DatabaseName, [string]$FailedServer, $Time)
    $db = $null
    foreach ($d in $State.databases) { if ($d.name -eq $DatabaseName) { $db = $d } }
    if ($null -eq $db -or -not $State.cluster.hasQuorum) { return }
    if (-not [string]::Equals($db.activeServer, $FailedServer, [StringComparison]::OrdinalIgnoreCase)) { return }
    if (Test-LabServerReachable $State $FailedServer) { return }
    $cand = Get-LabActivationCandidate $State $db
    if ($null -eq $cand.copy) {
        $db.mounted = $false
        Add-LabTimeline $State 'DatabaseNotMounted' $db.name "Database '$($db.name)' was not activated: $($cand.reason). It stays dismounted." $Time @{ server = $FailedServer }
        return
    }
    $c = $cand.copy
    $srv = Get-LabExServer $State $c.server
    $dialName = [string]$srv.autoDatabaseMountDial
    $dial = $script:MountDial[$dialName]
    if ([int]$c.copyQueueLength -gt $dial) {
        $db.mounted = $false
        Add-LabTimeline $State 'DatabaseNotMounted' $db.name ("Database '{0}' was not mounted on {1}: its copy queue length ({2}) is above AutoDatabaseMountDial {3} ({4}). The database stays dismounted." -f $db.name, $c.server, $c.copyQueueLength, $dialName, $dial) $Time @{ server = $c.server }
        return
    }
    $old = Get-LabCopy $db $FailedServer
    if ($old) { $old.status = 'Failed' }
    $lost = [int]$c.copyQueueLength
    $db.activeServer = $c.server
    $db.mounted = $true
    $c.status = 'Healthy'
    $c.copyQueueLength = 0
    $c.replayQueueLength = 0
    Add-LabTimeline $State 'DatabaseActivated' $db.name "Database '$($db.name)' failed over from $FailedServer to $($c.server) (active copy $($db.name)\$($c.server))." $Time @{ from = $FailedServer; to = $c.server; logsLost = $lost }
    Add-LabTimeline $State 'DatabaseMounted' $db.name "Database '$($db.name)' mounted on $($c.server)." $Time @{ server = $c.server }
    # Mail queued for it while it was down goes in now.
    Complete-LabQueuedMail $State $db.name $Time
}

function Invoke-LabDatabaseMountEvent {
    param($State, [string]$DatabaseName, $Time)
    foreach ($db in $State.databases) {
        if ($db.name -ne $DatabaseName -or $db.mounted) { continue }
        if (-not (Test-LabServerReachable $State $db.activeServer) -or -not $State.cluster.hasQuorum) { continue }
        $db.mounted = $true
        Add-LabTimeline $State 'DatabaseMounted' $db.name "Database '$($db.name)' mounted on $($db.activeServer)." $Time @{ server = $db.activeServer }
        Complete-LabQueuedMail $State $db.name $Time
    }
}

function Invoke-LabCopiesResynchronized {
    param($State, [string]$Server, $Time)
    if (-not (Test-LabServerReachable $State $Server)) { return }
    foreach ($db in $State.databases) {
        $c = Get-LabCopy $db $Server
        if ($c -and $c.status -eq 'Resynchronizing') {
            $c.status = 'Healthy'
            $c.copyQueueLength = 0
            $c.replayQueueLength = 0
            Add-LabTimeline $State 'CopyHealthy' "$($db.name)\$Server" "Copy $($db.name)\$Server is Healthy." $Time
        }
    }
}

function Invoke-LabDismountAll {
    param($State, $Time)
    foreach ($db in $State.databases) {
        if ($db.mounted) {
            $db.mounted = $false
            Add-LabTimeline $State 'DatabaseDismounted' $db.name "Database '$($db.name)' dismounted." $Time
        }
    }
}

function Invoke-LabServerReturned {
    # A node is back: its copies resynchronize; databases left on it dismounted mount again.
    param($State, [string]$Server, $Time)
    $delay = Get-LabDelay $State 'databaseMountSeconds'
    foreach ($db in $State.databases) {
        $c = Get-LabCopy $db $Server
        if ($c -and -not [string]::Equals($db.activeServer, $Server, [StringComparison]::OrdinalIgnoreCase) -and $c.status -ne 'Suspended' -and $c.status -ne 'FailedAndSuspended') {
            $c.status = 'Resynchronizing'
            Add-LabTimeline $State 'CopyResynchronizing' "$($db.name)\$Server" "Copy $($db.name)\$Server is Resynchronizing." $Time
        }
        if (-not $db.mounted -and $State.cluster.hasQuorum) {
            Add-LabPending $State ($Time.AddSeconds($delay)) 'DatabaseMount' @{ database = $db.name }
        }
    }
    Add-LabPending $State ($Time.AddSeconds($delay)) 'CopiesResynchronized' @{ server = $Server }
}
