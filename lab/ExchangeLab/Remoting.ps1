# Workstation side of the lab's remoting: starts a lab server process per role (or takes a warm one
# from a server pool, when EXHA_LAB_SERVER_POOL names one) and opens a real PSRP session to it over a
# named pipe (no WinRM needed, on Linux as on Windows). The wizard then uses these sessions exactly as
# it uses New-PSSession's on real servers. A server is bound to a lab state inside the runspace the
# session opens, never in its process: one server can serve many sessions, one after another. So is the
# server a session belongs to (SessionBinding.ps1): a pooled server serves any server name.

$script:LabServerScript = Join-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'server') 'LabServer.ps1'
$script:LabModulesDir = Join-Path (Split-Path -Parent $PSScriptRoot) 'modules'
$script:LabServers = New-Object System.Collections.ArrayList
# How many sessions this process has had to open again (Connect-LabServer): read by tests.
$script:LabReopenedSessions = 0

function Get-LabExecutable {
    # The PowerShell that runs this one (the dotnet-tool launcher is not the running process's path).
    param([string]$Executable)
    if ($Executable) { return $Executable }
    return (Get-Process -Id $PID).Path
}

function Start-LabServerProcess {
    param([string]$Executable, [string]$Slot)
    $file = Get-LabExecutable $Executable
    $arguments = '-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $script:LabServerScript + '"'
    if ($Slot) { $arguments += ' -Slot "' + $Slot + '"' }
    # A dotnet-hosted pwsh (the dotnet-tool install) runs as `dotnet pwsh.dll`: start it the same way.
    if ([System.IO.Path]::GetFileNameWithoutExtension($file) -eq 'dotnet') { $arguments = '"' + [System.Reflection.Assembly]::GetEntryAssembly().Location + '" ' + $arguments }
    $info = New-Object System.Diagnostics.ProcessStartInfo $file
    $info.Arguments = $arguments
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.CreateNoWindow = $true
    $info.EnvironmentVariables['PSModulePath'] = $script:LabModulesDir + [System.IO.Path]::PathSeparator + $info.EnvironmentVariables['PSModulePath']
    $process = [System.Diagnostics.Process]::Start($info)
    [void]$script:LabServers.Add($process)
    return $process
}

function Wait-LabServerProcess {
    # The server's first line is its process id: the pipe to connect to.
    param([System.Diagnostics.Process]$Process, [string]$Role, [int]$TimeoutSeconds)
    $line = $Process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait($TimeoutSeconds * 1000)) {
        try { $Process.Kill() } catch { }
        throw "The lab's $Role server did not start within $TimeoutSeconds s."
    }
    $serverPid = 0
    if (-not [int]::TryParse([string]$line.Result, [ref]$serverPid)) {
        $stderr = $Process.StandardError.ReadToEnd()
        throw "The lab's $Role server exited before answering: $stderr"
    }
    return $serverPid
}

function Open-LabRunspace {
    # -ServerPid: the process's own pipe (a server started for this session); -Pipe: a pooled server's
    # custom pipe. Returns the runspace whatever its state once it leaves Opening: PowerShell's named-pipe
    # client can leave a runspace Opening for good (a connection reset during the handshake is only
    # traced by its reader thread), so the wait is bounded: such a runspace comes back still Opening.
    param([int]$ServerPid, [string]$Pipe, [int]$TimeoutSeconds = 60)
    if (-not ('System.Management.Automation.Runspaces.NamedPipeConnectionInfo' -as [type])) {
        throw 'This PowerShell has no named-pipe remoting (NamedPipeConnectionInfo); the lab needs Windows PowerShell 5.1 or PowerShell 7.'
    }
    if ($Pipe) { $connection = New-Object System.Management.Automation.Runspaces.NamedPipeConnectionInfo($Pipe) }
    else { $connection = New-Object System.Management.Automation.Runspaces.NamedPipeConnectionInfo($ServerPid) }
    $connection.OpenTimeout = $TimeoutSeconds * 1000
    # With the default type table, as New-PSSession's runspaces have: without one nothing is rehydrated,
    # and Import-PSSession fails on the endpoint's format data ("not in the expected format").
    if ($null -eq $script:LabClientTypeTable) { $script:LabClientTypeTable = [System.Management.Automation.Runspaces.TypeTable]::LoadDefaultTypeFiles() }
    $runspace = [runspacefactory]::CreateRunspace($connection, $Host, $script:LabClientTypeTable)
    $runspace.OpenAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ('BeforeOpen', 'Opening' -contains $runspace.RunspaceStateInfo.State -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 10
    }
    return $runspace
}

# The server's own configuration, run inside the fresh runspace as a session configuration's startup
# script runs on a real endpoint, before the wizard gets the session: it binds the runspace to the
# session's lab state (the cluster node's FailoverClusters module reads $global:ExhaLabBinding when
# the wizard imports it), binds it to the server the session belongs to (a session to a server that does
# not answer fails to open, as New-PSSession does), and the Exchange endpoint then hides all but the
# Exchange cmdlets. The cluster node binds its server in the lab module its FailoverClusters loads later.
$script:LabServerSetup = @{
    Exchange    = 'param($Module, $State, $Seed, $Server) Import-Module $Module -DisableNameChecking; Use-LabState -Path $State -SeedPath $Seed; Set-LabSessionServer -Server $Server; Enable-LabExchangeEndpoint'
    ClusterNode = 'param($Module, $State, $Seed, $Server) $global:ExhaLabBinding = @{ State = $State; Seed = $Seed }; Import-Module $Module -DisableNameChecking -Function Use-LabState, Set-LabSessionServer; Use-LabState -Path $State -SeedPath $Seed; Set-LabSessionServer -Server $Server'
}

function Start-LabServerSetup {
    # Starts the set-up in the runspace; $null when the runspace is no longer open.
    param($Runspace, [string]$Script, [string]$State, [string]$Seed, [string]$Server)
    if ($Runspace.RunspaceStateInfo.State -ne 'Opened') { return $null }
    $shell = [powershell]::Create()
    $shell.Runspace = $Runspace
    [void]$shell.AddScript($Script).AddParameter('Module', (Join-Path $PSScriptRoot 'ExchangeLab.psd1')).AddParameter('State', $State).AddParameter('Seed', $Seed).AddParameter('Server', $Server)
    try { $pending = $shell.BeginInvoke() }
    catch {
        $shell.Dispose()
        # Closed between the check and the call ("the runspace state is not valid"); anything else is thrown.
        if ($Runspace.RunspaceStateInfo.State -eq 'Opened') { throw }
        return $null
    }
    return New-Object PSObject -Property @{ Runspace = $Runspace; Shell = $shell; Pending = $pending }
}

function Connect-LabServer {
    # Opens a runspace on one server and starts its set-up. PowerShell's named-pipe client can return
    # from Open() on a session the server closed during the handshake: the runspace pool completes the
    # open when the session closes and throws only if a reason came with it, so the runspace is just
    # Closed or Broken and the first command says "the runspace state is not valid" (seen in CI, twice;
    # PowerShell's own named-pipe tests retry for the same). Such a session is opened again, on a fresh
    # listener (Reset-LabServerEndpoint), up to three times; then the failure says what became of it.
    param($Server, [int]$TimeoutSeconds, [int]$Attempts = 3)
    for ($attempt = 1; ; $attempt++) {
        if ($Server.Pipe) { $runspace = Open-LabRunspace -Pipe $Server.Pipe -TimeoutSeconds $TimeoutSeconds }
        else { $runspace = Open-LabRunspace -ServerPid (Wait-LabServerProcess -Process $Server.Process -Role $Server.Role -TimeoutSeconds $TimeoutSeconds) -TimeoutSeconds $TimeoutSeconds }
        $onPurpose = ''
        if ($script:LabCloseNextRunspace) {
            # Tests: a session the server closed as it opened.
            $script:LabCloseNextRunspace = $false
            $runspace.Close()
            $onPurpose = ' (on purpose, by a test)'
        }
        $setup = Start-LabServerSetup $runspace $script:LabServerSetup[$Server.Role] $Server.State $Server.Seed $Server.Name
        if ($setup) { return $setup }
        $state = $runspace.RunspaceStateInfo.State
        if ('BeforeOpen', 'Opening' -contains $state) { $closed = "still $state after $TimeoutSeconds s" }
        else {
            $closed = "$($state): $(Get-LabRunspaceReason $runspace)"
            # Only a closed runspace is disposed: closing one still opening waits on the server.
            $runspace.Dispose()
        }
        $endpoint = Get-LabRunspaceEndpoint $runspace
        if ($attempt -ge $Attempts) { throw "The lab's $($Server.Role) server ($endpoint) gave no working session in $Attempts tries; the last was $closed." }
        Write-LabPoolTrace "reopen $($Server.Role) $endpoint after $closed$onPurpose"
        $script:LabReopenedSessions++
        Reset-LabServerEndpoint $Server
    }
}

function Reset-LabServerEndpoint {
    # A listener that has never seen the closed session: a client that reconnects at once can land in the
    # old listener's queue just before PowerShell replaces it, and hang there. A pooled server is asked
    # again (it answers once its pipe listens afresh); a server started for the session is replaced.
    param($Server)
    if ($Server.Pipe) {
        $Server.Pipe = (Wait-LabSlotPipe -Request (Send-LabSlotRequest -Slot $Server.Slot -Role $Server.Role)).Pipe
        return
    }
    try { $Server.Process.StandardInput.Close() } catch { }
    $Server.Process = Start-LabServerProcess -Executable $Server.Executable
}

function Get-LabRunspaceEndpoint($Runspace) {
    $info = $Runspace.ConnectionInfo
    if ($info.CustomPipeName) { return "pipe $($info.CustomPipeName)" }
    return "process $($info.ProcessId)"
}

function Get-LabRunspaceReason($Runspace) {
    $reason = $Runspace.RunspaceStateInfo.Reason
    if ($null -eq $reason) { return 'no reason given' }
    $words = $reason.Message
    if ($reason.InnerException) { $words += " ($($reason.InnerException.Message))" }
    return $words
}

function Complete-LabServerSetup {
    param($Setup, [string]$Role)
    try {
        [void]$Setup.Shell.EndInvoke($Setup.Pending)
        if ($Setup.Shell.Streams.Error.Count -gt 0) {
            $failure = $Setup.Shell.Streams.Error[0]
            # The server the session belongs to does not answer: New-PSSession's own error, as it is.
            if ([string]$failure.FullyQualifiedErrorId -like '*PSSessionOpenFailed*') { throw $failure }
            throw "The lab's $Role server could not be set up: $failure"
        }
    } finally { $Setup.Shell.Dispose() }
}

function Start-LabServer {
    <#
    .SYNOPSIS
    Starts one lab server process per role (Exchange, ClusterNode) and returns at once: the servers warm
    up while the caller does other work. New-LabPSSession -Server connects to them. -ExchangeServer and
    -ClusterNode name the servers the sessions belong to, as on real servers (default: the state's first
    Exchange server; the cluster node defaults to the Exchange server).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [ValidateSet('Exchange', 'ClusterNode')] [string[]]$Role,
        [Parameter(Mandatory = $true)] [string]$StatePath,
        [string]$SeedPath = $script:LabDefaultSeed,
        [string]$Executable,
        [string]$ExchangeServer,
        [string]$ClusterNode
    )
    if (-not $ClusterNode) { $ClusterNode = $ExchangeServer }
    $names = @{ Exchange = $ExchangeServer; ClusterNode = $ClusterNode }
    $state = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($StatePath)
    $seed = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($SeedPath)
    if ($env:EXHA_LAB_SERVER_POOL) {
        $pooled = Request-LabPooledServer -Directory $env:EXHA_LAB_SERVER_POOL -Role $Role
        if ($pooled) {
            foreach ($p in $pooled) { New-Object PSObject -Property @{ Role = $p.Role; Name = $names[$p.Role]; Pipe = $p.Pipe; Slot = $p.Slot; State = $state; Seed = $seed } }
            return
        }
    }
    foreach ($r in $Role) {
        New-Object PSObject -Property @{ Role = $r; Name = $names[$r]; Process = (Start-LabServerProcess -Executable $Executable); Executable = $Executable; State = $state; Seed = $seed }
    }
}

function New-LabPSSession {
    <#
    .SYNOPSIS
    Opens a PSRP session to each lab server, in order: Exchange (the NoLanguage Exchange endpoint, for
    Import-PSSession) and ClusterNode (full language; the lab's FailoverClusters module is on its module
    path). -Role starts the servers first (on the state Use-LabState set); -Server takes Start-LabServer's.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Role')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'Role')] [ValidateSet('Exchange', 'ClusterNode')] [string[]]$Role,
        [Parameter(Mandatory = $true, ParameterSetName = 'Server')] [object[]]$Server,
        [Parameter(ParameterSetName = 'Role')] [string]$Executable,
        [Parameter(ParameterSetName = 'Role')] [string]$ExchangeServer,
        [Parameter(ParameterSetName = 'Role')] [string]$ClusterNode,
        [int]$TimeoutSeconds = 60
    )
    if ($PSCmdlet.ParameterSetName -eq 'Role') {
        Assert-LabStateSet
        $Server = @(Start-LabServer -Role $Role -StatePath $script:LabStatePath -SeedPath $script:LabSeedPath -Executable $Executable -ExchangeServer $ExchangeServer -ClusterNode $ClusterNode)
    }
    # Each set-up runs while the next server's session opens: the slow parts overlap.
    $setups = @(foreach ($s in $Server) { Connect-LabServer $s $TimeoutSeconds })
    for ($i = 0; $i -lt $Server.Count; $i++) {
        Complete-LabServerSetup $setups[$i] $Server[$i].Role
        if ($Server[$i].Role -eq 'Exchange') { Register-LabExchangeRunspace $setups[$i].Runspace }
        New-LabSessionObject $setups[$i].Runspace $Server[$i].Role
    }
}

function Move-LabPSSession {
    <#
    .SYNOPSIS
    Reopens one of the workstation's lab sessions on another server (the lab's New-PSSession to another
    computer, then Remove-PSSession of the old one): the old session is closed, its lab server process is
    given a fresh endpoint (a pooled server a new pipe, a server started for the session a new process:
    Reset-LabServerEndpoint) and a session bound to -Name opens there. The same process keeps its lease
    of a pooled pair. -Server is the Start-LabServer object the old session was opened from; its Name
    becomes -Name. A server that does not answer fails as New-PSSession does.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object]$Server,
        [Parameter(Mandatory = $true)] [string]$Name,
        [System.Management.Automation.Runspaces.PSSession]$Session,
        [int]$TimeoutSeconds = 60
    )
    if ($Session) {
        try { $Session.Runspace.Dispose() } catch { }
    }
    $Server.Name = $Name
    Reset-LabServerEndpoint $Server
    $setup = Connect-LabServer $Server $TimeoutSeconds
    Complete-LabServerSetup $setup $Server.Role
    if ($Server.Role -eq 'Exchange') { Register-LabExchangeRunspace $setup.Runspace }
    New-LabSessionObject $setup.Runspace $Server.Role
}

function New-LabSessionObject {
    # A PSSession around the open runspace, which Invoke-Command -Session and Import-PSSession accept.
    # PSSession.Create is PowerShell 7.3+; Windows PowerShell 5.1 has only the internal constructor
    # (PSSession(RemoteRunspace)), reached by reflection there.
    param($Runspace, [string]$Name)
    $sessionType = [System.Management.Automation.Runspaces.PSSession]
    if ($sessionType.GetMethod('Create') -and -not $script:LabForceSessionConstructor) { return $sessionType::Create($Runspace, $Name, $null) }
    $constructor = @($sessionType.GetConstructors([System.Reflection.BindingFlags]'NonPublic, Instance') | Where-Object {
            $p = $_.GetParameters(); $p.Count -eq 1 -and $p[0].ParameterType.Name -eq 'RemoteRunspace' })[0]
    if ($null -eq $constructor) { throw 'This PowerShell cannot wrap a named-pipe runspace in a PSSession; the lab needs Windows PowerShell 5.1 or PowerShell 7.' }
    return $constructor.Invoke(@($Runspace))
}

function Stop-LabServers {
    # Closing the server's stdin ends it (LabServer.ps1); used when the lab is unloaded.
    foreach ($process in @($script:LabServers)) {
        try { $process.StandardInput.Close() } catch { }
    }
    $script:LabServers.Clear()
}
