// Version facts come from /work/shared/reference/cmdlets.md section 4 and the PowerShell docs it cites.
// All keys are lower-case: PowerShell resolves command and parameter names case-insensitively.

export interface NewCommand {
  since: string;
  instead: string;
}

const cim = (instead: string): NewCommand => ({ since: 'PowerShell 3.0', instead });
const server2012 = (instead: string): NewCommand => ({
  since: 'a Windows Server 2012 module (absent on 2008 R2)',
  instead,
});

export const newCommands: ReadonlyMap<string, NewCommand> = new Map<string, NewCommand>([
  [
    'convertto-json',
    { since: 'PowerShell 3.0', instead: 'emit CSV (ConvertTo-Csv), CLIXML (Export-Clixml) or a small hand-written JSON serializer' },
  ],
  ['convertfrom-json', { since: 'PowerShell 3.0', instead: 'exchange data as CSV or CLIXML (Import-Clixml)' }],
  ['invoke-webrequest', { since: 'PowerShell 3.0', instead: 'use New-Object System.Net.WebClient (DownloadString/UploadString)' }],
  ['invoke-restmethod', { since: 'PowerShell 3.0', instead: 'use New-Object System.Net.WebClient and parse the reply yourself' }],
  ['get-ciminstance', cim('use Get-WmiObject')],
  ['get-cimclass', cim('use Get-WmiObject -List')],
  ['get-cimassociatedinstance', cim('use Get-WmiObject with an ASSOCIATORS OF query')],
  ['invoke-cimmethod', cim('use Invoke-WmiMethod or ([wmi]$path).Method()')],
  ['new-ciminstance', cim('use Set-WmiInstance / ([wmiclass]$class).CreateInstance()')],
  ['set-ciminstance', cim('use Set-WmiInstance or $wmiObject.Put()')],
  ['remove-ciminstance', cim('use Remove-WmiObject')],
  ['new-cimsession', cim('use Get-WmiObject -ComputerName (or New-PSSession)')],
  ['get-cimsession', cim('use Get-WmiObject -ComputerName')],
  ['remove-cimsession', cim('use Get-WmiObject -ComputerName')],
  ['new-cimsessionoption', cim('use Get-WmiObject -ComputerName')],
  ['register-cimindicationevent', cim('use Register-WmiEvent')],
  ['unblock-file', { since: 'PowerShell 3.0', instead: 'remove the Zone.Identifier stream another way, or ship files unblocked' }],
  ['rename-computer', { since: 'PowerShell 3.0', instead: 'use (Get-WmiObject Win32_ComputerSystem).Rename($name)' }],
  ['get-typedata', { since: 'PowerShell 3.0', instead: 'use Update-TypeData with a .ps1xml file' }],
  ['connect-pssession', { since: 'PowerShell 3.0', instead: 'use New-PSSession and keep the session open' }],
  ['disconnect-pssession', { since: 'PowerShell 3.0', instead: 'use New-PSSession and keep the session open' }],
  ['receive-pssession', { since: 'PowerShell 3.0', instead: 'use Invoke-Command -Session' }],
  ['register-scheduledjob', { since: 'PowerShell 3.0', instead: 'use schtasks.exe' }],
  ['new-jobtrigger', { since: 'PowerShell 3.0', instead: 'use schtasks.exe' }],
  ['get-filehash', { since: 'PowerShell 4.0', instead: 'use [System.Security.Cryptography.SHA256]::Create().ComputeHash($stream)' }],
  ['new-guid', { since: 'PowerShell 5.0', instead: 'use [guid]::NewGuid()' }],
  ['get-itempropertyvalue', { since: 'PowerShell 5.0', instead: 'use (Get-ItemProperty -Path $p -Name $n).$n' }],
  ['write-information', { since: 'PowerShell 5.0', instead: 'use Write-Verbose or Write-Host' }],
  ['new-temporaryfile', { since: 'PowerShell 5.0', instead: 'use [System.IO.Path]::GetTempFileName()' }],
  ['compress-archive', { since: 'PowerShell 5.0', instead: 'use the Shell.Application COM object or a bundled zip tool' }],
  ['expand-archive', { since: 'PowerShell 5.0', instead: 'use the Shell.Application COM object or a bundled zip tool' }],
  ['get-clipboard', { since: 'PowerShell 5.0', instead: 'use [System.Windows.Forms.Clipboard] in an STA runspace' }],
  ['set-clipboard', { since: 'PowerShell 5.0', instead: 'use clip.exe' }],
  ['get-computerinfo', { since: 'PowerShell 5.1', instead: 'use Get-WmiObject Win32_ComputerSystem / Win32_OperatingSystem' }],
  ['get-timezone', { since: 'PowerShell 5.1', instead: 'use [System.TimeZoneInfo]::Local' }],
  ['format-hex', { since: 'PowerShell 5.0', instead: 'use [System.BitConverter]::ToString($bytes)' }],
  ['convertfrom-string', { since: 'PowerShell 5.0', instead: 'use -split / -match with a regex' }],
  ['test-netconnection', server2012('use Test-Connection, or New-Object System.Net.Sockets.TcpClient for a port')],
  ['resolve-dnsname', server2012('use [System.Net.Dns]::GetHostAddresses($name) or nslookup.exe')],
  ['get-netipaddress', server2012('use Get-WmiObject Win32_NetworkAdapterConfiguration')],
  ['new-netipaddress', server2012('use netsh.exe interface ipv4 add address')],
  ['get-netadapter', server2012('use Get-WmiObject Win32_NetworkAdapter')],
  ['get-smbshare', server2012('use Get-WmiObject Win32_Share')],
  ['install-windowsfeature', server2012('use Import-Module ServerManager; Add-WindowsFeature')],
  ['uninstall-windowsfeature', server2012('use Import-Module ServerManager; Remove-WindowsFeature')],
]);

/** Aliases that PowerShell 2.0 or later define for the commands the rules look at. */
export const commandAliases: ReadonlyMap<string, string> = new Map([
  ['%', 'foreach-object'],
  ['foreach', 'foreach-object'],
  ['?', 'where-object'],
  ['where', 'where-object'],
  ['gci', 'get-childitem'],
  ['ls', 'get-childitem'],
  ['dir', 'get-childitem'],
  ['epcsv', 'export-csv'],
  ['gc', 'get-content'],
  ['cat', 'get-content'],
  ['type', 'get-content'],
  ['select', 'select-object'],
  ['sc', 'set-content'],
  ['ac', 'add-content'],
  ['tee', 'tee-object'],
  ['ipmo', 'import-module'],
  ['measure', 'measure-object'],
  ['iwr', 'invoke-webrequest'],
  ['irm', 'invoke-restmethod'],
  ['gcim', 'get-ciminstance'],
  ['icim', 'invoke-cimmethod'],
  ['ncim', 'new-ciminstance'],
  ['scim', 'set-ciminstance'],
  ['rcim', 'remove-ciminstance'],
  ['gcls', 'get-cimclass'],
  ['ncms', 'new-cimsession'],
  ['gcms', 'get-cimsession'],
  ['rcms', 'remove-cimsession'],
  ['gin', 'get-computerinfo'],
  ['gtz', 'get-timezone'],
  ['gcb', 'get-clipboard'],
  ['scb', 'set-clipboard'],
  ['fhx', 'format-hex'],
  ['gpv', 'get-itempropertyvalue'],
]);

export interface NewParameter {
  /** Full parameter name and its aliases, lower-case, without the dash. */
  names: readonly string[];
  since: string;
  instead: string;
}

const p3 = (names: readonly string[], instead: string): NewParameter => ({ names, since: 'PowerShell 3.0', instead });
const p5 = (names: readonly string[], instead: string): NewParameter => ({ names, since: 'PowerShell 5.0', instead });

const noteProperty = 'use Add-Member -MemberType NoteProperty -Name $n -Value $v (one call per property)';
const noNewline = 'build the whole text first and write it with [System.IO.File]::WriteAllText($path, $text)';

export const newParameters: ReadonlyMap<string, readonly NewParameter[]> = new Map<string, readonly NewParameter[]>([
  [
    'add-member',
    [
      p3(['notepropertyname'], noteProperty),
      p3(['notepropertyvalue'], noteProperty),
      p3(['notepropertymembers'], noteProperty),
      p3(['typename'], "use $obj.PSObject.TypeNames.Insert(0, 'My.Type')"),
    ],
  ],
  ['export-csv', [p3(['append'], 'collect all rows first and export once, or ConvertTo-Csv | Select-Object -Skip 1 | Add-Content')]],
  ['tee-object', [p3(['append'], 'use Add-Content in a ForEach-Object block')]],
  [
    'get-childitem',
    [
      p3(['file', 'af'], 'filter with Where-Object { -not $_.PSIsContainer }'),
      p3(['directory', 'ad', 'd'], 'filter with Where-Object { $_.PSIsContainer }'),
      p3(['hidden', 'ah', 'h'], 'use -Force and filter on $_.Attributes'),
      p3(['readonly', 'ar'], 'filter on $_.Attributes'),
      p3(['system', 'as'], 'filter on $_.Attributes'),
      p3(['attributes'], 'filter on $_.Attributes'),
      p5(['depth'], 'recurse yourself or filter on the path depth'),
    ],
  ],
  [
    'get-content',
    [
      p3(['raw'], 'use [System.IO.File]::ReadAllText($path) or (Get-Content $path) -join "`n"'),
      p3(['tail'], 'use Get-Content $path | Select-Object -Last $n'),
    ],
  ],
  [
    'select-object',
    [p3(['wait'], 'drop -Wait (2.0 always reads the whole input)'), p5(['skiplast'], 'index the array: $a[0..($a.Count - $n - 1)]')],
  ],
  ['out-file', [p5(['nonewline'], noNewline)]],
  ['set-content', [p5(['nonewline'], noNewline)]],
  ['add-content', [p5(['nonewline'], noNewline)]],
]);

/** Common parameters added after 2.0; they apply to every cmdlet and advanced function. */
export const newCommonParameters: readonly NewParameter[] = [
  { names: ['pipelinevariable', 'pv'], since: 'PowerShell 4.0', instead: 'assign $_ to a variable inside ForEach-Object' },
  p5(['informationaction', 'infa'], 'use -Verbose / -WarningAction'),
  p5(['informationvariable', 'iv'], 'use -OutVariable / -WarningVariable'),
];

const commonParameters = [
  'verbose',
  'vb',
  'debug',
  'db',
  'erroraction',
  'ea',
  'warningaction',
  'wa',
  'errorvariable',
  'ev',
  'warningvariable',
  'wv',
  'outvariable',
  'ov',
  'outbuffer',
  'ob',
];

/** What Where-Object and ForEach-Object accept on 2.0; anything else is the 3.0 simplified syntax. */
export const ps2ScriptBlockParameters: ReadonlyMap<string, readonly string[]> = new Map([
  ['where-object', ['filterscript', 'inputobject', ...commonParameters]],
  ['foreach-object', ['process', 'begin', 'end', 'inputobject', ...commonParameters]],
]);

/**
 * Commands whose output is one object, so a property on `(cmd).Prop` is a plain property, not
 * member enumeration. Get-Item/Get-ItemProperty are here because their usual use is one literal path;
 * a wildcard path defeats that and is a known miss.
 */
export const singleObjectCommands: ReadonlySet<string> = new Set([
  'get-date',
  'get-location',
  'gl',
  'pwd',
  'get-host',
  'new-object',
  'get-credential',
  'read-host',
  'measure-object',
  'measure-command',
  'get-culture',
  'get-uiculture',
  'new-timespan',
  'join-path',
  'out-string',
  'get-item',
  'gi',
  'get-itemproperty',
  'gp',
  'new-pssession',
  'get-random',
]);

/** `.Count`/`.Length` that are real properties of the one object these commands return. */
export const ownCountProperties: ReadonlyMap<string, readonly string[]> = new Map([
  ['measure-object', ['count']],
  ['out-string', ['length']],
  ['get-item', ['length']],
  ['gi', ['length']],
]);

/** Members a .NET array has itself; anything else on `@(...)` is member enumeration. */
export const arrayMembers: ReadonlySet<string> = new Set([
  'count',
  'length',
  'longlength',
  'rank',
  'isfixedsize',
  'isreadonly',
  'issynchronized',
  'syncroot',
]);

/** Modules that 2.0 does not load on first use, keyed by a test on the command name. */
export const explicitModules: readonly { module: string; matches: (command: string) => boolean; instead: string }[] = [
  {
    module: 'failoverclusters',
    matches: (c) => /^[a-z]+-cluster/.test(c),
    instead: 'add Import-Module FailoverClusters before the first cluster cmdlet',
  },
  {
    module: 'servermanager',
    matches: (c) => c === 'get-windowsfeature' || c === 'add-windowsfeature' || c === 'remove-windowsfeature',
    instead: 'add Import-Module ServerManager before the first *-WindowsFeature cmdlet',
  },
];
