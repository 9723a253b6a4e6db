# Which server a remote session belongs to (server side). A real session does: Exchange remote PowerShell
# to the server in its URI, the cluster session to the node New-PSSession named. The session's set-up
# (Remoting.ps1) binds the runspace it opens to that server. While the server is down (its NICs disabled)
# a call through the session does not answer: it hangs until the client gives up, as over WinRM (3 minutes
# by default, New-PSSessionOption -OperationTimeout); a session whose server has been down since it opened
# stays Broken once the server is back: a new session must be opened (../shared/reference/domain-facts.md).

# $null in a lab loaded in one runspace (the lab's own tests, `npm run lab`): nothing is bound there.
$script:LabSessionBinding = $null

function Set-LabSessionServer {
    # Binds this runspace to one server (name or FQDN; none: the state's first Exchange server) of the lab
    # state Use-LabState chose. A server that does not answer cannot be connected to, as New-PSSession fails.
    [CmdletBinding()]
    param(
        [string]$Server,
        [ValidateRange(1, 86400)] [int]$OperationTimeoutSeconds = 180
    )
    $st = Open-LabState
    if (-not $Server) { $Server = [string]@($st.exchangeServers)[0].name }
    $name = Resolve-LabSessionServerName $st $Server
    if (-not $name) {
        $known = @($st.exchangeServers | ForEach-Object { $_.name }) -join ', '
        $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Connecting to remote server $Server failed: the lab has no server of that name (it has $known)." `
                    -ExceptionType 'System.Management.Automation.Remoting.PSRemotingTransportException' -ErrorId 'CannotConnect,PSSessionOpenFailed' -Category OpenError -TargetObject $Server))
    }
    $fqdn = "$name.$($st.domain.fqdn)"
    if (-not (Test-LabServerReachable $st $name)) {
        $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Connecting to remote server $fqdn failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer. (lab: $name does not answer: its network adapters are disabled.)" `
                    -ExceptionType 'System.Management.Automation.Remoting.PSRemotingTransportException' -ErrorId 'WinRMOperationTimeout,PSSessionOpenFailed' -Category OpenError -TargetObject $fqdn))
    }
    $script:LabSessionBinding = @{ Server = $name; Fqdn = $fqdn; OpenedAt = (Format-LabTime (Get-LabNow)); OperationTimeoutSeconds = $OperationTimeoutSeconds; Broken = $false }
}

function Resolve-LabSessionServerName {
    # A server's lab name from its name or FQDN: an Exchange server or a cluster node; $null when neither.
    param($State, [string]$Server)
    $s = Get-LabExServer $State $Server
    if ($s) { return [string]$s.name }
    $n = Get-LabNode $State $Server
    if ($n) { return [string]$n.name }
    return $null
}

function Get-LabSessionServer {
    # The server this runspace's session belongs to; $null when it belongs to none (a lab in one runspace).
    if ($null -eq $script:LabSessionBinding) { return $null }
    return $script:LabSessionBinding.Server
}

function Assert-LabSessionAnswers {
    # Called by every lab command before it does anything (Enter-LabCommand): a session whose server is
    # down does not answer; one whose server went down since it opened is Broken.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State)
    $b = $script:LabSessionBinding
    if ($null -eq $b) { return }
    if (-not $b.Broken -and -not (Test-LabServerReachable $State $b.Server)) {
        # No answer: the client's own timeout ends the call first (the wizard's per-call timeout); a client
        # that waits longer gets WinRM's error, and the session is Broken from then on.
        Start-Sleep -Seconds $b.OperationTimeoutSeconds
        $b.Broken = $true
        $Cmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Processing data from remote server $($b.Fqdn) failed with the following error message: The WinRM client cannot complete the operation within the time specified. Check if the machine name is valid and is reachable over the network and firewall exception for Windows Remote Management service is enabled. For more information, see the about_Remote_Troubleshooting Help topic." `
                    -ExceptionType 'System.Management.Automation.Remoting.PSRemotingTransportException' -ErrorId '2100,PSSessionStateBroken' -Category OpenError -TargetObject $b.Fqdn))
    }
    if (-not $b.Broken) {
        foreach ($e in $State.lab.timeline) {
            if ($e.kind -eq 'NodeIsolated' -and [string]::Equals([string]$e.subject, $b.Server, [StringComparison]::OrdinalIgnoreCase) -and [string]::CompareOrdinal([string]$e.time, $b.OpenedAt) -ge 0) { $b.Broken = $true; break }
        }
    }
    # PowerShell's own words for a Broken session, no more: the server that went away is the admin's to infer, as on WinRM.
    if ($b.Broken) {
        $Cmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Because the session state for the session to $($b.Fqdn) is not equal to Open, you cannot run a command in the session. The session state is Broken." `
                    -ErrorId 'InvalidSessionState' -Category InvalidOperation -TargetObject $b.Fqdn))
    }
}
