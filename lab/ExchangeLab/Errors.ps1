# Errors shaped like the real ones: the exception type names the real products use (so CategoryInfo
# reads "..., ManagementObjectNotFoundException"), Exchange 2010 style ids ("8HEX,Namespace.Class") and
# FailoverClusters style ids ("Verb-Noun,Microsoft.FailoverClusters.PowerShell.VerbNounCommand").
# PowerShell appends ",<function name>" to every id thrown from a function.

$script:LabExceptionSource = @'
namespace Microsoft.Exchange.Configuration.Tasks {
    public class ManagementObjectNotFoundException : System.Exception { public ManagementObjectNotFoundException(string m) : base(m) {} }
    public class ManagementObjectAlreadyExistsException : System.Exception { public ManagementObjectAlreadyExistsException(string m) : base(m) {} }
    public class ManagementObjectAmbiguousException : System.Exception { public ManagementObjectAmbiguousException(string m) : base(m) {} }
    public class TaskException : System.Exception { public TaskException(string m) : base(m) {} }
}
namespace Microsoft.Exchange.Cluster.Replay {
    public class AmDbActionWrapperException : System.Exception { public AmDbActionWrapperException(string m) : base(m) {} }
}
namespace Microsoft.Exchange.Monitoring {
    public class ServerUnreachableException : System.Exception { public ServerUnreachableException(string m) : base(m) {} }
}
namespace Microsoft.FailoverClusters.PowerShell {
    public class ClusterCmdletException : System.Exception { public ClusterCmdletException(string m) : base(m) {} }
}
namespace ExchangeLab {
    public class LabFaultException : System.Exception { public LabFaultException(string m) : base(m) {} }
}
'@

# Compiling costs about a second per process, so the assembly is compiled once per source text and
# machine and loaded from the temp folder afterwards (every engine restart imports the lab again).
if (-not ('Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' -as [type])) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($script:LabExceptionSource + $PSVersionTable.PSVersion)) | Select-Object -First 8 | ForEach-Object { $_.ToString('x2') })
    $cached = Join-Path ([System.IO.Path]::GetTempPath()) "exchangelab-exceptions-$hash.dll"
    $loaded = $false
    if (Test-Path -LiteralPath $cached) {
        try { Add-Type -Path $cached; $loaded = $true } catch { $loaded = $false }
    }
    if (-not $loaded) {
        $partial = "$cached.$PID.tmp"
        try {
            Add-Type -TypeDefinition $script:LabExceptionSource -OutputAssembly $partial -OutputType Library
            Move-Item -LiteralPath $partial -Destination $cached -Force -ErrorAction SilentlyContinue
            Add-Type -Path $(if (Test-Path -LiteralPath $cached) { $cached } else { $partial })
        } catch {
            # An unwritable temp folder: compile in memory as before.
            if (-not ('Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' -as [type])) { Add-Type -TypeDefinition $script:LabExceptionSource }
        }
    }
}

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
