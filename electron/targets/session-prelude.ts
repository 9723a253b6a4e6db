// What both targets run once their two sessions are open: the lab runs this same text. Only the lines
// that open $global:ExhaExchangeSession and $global:ExhaClusterSession differ (real-prelude.ts, lab.ts).
import { ps } from '../powershell/script';

/** The Exchange cmdlets the step scripts use, imported by implicit remoting (and nothing else: RBAC). */
export const EXCHANGE_COMMANDS = [
  'Get-ExchangeServer',
  'Get-ADSite',
  'Get-DatabaseAvailabilityGroup',
  'Get-MailboxServer',
  'Get-MailboxDatabase',
  'Set-MailboxDatabase',
  'Get-MailboxDatabaseCopyStatus',
  'Move-ActiveMailboxDatabase',
  'Test-ReplicationHealth',
  'Get-ClientAccessArray',
  'New-ClientAccessArray',
  'Set-ClientAccessArray',
  'Remove-ClientAccessArray',
  'Get-ClientAccessServer',
  'Get-OwaVirtualDirectory',
  'Test-MAPIConnectivity',
  'Test-OutlookConnectivity',
  'Test-OutlookWebServices',
  'Test-OwaConnectivity',
  'Test-Mailflow',
  'Get-Mailbox',
  'Get-MessageTrackingLog',
] as const;

/** Runs in the wizard's session after the opener; takes the command list as $ExchangeCommands. */
export const SESSION_PRELUDE = ps`
# Exchange: implicit remoting to the endpoint (cmdlets only; script blocks are refused there).
# Nothing is hidden: a command the endpoint does not give this admin (RBAC) or a broken session fails
# the import, and the error says which and why.
try {
    $imported = Import-PSSession $global:ExhaExchangeSession -CommandName $ExchangeCommands -DisableNameChecking -AllowClobber -ErrorAction Stop
} catch {
    throw ('Import-PSSession of the Exchange endpoint failed: ' + $_.Exception.Message + ' Check the session to the Exchange server and that the account is an Exchange administrator (RBAC).')
}
Import-Module $imported -Global -DisableNameChecking | Out-Null
$missing = @($ExchangeCommands | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) })
if ($missing.Count -gt 0) {
    throw ('The Exchange endpoint did not expose ' + ($missing -join ', ') + ': check that the account is an Exchange administrator (RBAC).')
}

# Cluster: a session on a node; no module auto-loading on PowerShell 2.0.
Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock { Import-Module FailoverClusters } | Out-Null

function global:Invoke-ExhaCluster {
    param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
    Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
}
`;
