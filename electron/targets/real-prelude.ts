// The real target's prelude text (kept in TypeScript so it is bundled with the app, never read from disk).
import { ps } from '../powershell/script';
import { globalAdapters } from './adapters';
import { SESSION_PRELUDE } from './session-prelude';

/** Opens the two sessions on real servers: the only lines the lab's prelude does differently. */
const OPEN_REAL_SESSIONS = ps`
# The real target's prelude: runs once per engine session on the admin's workstation (Windows PowerShell 5.1).
# It connects Exchange by implicit remoting and a cluster node by a PSSession, then defines the adapter
# functions the step scripts call. Whatever runs on the servers is PowerShell 2.0 syntax: Exchange 2010
# and Windows Server 2008 R2 run PowerShell 2.0.
param([string]$ExchangeServer, [string]$ClusterNode, [string]$UserName, [System.Security.SecureString]$Password, [string[]]$ExchangeCommands)

# Other credentials arrive as a SecureString from the window or the CLI prompt; nothing keeps them.
$credential = $null
if ($UserName) { $credential = New-Object System.Management.Automation.PSCredential($UserName, $Password) }

$exchangeArgs = @{ ConfigurationName = 'Microsoft.Exchange'; ConnectionUri = "http://$ExchangeServer/PowerShell/"; Authentication = 'Kerberos' }
if ($credential) { $exchangeArgs.Credential = $credential }
$global:ExhaExchangeSession = New-PSSession @exchangeArgs

$clusterArgs = @{ ComputerName = $ClusterNode }
if ($credential) { $clusterArgs.Credential = $credential }
$global:ExhaClusterSession = New-PSSession @clusterArgs
`;

export const REAL_PRELUDE = OPEN_REAL_SESSIONS + '\n\n' + SESSION_PRELUDE + '\n\n' + globalAdapters() + '\n';
