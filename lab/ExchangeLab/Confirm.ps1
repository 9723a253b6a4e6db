# Confirmation prompts that cannot hang a piped (non-interactive) session: ShouldProcess/ShouldContinue
# for the Exchange and cluster change cmdlets.

function Confirm-LabPrompt {
    # A confirmation prompt cannot be answered when the session reads its commands from a pipe (the
    # wizard's engine): fail the way a -NonInteractive host does instead of swallowing the next command.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Query, [string]$Caption)
    $redirected = $false
    try { $redirected = [Console]::IsInputRedirected } catch { }
    $nonInteractive = $redirected -or -not [Environment]::UserInteractive -or
        ([Environment]::GetCommandLineArgs() | Where-Object { $_ -match '^-noni' })
    if ($nonInteractive) {
        $Cmdlet.ThrowTerminatingError((New-LabErrorRecord -Message 'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.' `
                    -ExceptionType 'System.Management.Automation.Host.HostException' -ErrorId 'HostException' -Category InvalidOperation -TargetObject $Query))
    }
    return $Cmdlet.ShouldContinue($Query, $Caption)
}

function Test-LabWouldPrompt {
    # Would ShouldProcess prompt? (ConfirmImpact High, no -Confirm:$false, $ConfirmPreference not None.)
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Impact = 'High')
    $bp = $Cmdlet.MyInvocation.BoundParameters
    if ($bp.ContainsKey('WhatIf') -and $bp['WhatIf']) { return $false }
    if ($bp.ContainsKey('Confirm')) { return [bool]$bp['Confirm'] }
    $pref = $Cmdlet.SessionState.PSVariable.GetValue('ConfirmPreference')
    if ($null -eq $pref) { $pref = 'High' }
    $rank = @{ None = 99; Low = 1; Medium = 2; High = 3 }
    return ($rank[[string]$Impact] -ge $rank[[string]$pref])
}

function Confirm-LabChange {
    # ShouldProcess that cannot hang a piped session. Returns $true when the change should happen.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Description, [string]$Impact = 'Medium')
    if (Test-LabWouldPrompt $Cmdlet $Impact) {
        $redirected = $false
        try { $redirected = [Console]::IsInputRedirected } catch { }
        if ($redirected -or -not [Environment]::UserInteractive) {
            $Cmdlet.ThrowTerminatingError((New-LabErrorRecord -Message ("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available. (Confirm: {0} Add -Confirm:`$false.)" -f $Description) `
                        -ExceptionType 'System.Management.Automation.Host.HostException' -ErrorId 'HostException' -Category InvalidOperation -TargetObject $Description))
        }
    }
    return $Cmdlet.ShouldProcess($Description, ("Are you sure you want to perform this action?`n" + $Description), 'Confirm')
}
