# Faults: Set-LabFault makes a named command fail (once, N times, always) and/or run slowly.
# Every lab-played command starts with Enter-LabCommand, which applies due events and then any fault.

function Enter-LabCommand {
    param([System.Management.Automation.PSCmdlet]$Cmdlet)
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    $st = Open-LabState
    # A session bound to a server that is down does not answer (SessionBinding.ps1).
    Assert-LabSessionAnswers $Cmdlet $st
    $fault = $null
    foreach ($f in $st.lab.faults) {
        if ([string]::Equals($f.commandName, $name, [StringComparison]::OrdinalIgnoreCase)) { $fault = $f; break }
    }
    if ($null -eq $fault) { return $st }

    if ($null -ne $fault.remaining) {
        $fault.remaining = [int]$fault.remaining - 1
        if ([int]$fault.remaining -le 0) { $st.lab.faults.Remove($fault) }
    }
    $willFail = [bool]$fault.fail
    $what = if ($willFail) { 'failed' } else { 'slowed' }
    Add-LabTimeline $st 'FaultTriggered' $name "Injected fault: $name $what."
    Save-LabState $st
    if ([double]$fault.delaySeconds -gt 0) {
        Start-Sleep -Milliseconds ([int]([double]$fault.delaySeconds * 1000))
    }
    if ($willFail) {
        $msg = $fault.message
        if (-not $msg) { $msg = "The operation failed (lab fault injected into $name)." }
        $er = New-LabErrorRecord -Message $msg -ExceptionType 'ExchangeLab.LabFaultException' -ErrorId 'LabInjectedFault' `
            -Category NotSpecified -TargetObject $name
        $Cmdlet.ThrowTerminatingError($er)
    }
    # A slow command sees the state as it is when it really starts.
    return (Open-LabState)
}
