// The adapter functions the catalogue's scripts call, for the standalone .ps1 running in the Exchange
// Management Shell on a DAG member (PowerShell 2.0). Each is defined only when missing, so a host that
// already has them (the lab, the wizard's engine) keeps its own. Adapted from electron/targets/real-prelude.ts:
// here the cluster is local, so Invoke-ExhaCluster runs the block in this session.
import { ps } from '../procedure/script';

export const PS1_ADAPTERS = ps`
    if (-not (Get-Command Invoke-ExhaCluster -ErrorAction SilentlyContinue)) {
        Import-Module FailoverClusters
        function Invoke-ExhaCluster {
            param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
            & $ScriptBlock @ArgumentList
        }
    }

    if (-not (Get-Command Resolve-ExhaHostName -ErrorAction SilentlyContinue)) {
        function Resolve-ExhaHostName {
            param([Parameter(Mandatory = $true)][string]$Name)
            try { @([System.Net.Dns]::GetHostAddresses($Name) | Where-Object { $_.AddressFamily -eq 'InterNetwork' } | ForEach-Object { $_.IPAddressToString }) }
            catch [System.Net.Sockets.SocketException] { @() }
        }
    }

    if (-not (Get-Command Resolve-ExhaAddress -ErrorAction SilentlyContinue)) {
        function Resolve-ExhaAddress {
            param([Parameter(Mandatory = $true)][string]$Address)
            try { @([System.Net.Dns]::GetHostEntry($Address).HostName) | Where-Object { $_ -and $_ -ne $Address } }
            catch [System.Net.Sockets.SocketException] { @() }
        }
    }

    if (-not (Get-Command Get-ExhaComputerObject -ErrorAction SilentlyContinue)) {
        function Get-ExhaComputerObject {
            param([Parameter(Mandatory = $true)][string]$Name)
            $searcher = New-Object System.DirectoryServices.DirectorySearcher
            # The name is NetBIOS-validated (letters, digits, hyphens) by the param checks below; no LDAP escaping is needed.
            $searcher.Filter = '(&(objectCategory=computer)(sAMAccountName=' + $Name + '$))'
            $found = $searcher.FindOne()
            if (-not $found) { return $null }
            $uac = [int]$found.Properties['useraccountcontrol'][0]
            New-Object PSObject -Property @{ Name = [string]$found.Properties['name'][0]; Enabled = -not ($uac -band 2); DistinguishedName = [string]$found.Properties['distinguishedname'][0] }
        }
    }

    if (-not (Get-Command Test-ExhaComputerObjectCreation -ErrorAction SilentlyContinue)) {
        function Test-ExhaComputerObjectCreation {
            param([Parameter(Mandatory = $true)][string]$Name)
            $existing = Get-ExhaComputerObject -Name $Name
            if ($existing -and -not $existing.Enabled) { return New-Object PSObject -Property @{ Allowed = $true; Reason = 'A pre-staged, disabled computer account ' + $Name + ' exists for the cluster to take over.' } }
            $cno = Get-ExhaComputerObject -Name ([string](Invoke-ExhaCluster -ScriptBlock { Get-Cluster | ForEach-Object { $_.Name } }))
            if (-not $cno) { return New-Object PSObject -Property @{ Allowed = $false; Reason = 'The cluster name object was not found in AD.' } }
            $ou = ([ADSI]('LDAP://' + $cno.DistinguishedName)).Parent
            $acl = ([ADSI]$ou).ObjectSecurity.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])
            $cnoSid = New-Object System.Security.Principal.SecurityIdentifier(([ADSI]('LDAP://' + $cno.DistinguishedName)).objectSid[0], 0)
            $computerClass = [Guid]'bf967a86-0de6-11d0-a285-00aa003049e2'
            $allowed = @($acl | Where-Object {
                $_.IdentityReference -eq $cnoSid -and $_.AccessControlType -eq 'Allow' -and
                ($_.ActiveDirectoryRights -band [System.DirectoryServices.ActiveDirectoryRights]::CreateChild) -and
                ($_.ObjectType -eq $computerClass -or $_.ObjectType -eq [Guid]::Empty) }).Count -gt 0
            if ($allowed) { New-Object PSObject -Property @{ Allowed = $true; Reason = 'The cluster name object may create computer objects in ' + $ou + '.' } }
            else { New-Object PSObject -Property @{ Allowed = $false; Reason = 'The cluster name object has no Create Computer objects right on ' + $ou + '.' } }
        }
    }
`;
