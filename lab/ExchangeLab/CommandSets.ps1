# Which commands live where: one list per place, used by the module's exports, the Exchange endpoint
# (what it exposes), the cluster node's FailoverClusters module and the workstation's import.

$script:LabCommandSets = [ordered]@{
    # Exchange Server 2010: exposed by the lab's Exchange endpoint, reached by Import-PSSession.
    Exchange    = @(
        'Get-ExchangeServer', 'Get-ADSite', 'Get-DatabaseAvailabilityGroup', 'Get-MailboxServer',
        'Get-MailboxDatabase', 'Set-MailboxDatabase', 'Get-MailboxDatabaseCopyStatus', 'Move-ActiveMailboxDatabase',
        'Test-ReplicationHealth', 'Get-ClientAccessArray', 'New-ClientAccessArray', 'Set-ClientAccessArray',
        'Remove-ClientAccessArray', 'Get-ClientAccessServer', 'Get-OwaVirtualDirectory', 'Get-Mailbox', 'Test-MAPIConnectivity',
        'Test-OutlookConnectivity', 'Test-OutlookWebServices', 'Test-OwaConnectivity', 'Test-Mailflow',
        'Test-ServiceHealth', 'Get-MessageTrackingLog')
    # FailoverClusters: the lab cluster node's FailoverClusters module, reached by Invoke-Command.
    Cluster     = @(
        'Get-Cluster', 'Get-ClusterNode', 'Get-ClusterNetwork', 'Get-ClusterGroup', 'Get-ClusterResource',
        'Get-ClusterParameter', 'Set-ClusterParameter', 'Add-ClusterGroup', 'Add-ClusterResource',
        'Add-ClusterResourceDependency', 'Get-ClusterResourceDependency', 'Add-ClusterServerRole', 'Start-ClusterGroup',
        'Stop-ClusterGroup', 'Move-ClusterGroup', 'Remove-ClusterGroup', 'Test-Cluster')
    # What the workstation itself sees of the lab's network and directory (the real target answers these
    # with DNS, ping, ADSI and the registry), and the lab-only controls.
    Workstation = @(
        'Test-Connection',
        'Resolve-ExhaHostName', 'Resolve-ExhaAddress', 'Get-ExhaComputerObject', 'Test-ExhaComputerObjectCreation',
        'Remove-ExhaDnsRecord', 'Remove-ExhaComputerObject', 'Get-ExhaSetupWatermark', 'Test-ExhaWitness',
        'Start-ExhaProbe', 'Receive-ExhaProbe', 'Stop-ExhaProbe', 'Send-MailMessage')
    Control     = @(
        'Use-LabState', 'Reset-Lab', 'Get-LabState', 'Get-LabTimeline', 'Set-LabDelay', 'Set-LabNodeState',
        'Set-LabFault', 'Clear-LabFault', 'Add-LabAnsweringAddress', 'Remove-LabAnsweringAddress',
        'Add-LabDnsRecord', 'Set-LabDatabaseCopy', 'Set-LabDatabase', 'Set-LabWitness', 'Set-LabActiveDirectory',
        'Add-LabComputerObject', 'Set-LabExchangeServer')
    # Only when the whole lab is loaded into one runspace (the lab's own tests, `npm run lab`): cluster
    # blocks then run in place. The wizard's prelude defines this one over its cluster session instead.
    InProcess   = @('Invoke-ExhaCluster')
    # Opening the lab's PSRP sessions (workstation side) and preparing its Exchange endpoint (server side).
    Remoting    = @('Start-LabServer', 'New-LabPSSession', 'Move-LabPSSession', 'Enable-LabExchangeEndpoint', 'Get-LabCommandSet', 'Set-LabSessionServer')
}

function Get-LabCommandSet {
    param([Parameter(Mandatory = $true)] [ValidateSet('Exchange', 'Cluster', 'Workstation', 'Control', 'InProcess', 'Remoting', 'All')] [string]$Name)
    if ($Name -ne 'All') { return [string[]]$script:LabCommandSets[$Name] }
    $all = @()
    foreach ($set in $script:LabCommandSets.Values) { $all += $set }
    return [string[]]$all
}
