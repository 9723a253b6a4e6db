# Clock: the lab has no background process. Things that take time (node-loss detection, a group coming
# online, a database mounting) are scheduled as pending events with a due time; every command first
# applies, in order, each event whose due time has passed (real wall clock). An event applied late
# still carries its own due time onto the timeline, so the timeline reads as it would have happened.

function Get-LabNow { return [DateTime]::UtcNow }

function Format-LabTime {
    param([datetime]$Time)
    return $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)
}

function ConvertFrom-LabTime {
    param($Value)
    if ($Value -is [datetime]) { return $Value.ToUniversalTime() }
    return [DateTime]::Parse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture,
        [System.Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
}

function Add-LabTimeline {
    param($State, [string]$Kind, [string]$Subject, [string]$Message, $Time = $null, [hashtable]$Data = $null)
    if ($null -eq $Time) { $Time = Get-LabNow }
    $entry = @{ time = (Format-LabTime $Time); kind = $Kind; subject = $Subject; message = $Message }
    if ($Data) { foreach ($k in $Data.Keys) { $entry[$k] = $Data[$k] } }
    [void]$State.lab.timeline.Add($entry)
}

function Add-LabPending {
    param($State, [datetime]$Due, [string]$Kind, [hashtable]$Data)
    # Events due at the same moment are applied in the order they were scheduled (list order).
    [void]$State.lab.pending.Add(@{ due = (Format-LabTime $Due); kind = $Kind; data = $Data })
}

function Remove-LabPending {
    param($State, [scriptblock]$Where)
    foreach ($p in @($State.lab.pending)) { if (& $Where $p) { $State.lab.pending.Remove($p) } }
}

function Get-LabDelay {
    param($State, [string]$Name)
    return [double]$State.lab.delays[$Name]
}

function Invoke-LabDueEvents {
    # Returns $true when anything changed.
    param($State, [datetime]$Now = (Get-LabNow))
    $changed = $false
    while ($true) {
        $next = $null
        foreach ($p in $State.lab.pending) {
            $due = ConvertFrom-LabTime $p.due
            if ($due -gt $Now) { continue }
            if ($null -eq $next -or $due -lt $next.When) {
                $next = @{ When = $due; Item = $p }
            }
        }
        if ($null -eq $next) { break }
        $State.lab.pending.Remove($next.Item)
        $changed = $true
        $data = $next.Item.data
        switch ($next.Item.kind) {
            'NodeLossDetected' { Invoke-LabNodeLossDetected $State $data.node $next.When }
            'GroupOnline' { Invoke-LabGroupOnlineEvent $State $data.group $next.When }
            'DatabaseFailover' { Invoke-LabDatabaseFailover $State $data.database $data.failedServer $next.When }
            'DatabaseMount' { Invoke-LabDatabaseMountEvent $State $data.database $next.When }
            'CopiesResynchronized' { Invoke-LabCopiesResynchronized $State $data.server $next.When }
            default { Add-LabTimeline $State 'UnknownEvent' $next.Item.kind "Ignored unknown pending event '$($next.Item.kind)'." $next.When }
        }
    }
    return $changed
}

function Wait-LabPending {
    # Used by commands that block until their own scheduled work is done (e.g. Start-ClusterGroup):
    # sleeps until the latest pending event matching $Where is due, at most $TimeoutSeconds.
    param($State, [scriptblock]$Where, [double]$TimeoutSeconds = [double]::MaxValue)
    $latest = $null
    foreach ($p in $State.lab.pending) {
        if (& $Where $p) {
            $due = ConvertFrom-LabTime $p.due
            if ($null -eq $latest -or $due -gt $latest) { $latest = $due }
        }
    }
    if ($null -eq $latest) { return }
    $ms = ($latest - (Get-LabNow)).TotalMilliseconds
    $ms = [Math]::Min($ms, $TimeoutSeconds * 1000)
    if ($ms -gt 0) { Start-Sleep -Milliseconds ([int][Math]::Ceiling($ms)) }
}
