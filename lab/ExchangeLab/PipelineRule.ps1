# Exchange 2010's remote PowerShell runs one pipeline at a time: a second Exchange cmdlet started while
# one is still streaming (Get-X | ForEach-Object { Set-Y }) fails with a concurrent-pipeline error, while
# a designed pipeline (Get-Mailbox | Set-Mailbox) works. pwsh 7 clients do not refuse it on their own
# (measured: they run it over protocol 2.2+), so the lab enforces the rule where a client sees it: the
# commands imported from a lab Exchange session know when one of them is streaming.

$script:LabExchangeRunspaces = New-Object System.Collections.ArrayList

function Register-LabExchangeRunspace {
    param($Runspace)
    [void]$script:LabExchangeRunspaces.Add($Runspace.InstanceId)
    # The wizard's prelude imports the endpoint's cmdlets with Import-PSSession, as on real servers;
    # this one steps in first, calls the real cmdlet, then adds the rule to the module it made.
    $wrapper = {
        $module = Microsoft.PowerShell.Utility\Import-PSSession @args
        Add-LabPipelineRule $module
        $module
    }
    Set-Item -Path function:global:Import-PSSession -Value $wrapper
}

$script:LabPipelineRuleFunctions = {
    # Runs inside the module Import-PSSession generated: its proxies share this state.
    $script:LabPipelineDepth = 0
    $script:LabPipelineStreaming = $false

    function script:Enter-LabPipeline {
        param([System.Management.Automation.InvocationInfo]$Invocation)
        # Begin blocks of one pipeline run before any output: a later command of that pipeline joins it.
        $joins = $script:LabPipelineDepth -gt 0 -and -not $script:LabPipelineStreaming -and $Invocation.PipelinePosition -gt 1
        if ($script:LabPipelineDepth -gt 0 -and -not $joins) {
            $exception = New-Object System.Management.Automation.PSInvalidOperationException 'Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.'
            $record = New-Object System.Management.Automation.ErrorRecord($exception, 'RemotePipelineExecutionFailed', [System.Management.Automation.ErrorCategory]::InvalidOperation, $Invocation.MyCommand.Name)
            throw $record
        }
        $script:LabPipelineDepth++
        return $true
    }

    function script:Set-LabPipelineStreaming { $script:LabPipelineStreaming = $true }

    function script:Exit-LabPipeline {
        if ($script:LabPipelineDepth -gt 0) { $script:LabPipelineDepth-- }
        if ($script:LabPipelineDepth -eq 0) { $script:LabPipelineStreaming = $false }
    }
}

function Add-LabPipelineRule {
    param([System.Management.Automation.PSModuleInfo]$Module)
    if ($null -eq $Module) { return }
    $session = & $Module { $script:PSSession }
    if ($null -eq $session -or -not $script:LabExchangeRunspaces.Contains($session.Runspace.InstanceId)) { return }
    & $Module $script:LabPipelineRuleFunctions
    $hasClean = $PSVersionTable.PSVersion -ge [version]'7.3'
    foreach ($name in @($Module.ExportedFunctions.Keys)) {
        $proxy = $Module.ExportedFunctions[$name]
        $text = $proxy.Definition
        # Replacement texts: '$$' is a literal dollar sign ('$_' would insert the whole input).
        $text = [regex]::Replace($text, '(?si)^(.*?\bbegin\s*\{\s*try\s*\{)', '$1 $$__labEntered = Enter-LabPipeline $$MyInvocation;', 'None')
        $text = [regex]::Replace($text, '(?si)(\bprocess\s*\{\s*try\s*\{)', '$1 Set-LabPipelineStreaming;', 'None')
        if ($hasClean) {
            $text = [regex]::Replace($text, '(?si)(\bclean\s*\{)', '$1 if ($$__labEntered) { Exit-LabPipeline };', 'None')
            if ($text -notmatch '\bclean\s*\{') { $text += "`nclean { if (`$__labEntered) { Exit-LabPipeline } }" }
        } else {
            $text = [regex]::Replace($text, '(?si)(\bend\s*\{\s*try\s*\{\s*\$steppablePipeline\.End\(\))', '$1; Exit-LabPipeline', 'None')
        }
        & $Module { param($n, $b) Set-Item -Path "function:script:$n" -Value $b } $name $Module.NewBoundScriptBlock([scriptblock]::Create($text))
    }
}
