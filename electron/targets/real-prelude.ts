// The real target's prelude text (kept in TypeScript so it is bundled with the app, never read from disk).
import { ps } from '../procedure/script';

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
$global:ExhaDomainController = ([System.DirectoryServices.ActiveDirectory.Domain]::GetCurrentDomain()).PdcRoleOwner.Name

function global:Invoke-ExhaCluster {
    param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
    Invoke-Command -Session $global:ExhaClusterSession -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
}

function global:Resolve-ExhaHostName {
    param([Parameter(Mandatory = $true)][string]$Name)
    try { @([System.Net.Dns]::GetHostAddresses($Name) | Where-Object { $_.AddressFamily -eq 'InterNetwork' } | ForEach-Object { $_.IPAddressToString }) }
    catch [System.Net.Sockets.SocketException] { @() }
}

function global:Resolve-ExhaAddress {
    param([Parameter(Mandatory = $true)][string]$Address)
    try { @([System.Net.Dns]::GetHostEntry($Address).HostName) | Where-Object { $_ -and $_ -ne $Address } }
    catch [System.Net.Sockets.SocketException] { @() }
}

function global:Get-ExhaComputerObject {
    param([Parameter(Mandatory = $true)][string]$Name)
    $searcher = New-Object System.DirectoryServices.DirectorySearcher
    # The name is NetBIOS-validated (letters, digits, hyphens) before any script runs; no LDAP filter escaping is needed.
    $searcher.Filter = "(&(objectCategory=computer)(sAMAccountName=$Name\`$))"
    $found = $searcher.FindOne()
    if (-not $found) { return $null }
    $uac = [int]$found.Properties['useraccountcontrol'][0]
    New-Object PSObject -Property @{ Name = [string]$found.Properties['name'][0]; Enabled = -not ($uac -band 2); DistinguishedName = [string]$found.Properties['distinguishedname'][0] }
}

function global:Test-ExhaComputerObjectCreation {
    param([Parameter(Mandatory = $true)][string]$Name)
    $existing = Get-ExhaComputerObject -Name $Name
    if ($existing -and -not $existing.Enabled) { return New-Object PSObject -Property @{ Allowed = $true; Reason = "A pre-staged, disabled computer account $Name exists for the cluster to take over." } }
    $cno = Get-ExhaComputerObject -Name ((Invoke-ExhaCluster -ScriptBlock { (Get-Cluster).Name }))
    if (-not $cno) { return New-Object PSObject -Property @{ Allowed = $false; Reason = 'The cluster name object was not found in AD.' } }
    $ou = ([ADSI]('LDAP://' + $cno.DistinguishedName)).Parent
    $acl = ([ADSI]$ou).ObjectSecurity.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])
    $cnoSid = New-Object System.Security.Principal.SecurityIdentifier(([ADSI]('LDAP://' + $cno.DistinguishedName)).objectSid[0], 0)
    $computerClass = [Guid]'bf967a86-0de6-11d0-a285-00aa003049e2'
    $allowed = @($acl | Where-Object {
        $_.IdentityReference -eq $cnoSid -and $_.AccessControlType -eq 'Allow' -and
        ($_.ActiveDirectoryRights -band [System.DirectoryServices.ActiveDirectoryRights]::CreateChild) -and
        ($_.ObjectType -eq $computerClass -or $_.ObjectType -eq [Guid]::Empty) }).Count -gt 0
    if ($allowed) { New-Object PSObject -Property @{ Allowed = $true; Reason = "The cluster name object may create computer objects in $ou." } }
    else { New-Object PSObject -Property @{ Allowed = $false; Reason = "The cluster name object has no 'Create Computer objects' right on $ou." } }
}

function global:Remove-ExhaDnsRecord {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Address)
    $fqdn = $Name + '.' + ([System.DirectoryServices.ActiveDirectory.Domain]::GetCurrentDomain()).Name
    Get-WmiObject -Namespace 'root\MicrosoftDNS' -Class MicrosoftDNS_AType -ComputerName $global:ExhaDomainController |
        Where-Object { $_.OwnerName -eq $fqdn -and $_.IPAddress -eq $Address } | ForEach-Object { $_.Delete() }
}

function global:Remove-ExhaComputerObject {
    param([Parameter(Mandatory = $true)][string]$Name)
    $object = Get-ExhaComputerObject -Name $Name
    if ($object) { ([ADSI]('LDAP://' + $object.DistinguishedName)).DeleteTree() }
}

function global:Get-ExhaSetupWatermark {
    param([Parameter(Mandatory = $true)][string]$Server)
    Invoke-Command -ComputerName $Server -ScriptBlock {
        param($Server)
        $marks = @(Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14' -ErrorAction SilentlyContinue | ForEach-Object { Get-ItemProperty $_.PSPath -ErrorAction SilentlyContinue } |
            Where-Object { $_.Watermark -or $_.Action })
        $first = @($marks)[0]
        New-Object PSObject -Property @{ Server = $Server; Watermark = $(if ($first) { [string]$first.Watermark } else { $null }); Action = $(if ($first) { [string]$first.Action } else { $null }) }
    } -ArgumentList $Server
}

function global:Test-ExhaWitness {
    $dag = @(Get-DatabaseAvailabilityGroup)[0]
    New-Object PSObject -Property @{
        WitnessServer = [string]$dag.WitnessServer; WitnessDirectory = [string]$dag.WitnessDirectory
        Reachable = [bool](Test-Connection -ComputerName ([string]$dag.WitnessServer) -Count 1 -Quiet)
    }
}
`;
