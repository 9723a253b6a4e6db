// What both targets run once their two sessions are open: the lab runs this same text. Only the lines
// that open $global:ExhaExchangeSession and $global:ExhaClusterSession differ (real-prelude.ts, lab.ts).
import { ps } from '../powershell/script';

/** The wizard's two sessions, as Use-ExhaSession names them. */
export type SessionKind = 'Exchange' | 'Cluster';

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

/**
 * Runs in the wizard's session after the opener; takes the command list as $ExchangeCommands. It defines
 * Use-ExhaSession, which a move (targets/move.ts) calls again for a session reopened on another server.
 */
export const SESSION_PRELUDE = ps`
# Makes a session the wizard's Exchange or cluster session. Exchange: implicit remoting to the endpoint
# (cmdlets only; script blocks are refused there), the commands of a session it replaces removed first.
# Nothing is hidden: a command the endpoint does not give this admin (RBAC) or a broken session fails the
# import, and the error says which and why. Cluster: a session on a node; no module auto-loading on
# PowerShell 2.0.
function global:Use-ExhaSession {
    param([Parameter(Mandatory = $true)][ValidateSet('Exchange', 'Cluster')][string]$Kind, [Parameter(Mandatory = $true)]$Session, [string[]]$ExchangeCommands)
    if ($Kind -eq 'Cluster') {
        Invoke-Command -Session $Session -ScriptBlock { Import-Module FailoverClusters } | Out-Null
        $global:ExhaClusterSession = $Session
        return
    }
    if ($global:ExhaExchangeModule) { Remove-Module $global:ExhaExchangeModule -Force }
    $global:ExhaExchangeModule = $null
    try {
        $imported = Import-PSSession $Session -CommandName $ExchangeCommands -DisableNameChecking -AllowClobber -ErrorAction Stop
    } catch {
        throw ('Import-PSSession of the Exchange endpoint failed: ' + $_.Exception.Message + ' Check the session to the Exchange server and that the account is an Exchange administrator (RBAC).')
    }
    Import-Module $imported -Global -DisableNameChecking | Out-Null
    $missing = @($ExchangeCommands | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) })
    if ($missing.Count -gt 0) {
        throw ('The Exchange endpoint did not expose ' + ($missing -join ', ') + ': check that the account is an Exchange administrator (RBAC).')
    }
    $global:ExhaExchangeModule = $imported
    $global:ExhaExchangeSession = $Session
}

Use-ExhaSession Exchange $global:ExhaExchangeSession $ExchangeCommands
Use-ExhaSession Cluster $global:ExhaClusterSession

function global:Invoke-ExhaCluster {
    param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
    Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
}
`;
