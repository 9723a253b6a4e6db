# One lab server: an idle PowerShell process that the wizard reaches over PowerShell remoting (PSRP on
# a named pipe), as it reaches a real Exchange server or cluster node over WinRM. The remote runspace
# the wizard opens here is where the Exchange or cluster cmdlets run; which lab state it works on is
# set inside that runspace by the connecting side, so one server can serve one session after another.
#
# It answers with its process id on the first line of stdout (with the dotnet-tool pwsh the launcher's
# pid is not this process's), then waits until its standard input closes: whoever started it holds
# the other end, so a wizard (or a test's server pool) that exits or is killed leaves no server behind.
#
# -Slot (a server in a warm pool, lab/server/LabServerPool.ps1): the name of this server's control pipe.
# A session that takes the server connects to it, names a fresh custom pipe for PSRP and holds the
# connection for its life; the server opens that pipe and answers "ready". A new PSRP pipe per session,
# because a client killed mid-session can leave the previous pipe's listener waiting for it forever;
# and when the control connection closes (the session's PowerShell exited, even killed), the session's
# runspaces are closed at once. The server blocks on .NET waits between sessions: no polling.
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
# [Console]::In reads synchronously even when asked to read async: a reader of its own stream does not.
$stdinReader = New-Object System.IO.StreamReader([Console]::OpenStandardInput())
$stdin = $stdinReader.ReadLineAsync()

function Close-PreviousSession {
    # The session's client has gone (perhaps killed in the middle of a command): its runspaces go, and
    # any command still running in them with it, as when a server started for one session exits with it.
    foreach ($old in @(Get-Runspace | Where-Object { $_.Id -ne [runspace]::DefaultRunspace.Id })) {
        try { $old.Dispose() } catch { }
    }
}

# One session at a time: one instance of the control pipe.
$control = New-Object System.IO.Pipes.NamedPipeServerStream($Slot, [System.IO.Pipes.PipeDirection]::InOut, 1,
    [System.IO.Pipes.PipeTransmissionMode]::Byte, [System.IO.Pipes.PipeOptions]::Asynchronous)
while ($true) {
    $connected = $control.WaitForConnectionAsync()
    if ([System.Threading.Tasks.Task]::WaitAny([System.Threading.Tasks.Task[]]@($stdin, $connected)) -eq 0) { break }
    $reader = New-Object System.IO.StreamReader($control, [System.Text.Encoding]::UTF8, $false, 1024, $true)
    $writer = New-Object System.IO.StreamWriter($control, (New-Object System.Text.UTF8Encoding($false)), 1024, $true)
    try {
        # "<pipe name>": the custom pipe this session's PSRP connection will use.
        $pipe = [string]$reader.ReadLine()
        if ($pipe) {
            # A new pipe replaces (and so closes) the pipe the previous session used.
            [System.Management.Automation.Remoting.RemoteSessionNamedPipeServer]::CreateCustomNamedPipeServer($pipe.Trim())
            $writer.WriteLine('ready ' + $pipe.Trim())
            $writer.Flush()
            # The session lasts as long as its connection: end of stream when its PowerShell exits.
            $ended = $reader.ReadLineAsync()
            while ([System.Threading.Tasks.Task]::WaitAny([System.Threading.Tasks.Task[]]@($stdin, $ended)) -eq 1 -and $null -ne $ended.Result) {
                $ended = $reader.ReadLineAsync()
            }
        }
    } catch [System.IO.IOException] {
        # The client went while it was being answered: the same as its session ending.
    } finally {
        $reader.Dispose(); $writer.Dispose()
        Close-PreviousSession
        if ($control.IsConnected) { $control.Disconnect() }
    }
    if ($stdin.IsCompleted) { break }
}
