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
# A name the endpoint does not expose to this admin (RBAC) is simply not imported.
$importErrors = @()
$imported = Import-PSSession $global:ExhaExchangeSession -CommandName $ExchangeCommands -DisableNameChecking -AllowClobber -ErrorAction SilentlyContinue -ErrorVariable importErrors
if ($imported) { Import-Module $imported -Global -DisableNameChecking | Out-Null }
if (-not (Get-Command Get-MailboxDatabase -ErrorAction SilentlyContinue)) {
    # Say why: a broken session and a missing RBAC role need different fixes.
    $why = ''
    if ($importErrors.Count -gt 0) { $why = ' (' + [string]$importErrors[0] + ')' }
    throw ('The Exchange endpoint did not expose Get-MailboxDatabase' + $why + ': check the session to the Exchange server and that the account is an Exchange administrator (RBAC).')
}

# Cluster: a session on a node; no module auto-loading on PowerShell 2.0.
Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock { Import-Module FailoverClusters } | Out-Null

function global:Invoke-ExhaCluster {
    param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
    Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
}
`;
