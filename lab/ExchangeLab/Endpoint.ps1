# The lab's Exchange endpoint, prepared inside the runspace the wizard will import from (server side),
# as Exchange 2010's /PowerShell endpoint is: only the Exchange cmdlets (RBAC) and the few commands
# implicit remoting needs, and the NoLanguage mode, so a script block sent there is refused.

# What Import-PSSession itself calls on the far side (the real endpoint exposes these too).
$script:LabEndpointUtilities = @('Get-Command', 'Get-FormatData', 'Select-Object', 'Measure-Object', 'Out-Default', 'Exit-PSSession', 'Get-Help')

function Get-LabExchangeFormatPath {
    # The Exchange objects' table views ($script:ExDisplay) as a format file, as Exchange's own
    # Exchange.format.ps1xml serves them to Import-PSSession. Written once per text and machine, and
    # worked out once per server process (a pooled server sets up one session after another).
    $known = [AppDomain]::CurrentDomain.GetData('ExchangeLab.FormatPath')
    if ($known -and (Test-Path -LiteralPath $known)) { return $known }
    $views = foreach ($key in $script:ExDisplay.Keys) {
        $headers = -join @($script:ExDisplay[$key] | ForEach-Object { '<TableColumnHeader/>' })
        $items = -join @($script:ExDisplay[$key] | ForEach-Object { "<TableColumnItem><PropertyName>$_</PropertyName></TableColumnItem>" })
        "<View><Name>$($script:ExTypes[$key])</Name><ViewSelectedBy><TypeName>$($script:ExTypes[$key])</TypeName></ViewSelectedBy><TableControl><TableHeaders>$headers</TableHeaders><TableRowEntries><TableRowEntry><TableColumnItems>$items</TableColumnItems></TableRowEntry></TableRowEntries></TableControl></View>"
    }
    $xml = '<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions>' + (-join $views) + '</ViewDefinitions></Configuration>'
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($xml)) | Select-Object -First 8 | ForEach-Object { $_.ToString('x2') })
    $path = Join-Path ([System.IO.Path]::GetTempPath()) "exchangelab-$hash.format.ps1xml"
    if (-not (Test-Path -LiteralPath $path)) {
        $partial = "$path.$PID.tmp"
        [System.IO.File]::WriteAllText($partial, $xml)
        Move-Item -LiteralPath $partial -Destination $path -Force
    }
    [AppDomain]::CurrentDomain.SetData('ExchangeLab.FormatPath', $path)
    return $path
}

function Enable-LabExchangeEndpoint {
    [CmdletBinding()]
    param()
    # Format data first (Update-FormatData is hidden below): Import-PSSession fetches it with Get-FormatData.
    Update-FormatData -PrependPath (Get-LabExchangeFormatPath)
    $visible = @(Get-LabCommandSet -Name Exchange) + $script:LabEndpointUtilities
    foreach ($command in @(Get-Command -CommandType Alias, Function, Filter, Cmdlet -ErrorAction SilentlyContinue)) {
        if ($visible -notcontains $command.Name) { $command.Visibility = [System.Management.Automation.SessionStateEntryVisibility]::Private }
    }
    # No programs or scripts from disk either: an empty allow-list refuses them all.
    $ExecutionContext.SessionState.Applications.Clear()
    $ExecutionContext.SessionState.Scripts.Clear()
    $ExecutionContext.SessionState.LanguageMode = [System.Management.Automation.PSLanguageMode]::NoLanguage
}
