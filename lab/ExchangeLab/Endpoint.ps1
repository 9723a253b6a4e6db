# The lab's Exchange endpoint, prepared inside the runspace the wizard will import from (server side),
# as Exchange 2010's /PowerShell endpoint is: only the Exchange cmdlets (RBAC) and the few commands
# implicit remoting needs, and the NoLanguage mode, so a script block sent there is refused.

# What Import-PSSession itself calls on the far side (the real endpoint exposes these too).
$script:LabEndpointUtilities = @('Get-Command', 'Get-FormatData', 'Select-Object', 'Measure-Object', 'Out-Default', 'Exit-PSSession', 'Get-Help')

function Enable-LabExchangeEndpoint {
    [CmdletBinding()]
    param()
    $visible = @(Get-LabCommandSet -Name Exchange) + $script:LabEndpointUtilities
    foreach ($command in @(Get-Command -CommandType Alias, Function, Filter, Cmdlet -ErrorAction SilentlyContinue)) {
        if ($visible -notcontains $command.Name) { $command.Visibility = [System.Management.Automation.SessionStateEntryVisibility]::Private }
    }
    # No programs or scripts from disk either: an empty allow-list refuses them all.
    $ExecutionContext.SessionState.Applications.Clear()
    $ExecutionContext.SessionState.Scripts.Clear()
    $ExecutionContext.SessionState.LanguageMode = [System.Management.Automation.PSLanguageMode]::NoLanguage
}
