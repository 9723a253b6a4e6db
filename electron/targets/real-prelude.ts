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

# Opens one of the wizard's sessions: Exchange remote PowerShell to a server's /PowerShell endpoint, or a
# session on a cluster node. Other credentials arrive as a SecureString from the window or the CLI
# prompt, for this call only; nothing keeps them.
function global:New-ExhaSession {
    param([Parameter(Mandatory = $true)][ValidateSet('Exchange', 'Cluster')][string]$Kind, [Parameter(Mandatory = $true)][string]$Server, [string]$UserName, [System.Security.SecureString]$Password)
    if ($Kind -eq 'Exchange') { $arguments = @{ ConfigurationName = 'Microsoft.Exchange'; ConnectionUri = "http://$Server/PowerShell/"; Authentication = 'Kerberos' } }
    else { $arguments = @{ ComputerName = $Server } }
    if ($UserName) { $arguments.Credential = New-Object System.Management.Automation.PSCredential($UserName, $Password) }
    New-PSSession @arguments
}

$global:ExhaExchangeSession = New-ExhaSession Exchange $ExchangeServer $UserName $Password
$global:ExhaClusterSession = New-ExhaSession Cluster $ClusterNode $UserName $Password
`;

/**
 * The failover test's background probe (contract: lab/README.md), in a runspace of the wizard's own
 * PowerShell on the workstation: every IntervalMs each name is pinged and, where a firewall drops ping,
 * WinRM's TCP 5985 is tried, both bounded by the interval, so a silent node costs one interval, never a
 * timeout. Names are resolved once at the start: a DNS lookup per probe could itself take longer than one.
 */
const PROBE_ADAPTERS = ps`
$global:ExhaProbe = $null

function global:Start-ExhaProbe {
    param([Parameter(Mandatory = $true)][string[]]$Name, [int]$IntervalMs = 250)
    Stop-ExhaProbe
    $targets = @{}
    foreach ($n in $Name) {
        $address = @([System.Net.Dns]::GetHostAddresses($n) | Where-Object { $_.AddressFamily -eq 'InterNetwork' })[0]
        if (-not $address) { throw ('The probe cannot resolve ' + $n + '.') }
        $targets[$n] = $address
    }
    $queue = New-Object 'System.Collections.Concurrent.ConcurrentQueue[object]'
    $control = [hashtable]::Synchronized(@{ Stop = $false; Probes = 0; LastAt = $null; Error = $null })
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    [void]$ps.AddScript({
        param($Targets, $IntervalMs, $Queue, $Control)
        $last = @{}
        while (-not $Control.Stop) {
            $tick = [DateTime]::UtcNow
            $deadline = $tick.AddMilliseconds($IntervalMs)
            try {
                $tries = @{}
                foreach ($n in $Targets.Keys) {
                    $ping = New-Object System.Net.NetworkInformation.Ping
                    $tcp = New-Object System.Net.Sockets.TcpClient
                    $tries[$n] = @($ping, $ping.SendPingAsync($Targets[$n], $IntervalMs), $tcp, $tcp.ConnectAsync($Targets[$n], 5985))
                }
                foreach ($n in $Targets.Keys) {
                    $t = $tries[$n]
                    $ok = $false
                    foreach ($i in 1, 3) {
                        $left = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
                        try {
                            if ($t[$i].Wait($left)) {
                                if ($i -eq 1) { $ok = $t[1].Result.Status -eq 'Success' } else { $ok = $t[2].Connected }
                            }
                        } catch { }
                        if ($ok) { break }
                    }
                    $t[0].Dispose()
                    $t[2].Close()
                    if (-not $last.ContainsKey($n) -or $last[$n] -ne $ok) {
                        $last[$n] = $ok
                        $Queue.Enqueue(@{ Name = $n; Answering = $ok; At = $tick.ToString('yyyy-MM-ddTHH:mm:ss.fffZ') })
                    }
                }
                $Control.Probes = [int]$Control.Probes + 1
                $Control.LastAt = $tick.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
            } catch { $Control.Error = [string]$_ }
            $wait = ($deadline - [DateTime]::UtcNow).TotalMilliseconds
            if ($wait -gt 0) { Start-Sleep -Milliseconds ([int]$wait) }
        }
    }).AddArgument($targets).AddArgument($IntervalMs).AddArgument($queue).AddArgument($control)
    $global:ExhaProbe = @{ PowerShell = $ps; Runspace = $runspace; Handle = $ps.BeginInvoke(); Queue = $queue; Control = $control }
}

function global:Receive-ExhaProbe {
    $p = $global:ExhaProbe
    if ($null -eq $p) { throw 'No probe is running: call Start-ExhaProbe first.' }
    if ($p.Control.Error) { throw ('The probe failed: ' + $p.Control.Error) }
    if ($p.Handle.IsCompleted) { throw 'The probe stopped.' }
    $changes = New-Object System.Collections.ArrayList
    $item = $null
    while ($p.Queue.TryDequeue([ref]$item)) {
        [void]$changes.Add((New-Object PSObject -Property @{ Name = [string]$item.Name; Answering = [bool]$item.Answering; At = [string]$item.At }))
    }
    New-Object PSObject -Property @{ Probes = [int]$p.Control.Probes; LastAt = [string]$p.Control.LastAt; Changes = @($changes.ToArray()) }
}

function global:Stop-ExhaProbe {
    $p = $global:ExhaProbe
    if ($null -eq $p) { return }
    $global:ExhaProbe = $null
    $p.Control.Stop = $true
    try { [void]$p.PowerShell.EndInvoke($p.Handle) } catch { }
    $p.PowerShell.Dispose()
    $p.Runspace.Dispose()
}
`;

export const REAL_PRELUDE = OPEN_REAL_SESSIONS + '\n\n' + SESSION_PRELUDE + '\n\n' + globalAdapters() + '\n\n' + PROBE_ADAPTERS + '\n';
