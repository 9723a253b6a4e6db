# One lab server: an idle PowerShell process that the wizard reaches over PowerShell remoting (PSRP on
# a named pipe), as it reaches a real Exchange server or cluster node over WinRM. The remote runspace
# the wizard opens here is where the Exchange or cluster cmdlets run; which lab state it works on is
# set inside that runspace by the connecting side, so one server can serve one session after another.
#
# It answers with its process id on the first line of stdout (with the dotnet-tool pwsh the launcher's
# pid is not this process's), then waits until its standard input closes: whoever started it holds
# the other end, so a wizard (or a test's server pool) that exits or is killed leaves no server behind.
#
# -Slot (a server in a warm pool, lab/server/LabServerPool.ps1): a session that takes this server writes
# a request id and its PowerShell's pid to <Slot>.request; the server answers in <Slot>.ready with the
# pipe to connect to, once that pipe is listening and free. When that pid exits, the session's runspaces
# are closed (a killed client's command dies with it, as on a server started for one session).
param([string]$Slot)
$ErrorActionPreference = 'Stop'
# No warm-up import here: measured, it did not shorten the wizard's start and it doubled each server's
# CPU, which a two-core machine running several sessions pays for.
[Console]::Out.WriteLine([string]$PID)
[Console]::Out.Flush()
if (-not $Slot) {
    while ($null -ne [Console]::In.ReadLine()) { }
    return
}
$request = "$Slot.request"
# [Console]::In reads synchronously even when asked to read async: a reader of its own stream does not.
$stdinReader = New-Object System.IO.StreamReader([Console]::OpenStandardInput())
$stdin = $stdinReader.ReadLineAsync()
# Woken by the request file's arrival, not by polling (eight idle servers would cost a core's share):
# the timeout only covers a file that lands between the check and the wait, and a client's exit.
$watcher = New-Object System.IO.FileSystemWatcher((Split-Path -Parent $Slot), ((Split-Path -Leaf $Slot) + '.request'))
$client = 0
# EXHA_LAB_TRACE (a folder): each pooled server writes there what it did for each session, for a
# failure that only shows under load (lab/README.md; the test suite always traces).
$traceFile = if ($env:EXHA_LAB_TRACE) { Join-Path $env:EXHA_LAB_TRACE "server-$PID.log" }
function Write-Trace([string]$What) {
    if (-not $traceFile) { return }
    try { [System.IO.File]::AppendAllText($traceFile, "$([DateTime]::UtcNow.ToString('HH:mm:ss.fff')) $What`n") } catch { }
}

# One custom pipe for this server's life, one session on it at a time. PowerShell restarts a custom pipe's
# listener under the name it had when a connection ends, and that restart disposes whatever custom pipe is
# current if its name differs: a pipe per session was taken down when the previous session's end was
# processed after the next session's pipe opened (a busy machine; seen in CI). Under one name the restart
# is a no-op. PowerShell has no public way to see whether its listener is free, so its fields are read.
$pipeName = "exha-lab-$PID"
$pipeServerType = [System.Management.Automation.Remoting.RemoteSessionNamedPipeServer]
$currentPipeServer = $pipeServerType.GetField('_customNamedPipeServer', [System.Reflection.BindingFlags]'NonPublic, Static')
$instanceFlags = [System.Reflection.BindingFlags]'NonPublic, Instance'
$pipeDisposed = $pipeServerType.GetProperty('IsDisposed', $instanceFlags)
$pipeListening = $pipeServerType.GetProperty('IsListenerRunning', $instanceFlags)
$pipeConnectedReader = $pipeServerType.GetProperty('TextReader', $instanceFlags)
if (-not ($currentPipeServer -and $pipeDisposed -and $pipeListening -and $pipeConnectedReader)) {
    throw "This PowerShell's named-pipe server ($($PSVersionTable.PSVersion)) lacks the members a pooled lab server watches; run the lab without a pool."
}

function Open-SessionPipe {
    # Returns once the pipe is listening with no connection. A connection still open belongs to the
    # previous session, whose client has exited (the pair's lease is freed only then) before the server
    # read its end: it is closed here, and PowerShell restarts the listener under the same name.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ($true) {
        $listener = $currentPipeServer.GetValue($null)
        # Creating it swallows its own failures (a pipe of that name still there): checked on the next turn.
        if ($null -eq $listener -or $pipeDisposed.GetValue($listener)) { Write-Trace 'create pipe'; $pipeServerType::CreateCustomNamedPipeServer($pipeName) }
        elseif ($null -ne $pipeConnectedReader.GetValue($listener)) { Write-Trace 'dispose connected pipe'; $listener.Dispose() }
        elseif ($pipeListening.GetValue($listener)) { Write-Trace 'pipe listening'; return }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The pipe $pipeName did not come back to listening within 30 s." }
        Start-Sleep -Milliseconds 5
    }
}

function Test-ClientAlive([int]$ProcessId) {
    # Asked every turn while a session is live: the .NET call costs a fiftieth of Get-Process's CPU.
    try { [System.Diagnostics.Process]::GetProcessById($ProcessId).Dispose(); return $true } catch { return $false }
}

function Close-PreviousSession {
    # The session's client has exited (perhaps killed in the middle of a command): its runspaces go,
    # and any command still running in them with it, as when a server started for one session exits
    # with it.
    foreach ($old in @(Get-Runspace | Where-Object { $_.Id -ne [runspace]::DefaultRunspace.Id })) {
        Write-Trace "dispose runspace $($old.Id) $($old.RunspaceStateInfo.State) $($old.RunspaceAvailability)"
        try { $old.Dispose() } catch { }
    }
}

# A log without this line's partner ('loop ended') is a server that crashed or was killed.
Write-Trace 'started'
try {
    while ($true) {
        if ($stdin.IsCompleted) {
            if ($null -eq $stdin.Result) { break }
            $stdin = $stdinReader.ReadLineAsync()
        }
        if ($client -and -not (Test-ClientAlive $client)) {
            Write-Trace "client $client gone"
            Close-PreviousSession
            $client = 0
        }
        if (-not [System.IO.File]::Exists($request)) {
            [void]$watcher.WaitForChanged([System.IO.WatcherChangeTypes]::All, 200)
            continue
        }
        # "<request id> <client pid>": from a client that holds the pair once the previous one has exited,
        # or from the same client again for a fresh pipe (a session closed as it opened, Reset-LabServerEndpoint).
        $requestId, $clientPid = [System.IO.File]::ReadAllText($request).Trim() -split ' '
        [System.IO.File]::Delete($request)
        Write-Trace "request $requestId from $clientPid"
        if (-not $requestId) { continue }
        Close-PreviousSession
        $client = [int]$clientPid
        Open-SessionPipe
        [System.IO.File]::WriteAllText("$Slot.ready.tmp", "$requestId $pipeName")
        [System.IO.File]::Move("$Slot.ready.tmp", "$Slot.ready", $true)
        Write-Trace "ready $requestId"
    }
} catch { Write-Trace "loop failed: $_"; throw } finally { Write-Trace 'loop ended' }
