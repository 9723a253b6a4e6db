# ExchangeLab: plays a two-server Exchange 2010 site with its DAG failover cluster under the real
# command names. All state lives in one JSON file (see lab/README.md); every command re-reads it.
Set-StrictMode -Off

$script:LabRoot = $PSScriptRoot
foreach ($part in @('State', 'Types', 'Errors', 'Clock', 'Faults', 'Network', 'Confirm', 'Cluster/Model', 'Cluster/Online', 'Cluster/Queries', 'Cluster/Changes', 'Cluster/Roles', 'Exchange/Model', 'Exchange/ActiveManager', 'Exchange/Queries', 'Exchange/Databases', 'Exchange/ClientAccess', 'ExchangeTests', 'Target', 'LabControl')) {
    . (Join-Path $PSScriptRoot "$part.ps1")
}

Export-ModuleMember -Function @(
    # Exchange Server 2010
    'Get-ExchangeServer', 'Get-ADSite', 'Get-DatabaseAvailabilityGroup', 'Get-MailboxServer',
    'Get-MailboxDatabase', 'Set-MailboxDatabase', 'Get-MailboxDatabaseCopyStatus', 'Move-ActiveMailboxDatabase',
    'Test-ReplicationHealth', 'Get-ClientAccessArray', 'New-ClientAccessArray', 'Set-ClientAccessArray',
    'Remove-ClientAccessArray', 'Get-ClientAccessServer', 'Get-Mailbox', 'Test-MAPIConnectivity',
    'Test-OutlookConnectivity', 'Test-OutlookWebServices', 'Test-OwaConnectivity', 'Test-Mailflow',
    'Test-ServiceHealth',
    # FailoverClusters
    'Get-Cluster', 'Get-ClusterNode', 'Get-ClusterNetwork', 'Get-ClusterGroup', 'Get-ClusterResource',
    'Get-ClusterParameter', 'Set-ClusterParameter', 'Add-ClusterGroup', 'Add-ClusterResource',
    'Add-ClusterResourceDependency', 'Get-ClusterResourceDependency', 'Add-ClusterServerRole', 'Start-ClusterGroup', 'Stop-ClusterGroup',
    'Move-ClusterGroup', 'Remove-ClusterGroup', 'Test-Cluster',
    # Network (PowerShell 2.0 shape)
    'Test-Connection',
    # Target adapter (the real target implements these differently)
    'Resolve-ExhaHostName', 'Resolve-ExhaAddress', 'Invoke-ExhaCluster', 'Get-ExhaComputerObject',
    'Test-ExhaComputerObjectCreation', 'Remove-ExhaDnsRecord', 'Remove-ExhaComputerObject',
    'Get-ExhaSetupWatermark', 'Test-ExhaWitness',
    # Lab-only control
    'Use-LabState', 'Reset-Lab', 'Get-LabState', 'Get-LabTimeline', 'Set-LabDelay', 'Set-LabNodeState',
    'Set-LabFault', 'Clear-LabFault', 'Add-LabAnsweringAddress', 'Remove-LabAnsweringAddress',
    'Add-LabDnsRecord', 'Set-LabDatabaseCopy', 'Set-LabDatabase', 'Set-LabWitness', 'Set-LabActiveDirectory',
    'Add-LabComputerObject', 'Set-LabExchangeServer'
)
