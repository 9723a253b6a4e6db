// The real target's prelude text (kept in TypeScript so it is bundled with the app, never read from disk).
import { ps } from '../procedure/script';
import { globalAdapters } from './adapters';

export const REAL_PRELUDE = ps`
# The real target's prelude: runs once per engine session on the admin's workstation (Windows PowerShell 5.1).
# It connects Exchange by implicit remoting and a cluster node by a PSSession, then defines the adapter
# functions the step scripts call (the lab defines the same names). Whatever runs on the servers is
# PowerShell 2.0 syntax: Exchange 2010 and Windows Server 2008 R2 run PowerShell 2.0.
param([string]$ExchangeServer, [string]$ClusterNode, [string]$UserName, [System.Security.SecureString]$Password)

# Other credentials arrive as a SecureString from the window or the CLI prompt; nothing keeps them.
$credential = $null
if ($UserName) { $credential = New-Object System.Management.Automation.PSCredential($UserName, $Password) }

$exchangeArgs = @{ ConfigurationName = 'Microsoft.Exchange'; ConnectionUri = "http://$ExchangeServer/PowerShell/"; Authentication = 'Kerberos' }
if ($credential) { $exchangeArgs.Credential = $credential }
$global:ExhaExchangeSession = New-PSSession @exchangeArgs
$commands = @(
    'Get-ExchangeServer', 'Get-ADSite', 'Get-DatabaseAvailabilityGroup', 'Get-MailboxServer', 'Get-MailboxDatabase',
    'Set-MailboxDatabase', 'Get-MailboxDatabaseCopyStatus', 'Move-ActiveMailboxDatabase', 'Test-ReplicationHealth',
    'Get-ClientAccessArray', 'New-ClientAccessArray', 'Set-ClientAccessArray', 'Remove-ClientAccessArray',
    'Get-ClientAccessServer', 'Get-OwaVirtualDirectory', 'Test-MAPIConnectivity', 'Test-OutlookConnectivity',
    'Test-OutlookWebServices', 'Test-OwaConnectivity', 'Test-Mailflow')
Import-Module (Import-PSSession $global:ExhaExchangeSession -CommandName $commands -DisableNameChecking -AllowClobber) -Global -DisableNameChecking | Out-Null

$clusterArgs = @{ ComputerName = $ClusterNode }
if ($credential) { $clusterArgs.Credential = $credential }
$global:ExhaClusterSession = New-PSSession @clusterArgs
Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock { Import-Module FailoverClusters } | Out-Null

function global:Invoke-ExhaCluster {
    param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
    Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
}
` + '\n\n' + globalAdapters() + '\n';
