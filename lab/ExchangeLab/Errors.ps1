# Errors shaped like the real ones: the exception type names the real products use (so CategoryInfo
# reads "..., ManagementObjectNotFoundException"), Exchange 2010 style ids ("8HEX,Namespace.Class") and
# FailoverClusters style ids ("Verb-Noun,Microsoft.FailoverClusters.PowerShell.VerbNounCommand").
# PowerShell appends ",<function name>" to every id thrown from a function.

# The exception types themselves are compiled with the lab's other types (Types.ps1).

$script:ExchangeTaskClass = @{
    'Get-ExchangeServer'            = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetExchangeServer'
    'Get-ADSite'                    = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetAdSite'
    'Get-DatabaseAvailabilityGroup' = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetDatabaseAvailabilityGroup'
    'Get-MailboxServer'             = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetMailboxServer'
    'Get-MailboxDatabase'           = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetMailboxDatabase'
    'Set-MailboxDatabase'           = 'Microsoft.Exchange.Management.SystemConfigurationTasks.SetMailboxDatabase'
    'Get-MailboxDatabaseCopyStatus' = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetMailboxDatabaseCopyStatus'
    'Move-ActiveMailboxDatabase'    = 'Microsoft.Exchange.Management.SystemConfigurationTasks.MoveActiveMailboxDatabase'
    'Get-ClientAccessArray'         = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetClientAccessArray'
    'New-ClientAccessArray'         = 'Microsoft.Exchange.Management.SystemConfigurationTasks.NewClientAccessArray'
    'Set-ClientAccessArray'         = 'Microsoft.Exchange.Management.SystemConfigurationTasks.SetClientAccessArray'
    'Remove-ClientAccessArray'      = 'Microsoft.Exchange.Management.SystemConfigurationTasks.RemoveClientAccessArray'
    'Get-ClientAccessServer'        = 'Microsoft.Exchange.Management.SystemConfigurationTasks.GetClientAccessServer'
    'Get-Mailbox'                   = 'Microsoft.Exchange.Management.RecipientTasks.GetMailbox'
    'Test-ReplicationHealth'        = 'Microsoft.Exchange.Monitoring.TestReplicationHealth'
    'Test-MAPIConnectivity'         = 'Microsoft.Exchange.Monitoring.TestMapiConnectivity'
    'Test-OutlookConnectivity'      = 'Microsoft.Exchange.Monitoring.TestOutlookConnectivityTask'
    'Test-OutlookWebServices'       = 'Microsoft.Exchange.Monitoring.TestOutlookWebServicesTask'
    'Test-OwaConnectivity'          = 'Microsoft.Exchange.Monitoring.TestOwaConnectivity'
    'Test-Mailflow'                 = 'Microsoft.Exchange.Monitoring.TestMailflow'
    'Test-ServiceHealth'            = 'Microsoft.Exchange.Monitoring.TestServiceHealth'
}

function Get-LabShortHash {
    param([string]$Text)
    $md5 = [System.Security.Cryptography.MD5]::Create()
    $bytes = $md5.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text))
    return (($bytes[0..3] | ForEach-Object { $_.ToString('X2') }) -join '')
}

function New-LabErrorRecord {
    param(
        [string]$Message,
        [string]$ExceptionType = 'System.InvalidOperationException',
        [string]$ErrorId = 'LabError',
        [System.Management.Automation.ErrorCategory]$Category = 'NotSpecified',
        $TargetObject = $null
    )
    $ex = New-Object -TypeName $ExceptionType -ArgumentList $Message
    return New-Object System.Management.Automation.ErrorRecord($ex, $ErrorId, $Category, $TargetObject)
}

function New-ExchangeError {
    # Exchange 2010 over remote PowerShell: "NotSpecified: (0:Int32) [Cmdlet], ManagementObjectNotFoundException"
    param(
        [System.Management.Automation.PSCmdlet]$Cmdlet,
        [string]$Message,
        [string]$Kind = 'ManagementObjectNotFoundException',
        [System.Management.Automation.ErrorCategory]$Category = 'NotSpecified',
        $TargetObject = 0
    )
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    $class = $script:ExchangeTaskClass[$name]
    if (-not $class) { $class = 'Microsoft.Exchange.Management.SystemConfigurationTasks.' + ($name -replace '-', '') }
    $type = switch ($Kind) {
        'ManagementObjectNotFoundException' { 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' }
        'ManagementObjectAlreadyExistsException' { 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException' }
        'ManagementObjectAmbiguousException' { 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException' }
        'AmDbActionWrapperException' { 'Microsoft.Exchange.Cluster.Replay.AmDbActionWrapperException' }
        'ServerUnreachableException' { 'Microsoft.Exchange.Monitoring.ServerUnreachableException' }
        'TaskException' { 'Microsoft.Exchange.Configuration.Tasks.TaskException' }
        default { $Kind }
    }
    $id = (Get-LabShortHash "$Kind|$name") + ',' + $class
    return New-LabErrorRecord -Message $Message -ExceptionType $type -ErrorId $id -Category $Category -TargetObject $TargetObject
}

function New-ExchangeNotFound {
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, [string]$Identity)
    $dc = $State.domain.domainController + '.' + $State.domain.fqdn
    return New-ExchangeError -Cmdlet $Cmdlet -Message ("The operation couldn't be performed because object '{0}' couldn't be found on '{1}'." -f $Identity, $dc)
}

function New-ClusterError {
    param(
        [System.Management.Automation.PSCmdlet]$Cmdlet,
        [string]$Message,
        [string]$ErrorId,
        [System.Management.Automation.ErrorCategory]$Category = 'NotSpecified',
        $TargetObject = $null
    )
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    if (-not $ErrorId) { $ErrorId = $name -replace '-', '' }
    $class = 'Microsoft.FailoverClusters.PowerShell.' + ($name -replace '-', '') + 'Command'
    return New-LabErrorRecord -Message $Message -ExceptionType 'Microsoft.FailoverClusters.PowerShell.ClusterCmdletException' `
        -ErrorId "$ErrorId,$class" -Category $Category -TargetObject $TargetObject
}

function New-ClusterNotFound {
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$What, [string]$Name)
    # e.g. "An error occurred opening cluster group 'CASArray'." + the Win32 text of ERROR_GROUP_NOT_FOUND
    $detail = switch ($What) {
        'group' { 'The cluster group could not be found.' }
        'resource' { 'The cluster resource could not be found.' }
        'node' { 'The cluster node was not found.' }
        'network' { 'The cluster network was not found.' }
        default { 'The object was not found.' }
    }
    $msg = "An error occurred opening {0} '{1}'.`n    {2}" -f $(if ($What -eq 'group') { 'cluster group' } else { $What }), $Name, $detail
    return New-ClusterError -Cmdlet $Cmdlet -Message $msg -ErrorId 'ClusterObjectNotFound' -Category ObjectNotFound -TargetObject $Name
}
