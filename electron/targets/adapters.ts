// The adapter functions step scripts call on real servers, written once: the real target's prelude defines
// them globally in the wizard's session, and the report's standalone .ps1 defines them when missing (so the
// lab, which has its own, keeps them). Bodies are PowerShell 2.0 (they also run in the Exchange shell on 2008 R2).
import { ps } from '../powershell/script';

export const ADAPTER_BODIES: Readonly<Record<string, string>> = {
  'Resolve-ExhaHostName': ps`
    param([Parameter(Mandatory = $true)][string]$Name)
    try { @([System.Net.Dns]::GetHostAddresses($Name) | Where-Object { $_.AddressFamily -eq 'InterNetwork' } | ForEach-Object { $_.IPAddressToString }) }
    catch [System.Net.Sockets.SocketException] { @() }
  `,
  'Resolve-ExhaAddress': ps`
    param([Parameter(Mandatory = $true)][string]$Address)
    try { @([System.Net.Dns]::GetHostEntry($Address).HostName) | Where-Object { $_ -and $_ -ne $Address } }
    catch [System.Net.Sockets.SocketException] { @() }
  `,
  'Get-ExhaComputerObject': ps`
    param([Parameter(Mandatory = $true)][string]$Name)
    $searcher = New-Object System.DirectoryServices.DirectorySearcher
    # The name is NetBIOS-validated (letters, digits, hyphens) before any script runs; no LDAP escaping is needed.
    $searcher.Filter = '(&(objectCategory=computer)(sAMAccountName=' + $Name + '$))'
    $found = $searcher.FindOne()
    if (-not $found) { return $null }
    $uac = [int]$found.Properties['useraccountcontrol'][0]
    New-Object PSObject -Property @{ Name = [string]$found.Properties['name'][0]; Enabled = -not ($uac -band 2); DistinguishedName = [string]$found.Properties['distinguishedname'][0] }
  `,
  'Test-ExhaComputerObjectCreation': ps`
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
  `,
  'Remove-ExhaDnsRecord': ps`
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Address)
    $domain = [System.DirectoryServices.ActiveDirectory.Domain]::GetCurrentDomain()
    $fqdn = $Name + '.' + $domain.Name
    Get-WmiObject -Namespace 'root\MicrosoftDNS' -Class MicrosoftDNS_AType -ComputerName $domain.PdcRoleOwner.Name |
        Where-Object { $_.OwnerName -eq $fqdn -and $_.IPAddress -eq $Address } | ForEach-Object { $_.Delete() }
  `,
  'Remove-ExhaComputerObject': ps`
    param([Parameter(Mandatory = $true)][string]$Name)
    $object = Get-ExhaComputerObject -Name $Name
    if ($object) { ([ADSI]('LDAP://' + $object.DistinguishedName)).DeleteTree() }
  `,
  'Get-ExhaSetupWatermark': ps`
    param([Parameter(Mandatory = $true)][string]$Server)
    Invoke-Command -ComputerName $Server -ScriptBlock {
        param($Server)
        $marks = @(Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14' -ErrorAction SilentlyContinue | ForEach-Object { Get-ItemProperty $_.PSPath -ErrorAction SilentlyContinue } |
            Where-Object { $_.Watermark -or $_.Action })
        $first = @($marks)[0]
        New-Object PSObject -Property @{ Server = $Server; Watermark = $(if ($first) { [string]$first.Watermark } else { $null }); Action = $(if ($first) { [string]$first.Action } else { $null }) }
    } -ArgumentList $Server
  `,
  'Test-ExhaWitness': ps`
    param()
    $dag = @(Get-DatabaseAvailabilityGroup)[0]
    New-Object PSObject -Property @{
        WitnessServer = [string]$dag.WitnessServer; WitnessDirectory = [string]$dag.WitnessDirectory
        Reachable = [bool](Test-Connection -ComputerName ([string]$dag.WitnessServer) -Count 1 -Quiet)
    }
  `,
};

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

/** `function global:Name { ... }` for the wizard's own session. */
export function globalAdapters(): string {
  return Object.entries(ADAPTER_BODIES)
    .map(([name, body]) => `function global:${name} {\n${indent(body, '    ')}\n}`)
    .join('\n\n');
}

/** Each function defined only where the host has none (the standalone script run in the lab keeps the lab's). */
export function adaptersIfMissing(names: readonly string[] = Object.keys(ADAPTER_BODIES)): string {
  return names
    .map((name) => {
      const body = ADAPTER_BODIES[name];
      if (body === undefined) throw new Error(`no adapter named ${name}`);
      return `if (-not (Get-Command ${name} -ErrorAction SilentlyContinue)) {\n    function ${name} {\n${indent(body, '        ')}\n    }\n}`;
    })
    .join('\n\n');
}
