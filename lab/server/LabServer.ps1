# One lab server: an idle PowerShell process that the wizard reaches over PowerShell remoting (PSRP on
# a named pipe), as it reaches a real Exchange server or cluster node over WinRM. The remote runspace
# the wizard opens here is where the Exchange or cluster cmdlets run; which lab state it works on is
# set inside that runspace by the connecting side, so one server can serve one session after another.
#
# It answers with its process id on the first line of stdout (with the dotnet-tool pwsh the launcher's
# pid is not this process's), then waits until its standard input closes: whoever started it holds
# the other end, so a wizard (or a test's server pool) that exits or is killed leaves no server behind.
#
# -Slot (a server in a warm pool, lab/server/LabServerPool.ps1): a session that takes this server asks
# for a fresh custom pipe by writing its name and its PowerShell's pid to <Slot>.request; the server
# opens it and answers in <Slot>.ready. A new pipe per session, because a client killed mid-session can
# leave the previous pipe's listener waiting for it forever; and when that pid exits, the session's
# runspaces are closed.
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

function Close-PreviousSession {
    # The session's client has exited (perhaps killed in the middle of a command): its runspaces go,
    # and any command still running in them with it, as when a server started for one session exits
    # with it.
    foreach ($old in @(Get-Runspace | Where-Object { $_.Id -ne [runspace]::DefaultRunspace.Id })) {
        try { $old.Dispose() } catch { }
    }
}

while ($true) {
    if ($stdin.IsCompleted) {
        if ($null -eq $stdin.Result) { break }
        $stdin = $stdinReader.ReadLineAsync()
    }
    if ($client -and -not (Get-Process -Id $client -ErrorAction SilentlyContinue)) {
        Close-PreviousSession
        $client = 0
    }
    if (-not [System.IO.File]::Exists($request)) {
        [void]$watcher.WaitForChanged([System.IO.WatcherChangeTypes]::All, 200)
        continue
    }
    # "<pipe name> <client pid>": a request comes only once the previous session has ended.
    $pipe, $clientPid = [System.IO.File]::ReadAllText($request).Trim() -split ' '
    [System.IO.File]::Delete($request)
    if (-not $pipe) { continue }
    Close-PreviousSession
    $client = [int]$clientPid
    # A new pipe replaces (and so closes) the pipe the previous session used.
    [System.Management.Automation.Remoting.RemoteSessionNamedPipeServer]::CreateCustomNamedPipeServer($pipe)
    [System.IO.File]::WriteAllText("$Slot.ready.tmp", $pipe)
    [System.IO.File]::Move("$Slot.ready.tmp", "$Slot.ready", $true)
}
