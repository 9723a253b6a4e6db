# State: one JSON file. Read at the start of every command, written atomically (temp file in the same
# folder, then replaced over), serialized with sorted keys so that equal states give equal files.
# In memory the state is hashtables and ArrayLists (PS 5.1 has no ConvertFrom-Json -AsHashtable).

$script:LabStatePath = $null
$script:LabSeedPath = $null
$script:LabDefaultSeed = Join-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'seeds') 'default.json'
$script:LabJsonDateKind = (Get-Command ConvertFrom-Json).Parameters.ContainsKey('DateKind')
$script:LabInvariant = [System.Globalization.CultureInfo]::InvariantCulture

function ConvertTo-LabJson {
    # The state file's text (sorted keys, stable format): LabData.ToJson in Types.ps1, compiled, because
    # the script version took ~60 ms per save.
    param($Value)
    return [ExchangeLab.LabData]::ToJson($Value)
}

function Read-LabJsonFile {
    param([string]$Path)
    $text = $null
    for ($i = 0; $i -lt 20; $i++) {
        try { $text = [System.IO.File]::ReadAllText($Path); break }
        catch [System.IO.IOException] { if ($i -eq 19) { throw }; Start-Sleep -Milliseconds 25 }
    }
    if ($script:LabJsonDateKind) { $obj = ConvertFrom-Json -InputObject $text -DateKind String }
    else { $obj = ConvertFrom-Json -InputObject $text }
    return [ExchangeLab.LabData]::From($obj)
}

function Write-LabJsonFile {
    param([string]$Path, $Data)
    $text = (ConvertTo-LabJson $Data) + "`n"
    $full = [System.IO.Path]::GetFullPath($Path)
    if ([System.IO.File]::Exists($full)) {
        try { if ([System.IO.File]::ReadAllText($full) -eq $text) { return } } catch { }
    }
    $dir = [System.IO.Path]::GetDirectoryName($full)
    $tmp = Join-Path $dir ('.' + [System.IO.Path]::GetFileName($full) + '.' + [Guid]::NewGuid().ToString('N') + '.tmp')
    [System.IO.File]::WriteAllText($tmp, $text, (New-Object System.Text.UTF8Encoding $false))
    for ($i = 0; $i -lt 20; $i++) {
        try {
            if ([System.IO.File]::Exists($full)) { [System.IO.File]::Replace($tmp, $full, [NullString]::Value) }
            else { [System.IO.File]::Move($tmp, $full) }
            return
        } catch [System.IO.IOException] {
            if ($i -eq 19) { Remove-Item -LiteralPath $tmp -ErrorAction SilentlyContinue; throw }
            Start-Sleep -Milliseconds 25
        }
    }
}

function Assert-LabStateSet {
    if (-not $script:LabStatePath) {
        throw 'No lab state file is set. Run Use-LabState -Path <state.json> first.'
    }
}

# The state as it is now: read, then every scheduled event whose time has come is applied (Clock.ps1).
function Open-LabState {
    Assert-LabStateSet
    $st = Read-LabJsonFile $script:LabStatePath
    if (Invoke-LabDueEvents $st) { Save-LabState $st }
    return $st
}

function Save-LabState {
    param($State)
    Assert-LabStateSet
    Write-LabJsonFile $script:LabStatePath $State
}

# Small helpers used everywhere.
function New-LabList { return , (New-Object System.Collections.ArrayList) }

function Get-LabItems {
    # Always an array, whatever the JSON held (null, one item, many).
    param($Value)
    if ($null -eq $Value) { return @() }
    return @($Value)
}

function New-LabObject {
    # -Text: the object is built on an ExchangeLab.LabObject whose ToString() is that text (the name or
    # identity the real object formats as, also across a remoting boundary), and its type names are
    # exactly -TypeName (then System.Object), as the real object's; without it, a PSCustomObject.
    param([string]$TypeName, [System.Collections.IDictionary]$Properties, [string[]]$DefaultDisplay, [string]$Text)
    if ($PSBoundParameters.ContainsKey('Text')) {
        $o = New-Object PSObject -ArgumentList (New-Object ExchangeLab.LabObject -ArgumentList $Text)
        $o.PSObject.TypeNames.Clear()
        if ($TypeName) { $o.PSObject.TypeNames.Add($TypeName) }
        $o.PSObject.TypeNames.Add('System.Object')
        $TypeName = $null
    } else {
        $o = New-Object PSObject
    }
    # Straight onto the member collection: Add-Member per property made every object cost milliseconds.
    foreach ($k in $Properties.Keys) { $o.PSObject.Properties.Add([System.Management.Automation.PSNoteProperty]::new($k, $Properties[$k])) }
    if ($TypeName) { $o.PSObject.TypeNames.Insert(0, $TypeName) }
    if ($DefaultDisplay) {
        $set = New-Object System.Management.Automation.PSPropertySet('DefaultDisplayPropertySet', [string[]]$DefaultDisplay)
        $members = [System.Management.Automation.PSMemberInfo[]]@($set)
        Add-Member -InputObject $o -MemberType MemberSet -Name PSStandardMembers -Value $members
    }
    return $o
}

function Test-LabName {
    # Case-insensitive match of an identity against a value; '*' and '?' act as wildcards.
    param([string]$Pattern, [string]$Value)
    if ($null -eq $Value) { return $false }
    if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($Pattern)) {
        return ($Value -like $Pattern)
    }
    return [string]::Equals($Pattern, $Value, [StringComparison]::OrdinalIgnoreCase)
}

function Get-LabIdentityText {
    # Identity parameters accept strings or the objects a Get- command returned.
    param($Identity)
    if ($null -eq $Identity) { return $null }
    if ($Identity -is [string]) { return $Identity }
    # The lab's own objects and identity parameters format as their name or identity.
    $base = $Identity
    if ($Identity -is [psobject]) { $base = $Identity.PSObject.BaseObject }
    if ($base -is [ExchangeLab.LabObject] -or $base -is [Microsoft.Exchange.Configuration.Tasks.LabIdParameter]) { return [string]$Identity }
    if ($base -is [Microsoft.Exchange.Data.Directory.ADObjectId]) { return $base.Name }
    foreach ($p in @('Identity', 'Name')) {
        $prop = $Identity.PSObject.Properties[$p]
        if ($prop -and $null -ne $prop.Value) { return [string]$prop.Value }
    }
    return [string]$Identity
}

# A seed (a snapshot of someone's site, or written by hand) may leave out what only a running lab has:
# its delays, faults, pending events and timeline, and the lists a site can lack. They start empty here,
# so Use-LabState and Reset-Lab load any such seed.
function Complete-LabSeed {
    param($Seed)
    if ($null -eq $Seed['lab']) { $Seed['lab'] = @{} }
    $lab = $Seed['lab']
    if ($null -eq $lab['delays']) { $lab['delays'] = @{ nodeLossDetectionSeconds = 5; groupOnlineSeconds = 2; databaseMountSeconds = 8 } }
    foreach ($k in @('faults', 'pending', 'timeline')) { if ($null -eq $lab[$k]) { $lab[$k] = New-LabList } }
    foreach ($k in @('mailboxes', 'clientAccessArrays')) { if ($null -eq $Seed[$k]) { $Seed[$k] = New-LabList } }
    if ($null -eq $Seed['network']) { $Seed['network'] = @{} }
    if ($null -eq $Seed['network']['answering']) { $Seed['network']['answering'] = New-LabList }
    if ($null -eq $Seed['dns']) { $Seed['dns'] = @{} }
    if ($null -eq $Seed['dns']['records']) { $Seed['dns']['records'] = New-LabList }
    return $Seed
}
