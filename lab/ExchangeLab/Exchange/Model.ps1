# Exchange model: the Exchange 2010 SP3 objects as the server returns them (real type names, enums,
# ADObjectId identities, key/value pairs; a remoting boundary deserializes them), and lookups in the state.

$script:ExTypes = @{
    Server     = 'Microsoft.Exchange.Data.Directory.Management.ExchangeServer'
    Site       = 'Microsoft.Exchange.Data.Directory.Management.ADSite'
    Dag        = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseAvailabilityGroup'
    MbxServer  = 'Microsoft.Exchange.Data.Directory.Management.MailboxServer'
    Database   = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase'
    DbCopy     = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseCopy'
    CopyStatus = 'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseCopyStatusEntry'
    MoveResult = 'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseMoveResult'
    Array      = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ClientAccessArray'
    Cas        = 'Microsoft.Exchange.Data.Directory.Management.ClientAccessServer'
    OwaVdir    = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADOwaVirtualDirectory'
    Mailbox    = 'Microsoft.Exchange.Data.Directory.Management.Mailbox'
    ReplCheck  = 'Microsoft.Exchange.Management.SystemConfigurationTasks.ReplicationCheckOutcome'
    Mapi       = 'Microsoft.Exchange.Monitoring.TestMapiConnectivityResult'
    Txn        = 'Microsoft.Exchange.Monitoring.CasTransactionOutcome'
    Ows        = 'Microsoft.Exchange.Monitoring.TestOutlookWebServicesResult'
    Mailflow   = 'Microsoft.Exchange.Monitoring.TestMailflowResult'
    Health     = 'Microsoft.Exchange.Monitoring.TestServiceHealthResult'
}

# Each object's default table: the columns Exchange's format data shows. Used in this process (each
# object's default display) and by the Exchange endpoint, which serves it as format data to Import-PSSession.
$script:ExDisplay = [ordered]@{
    Server     = @('Name', 'Site', 'ServerRole', 'Edition', 'AdminDisplayVersion')
    Site       = @('Name', 'HubSiteEnabled')
    Dag        = @('Name', 'Servers', 'WitnessServer', 'OperationalServers')
    MbxServer  = @('Name', 'DatabaseAvailabilityGroup', 'AutoDatabaseMountDial', 'DatabaseCopyAutoActivationPolicy')
    Database   = @('Name', 'Server', 'Recovery', 'ReplicationType')
    DbCopy     = @('DatabaseName', 'HostServerName', 'ActivationPreference')
    CopyStatus = @('Name', 'Status', 'CopyQueueLength', 'ReplayQueueLength', 'LastInspectedLogTime', 'ContentIndexState')
    MoveResult = @('Identity', 'ActiveServerAtStart', 'ActiveServerAtEnd', 'Status', 'NumberOfLogsLost')
    Array      = @('Name', 'Site', 'Fqdn', 'Members')
    Cas        = @('Name', 'Fqdn', 'AutoDiscoverServiceInternalUri')
    OwaVdir    = @('Name', 'Server', 'InternalUrl')
    Mailbox    = @('Name', 'Alias', 'ServerName', 'Database')
    ReplCheck  = @('Server', 'Check', 'Result', 'Error')
}
# A database and its DatabaseCopies entries display by type data: an instance member set would hide the
# type's serialization method (Types.ps1: what crosses the wire).
Update-TypeData -TypeName $script:ExTypes.Database -DefaultDisplayPropertySet $script:ExDisplay.Database -Force -ErrorAction SilentlyContinue
Update-TypeData -TypeName $script:ExTypes.DbCopy -DefaultDisplayPropertySet $script:ExDisplay.DbCopy -Force -ErrorAction SilentlyContinue

$script:MountDial = @{ Lossless = 0; GoodAvailability = 6; BestAvailability = 12 }

# ---------------------------------------------------------------- lookups

function Get-LabExServer {
    param($State, [string]$Identity)
    foreach ($s in $State.exchangeServers) {
        if ((Test-LabName $Identity $s.name) -or (Test-LabName $Identity $s.fqdn)) { return $s }
    }
    return $null
}

function Find-LabExServers {
    param($State, [string]$Identity)
    if (-not $Identity) { return @($State.exchangeServers) }
    return @($State.exchangeServers | Where-Object { (Test-LabName $Identity $_.name) -or (Test-LabName $Identity $_.fqdn) })
}

function Find-LabDatabases {
    param($State, [string]$Identity)
    if (-not $Identity) { return @($State.databases) }
    return @($State.databases | Where-Object { (Test-LabName $Identity $_.name) -or $Identity -eq $_.guid })
}

function Get-LabSiteId {
    param($State, [string]$Site)
    return $State.domain.fqdn + '/Configuration/Sites/' + $Site
}

function Find-LabSite {
    param($State, [string]$Identity)
    foreach ($s in $State.adSites) {
        if ((Test-LabName $Identity $s.name) -or $Identity -eq $s.guid -or [string]::Equals($Identity, (Get-LabSiteId $State $s.name), [StringComparison]::OrdinalIgnoreCase)) { return $s }
    }
    return $null
}

function Find-LabArrays {
    # Identity forms: Name (a name with spaces cannot be used, as in Exchange 2010), FQDN, GUID, legacy DN.
    param($State, [string]$Identity)
    if (-not $Identity) { return @($State.clientAccessArrays) }
    if ($Identity.Contains(' ')) { return @() }
    return @($State.clientAccessArrays | Where-Object {
            (Test-LabName $Identity $_.name) -or (Test-LabName $Identity $_.fqdn) -or $Identity -eq $_.guid -or $Identity -eq $_.exchangeLegacyDN
        })
}

function Get-LabCopyStatus {
    # What Get-MailboxDatabaseCopyStatus shows for a copy now.
    param($State, $Database, $Copy)
    if (-not (Test-LabServerReachable $State $Copy.server)) { return 'ServiceDown' }
    if ([string]::Equals($Copy.server, $Database.activeServer, [StringComparison]::OrdinalIgnoreCase)) {
        if ($Database.mounted) { return 'Mounted' } else { return 'Dismounted' }
    }
    return $Copy.status
}

function Get-LabCopy {
    param($Database, [string]$Server)
    foreach ($c in $Database.copies) { if ([string]::Equals($c.server, $Server, [StringComparison]::OrdinalIgnoreCase)) { return $c } }
    return $null
}

function Test-LabDatabaseServing {
    # Clients can use the database: mounted on a reachable server.
    param($State, $Database)
    return ([bool]$Database.mounted -and (Test-LabServerReachable $State $Database.activeServer) -and $State.cluster.hasQuorum)
}

function Resolve-LabExServer {
    # The Exchange server a cmdlet argument names (-OrLocal: the local computer when it names none), or a
    # terminating not-found error through the calling cmdlet; -Reachable: also the monitoring cmdlets'
    # "Couldn't connect" error when the server cannot be reached.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, $Identity, [switch]$OrLocal, [switch]$Reachable)
    $sid = Get-LabIdentityText $Identity
    if ($OrLocal -and -not $sid) { $sid = Get-LabLocalComputer $State }
    $srv = Get-LabExServer $State $sid
    if ($null -eq $srv) { $Cmdlet.ThrowTerminatingError((New-ExchangeNotFound $Cmdlet $State $sid)) }
    if ($Reachable -and -not (Test-LabServerReachable $State $srv.name)) {
        $Cmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $Cmdlet -Kind 'ServerUnreachableException' -Category ConnectionError `
                    -Message "Couldn't connect to server '$($srv.fqdn)'. The RPC server is unavailable."))
    }
    return $srv
}

function Write-LabExNotFound {
    # A Get- cmdlet's identity that matched nothing: a not-found error, not terminating, through the calling
    # cmdlet (-UnlessWildcard: none for a wildcard pattern, as Get-ExchangeServer and Get-MailboxDatabase do).
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, [string]$Identity, $Found, [switch]$UnlessWildcard)
    if (-not $Identity -or @($Found).Count -gt 0) { return }
    if ($UnlessWildcard -and [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($Identity)) { return }
    $Cmdlet.WriteError((New-ExchangeNotFound $Cmdlet $State $Identity))
}

function Resolve-LabDatabases {
    # The databases an identity argument names, or a terminating not-found error through the calling cmdlet.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, $Identity)
    $id = Get-LabIdentityText $Identity
    $found = @(Find-LabDatabases $State $id)
    if ($found.Count -eq 0) { $Cmdlet.ThrowTerminatingError((New-ExchangeNotFound $Cmdlet $State $id)) }
    return $found
}

function Resolve-LabSite {
    # The AD site an argument names, or a terminating not-found error through the calling cmdlet.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, $Site)
    $sid = Get-LabIdentityText $Site
    $s = Find-LabSite $State $sid
    if ($null -eq $s) { $Cmdlet.ThrowTerminatingError((New-ExchangeNotFound $Cmdlet $State $sid)) }
    return $s
}

# ---------------------------------------------------------------- output objects

function Get-LabDomainDn {
    param($State)
    return (($State.domain.fqdn.Split('.') | ForEach-Object { 'DC=' + $_ }) -join ',')
}

function Get-LabAdminGroupDn {
    param($State)
    return 'CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,' + (Get-LabDomainDn $State)
}

function New-LabServerId {
    # The ADObjectId of an Exchange server (by name), as in Server, Servers, OperationalServers ...
    param($State, [string]$Name)
    if (-not $Name) { return $null }
    # One command builds dozens of these from one state read: made once per name and state (they are immutable).
    if (-not [object]::ReferenceEquals($script:LabServerIdState, $State)) {
        $script:LabServerIdState = $State
        $script:LabServerIds = @{}
    }
    $id = $script:LabServerIds[$Name]
    if ($null -ne $id) { return $id }
    $s = Get-LabExServer $State $Name
    if ($null -eq $s) { $id = New-LabId $Name ("CN=$Name,CN=Computers," + (Get-LabDomainDn $State)) $null }
    else { $id = New-LabId $s.name ("CN=$($s.name),CN=Servers," + (Get-LabAdminGroupDn $State)) $s.guid }
    $script:LabServerIds[$Name] = $id
    return $id
}

function New-LabSiteId {
    # -Canonical: formats as "domain/Configuration/Sites/Name" (Get-ExchangeServer's Site, Get-ADSite's Identity).
    param($State, [string]$Name, [switch]$Canonical)
    $site = Find-LabSite $State $Name
    $guid = $null
    if ($site) { $guid = $site.guid }
    $text = $null
    if ($Canonical) { $text = Get-LabSiteId $State $Name }
    return New-LabId $Name ("CN=$Name,CN=Sites,CN=Configuration," + (Get-LabDomainDn $State)) $guid $text
}

function New-LabDagId {
    param($State)
    return New-LabId $State.dag.name ("CN=$($State.dag.name),CN=Database Availability Groups," + (Get-LabAdminGroupDn $State)) $State.dag.guid
}

function New-LabDatabaseId {
    param($State, $Db)
    return New-LabId $Db.name ("CN=$($Db.name),CN=Databases," + (Get-LabAdminGroupDn $State)) $Db.guid
}

function New-LabPairs {
    # KeyValuePair<ADObjectId, TValue>[]: Exchange's ActivationPreference, ReplayLagTimes, TruncationLagTimes.
    param([string]$ValueType, [object[]]$Pairs)
    $type = [type]"System.Collections.Generic.KeyValuePair[Microsoft.Exchange.Data.Directory.ADObjectId,$ValueType]"
    $list = New-Object System.Collections.ArrayList
    foreach ($p in $Pairs) { [void]$list.Add($type::new($p[0], $p[1])) }
    return , ($list.ToArray($type))
}

function ConvertTo-LabExServerObject {
    param($State, $Server)
    $roles = @($Server.serverRole)
    $id = New-LabServerId $State $Server.name
    New-LabObject $script:ExTypes.Server ([ordered]@{
            Name                 = $Server.name
            Fqdn                 = $Server.fqdn
            Domain               = $State.domain.fqdn
            Site                 = (New-LabSiteId $State $Server.site -Canonical)
            ServerRole           = (ConvertTo-LabEnum ServerRole $roles)
            Edition              = $Server.edition
            AdminDisplayVersion  = $Server.adminDisplayVersion
            IsMailboxServer      = ($roles -contains 'Mailbox')
            IsClientAccessServer = ($roles -contains 'ClientAccess')
            IsHubTransportServer = ($roles -contains 'HubTransport')
            IsUnifiedMessagingServer = ($roles -contains 'UnifiedMessaging')
            IsEdgeServer         = ($roles -contains 'Edge')
            IsExchange2007OrLater = $true
            ExchangeVersion      = '0.1 (8.0.535.0)'
            OrganizationalUnit   = $State.domain.fqdn + '/' + $Server.name
            Identity             = $id
            DistinguishedName    = $id.DistinguishedName
            Guid                 = [Guid]$Server.guid
        }) $script:ExDisplay.Server -Text $Server.name
}

function Format-LabByteSize {
    # Exchange's ByteQuantifiedSize text: four significant digits in the largest unit, then the bytes
    # ("152.1 MB (159,498,240 bytes)"); what a workstation without the Exchange tools receives.
    param([long]$Bytes)
    $units = @('B', 'KB', 'MB', 'GB', 'TB')
    $value = [double]$Bytes; $unit = 0
    while ($value -ge 1024 -and $unit -lt $units.Count - 1) { $value = $value / 1024; $unit++ }
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    return $value.ToString('G4', $inv) + ' ' + $units[$unit] + ' (' + $Bytes.ToString('N0', $inv) + ' bytes)'
}

# A lagged copy (seed: copies[].replayLagTime, d.hh:mm:ss) shows its lag; other copies have none.
function Get-LabReplayLag {
    param($Copy)
    if ($Copy.replayLagTime) { return [TimeSpan]::Parse([string]$Copy.replayLagTime, [System.Globalization.CultureInfo]::InvariantCulture) }
    return [TimeSpan]::Zero
}

function ConvertTo-LabDatabaseObject {
    # Its default display is type data (above).
    param($State, $Db, [switch]$Status)
    $copies = @($Db.copies | Sort-Object { [int]$_.activationPreference })
    $mounted = $null; $backup = $null; $maint = $null; $mountedOn = $null; $size = $null
    if ($Status) {
        $mounted = (Test-LabDatabaseServing $State $Db); $backup = $false; $maint = $false
        $mountedOn = New-LabServerId $State $Db.activeServer
        # A seed may give sizeBytes; the write-up gives none, so the size of a small new database.
        $bytes = 159498240
        if ($null -ne $Db.sizeBytes) { $bytes = [long]$Db.sizeBytes }
        $size = Format-LabByteSize $bytes
    }
    $dbCopies = @(foreach ($c in $copies) {
            New-LabObject $script:ExTypes.DbCopy ([ordered]@{
                    DatabaseName         = $Db.name
                    HostServerName       = $c.server
                    ActivationPreference = [int]$c.activationPreference
                    ReplayLagTime        = (Get-LabReplayLag $c)
                    TruncationLagTime    = [TimeSpan]::Zero
                    Identity             = "$($Db.name)\$($c.server)"
                }) $null -Text "$($Db.name)\$($c.server)"
        })
    New-LabObject $script:ExTypes.Database ([ordered]@{
            Name                           = $Db.name
            Server                         = (New-LabServerId $State $Db.activeServer)
            Servers                        = [Microsoft.Exchange.Data.Directory.ADObjectId[]]@(foreach ($c in $copies) { New-LabServerId $State $c.server })
            MasterServerOrAvailabilityGroup = (New-LabDagId $State)
            MasterType                     = 'DatabaseAvailabilityGroup'
            DatabaseCopies                 = [object[]]$dbCopies
            ActivationPreference           = (New-LabPairs 'int' @(foreach ($c in $copies) { , @((New-LabServerId $State $c.server), [int]$c.activationPreference) }))
            ReplayLagTimes                 = (New-LabPairs 'TimeSpan' @(foreach ($c in $copies) { , @((New-LabServerId $State $c.server), (Get-LabReplayLag $c)) }))
            TruncationLagTimes             = (New-LabPairs 'TimeSpan' @(foreach ($c in $copies) { , @((New-LabServerId $State $c.server), [TimeSpan]::Zero) }))
            RpcClientAccessServer          = $Db.rpcClientAccessServer
            Recovery                       = $false
            ReplicationType                = 'Remote'
            Mounted                        = $mounted
            DatabaseSize                   = $size
            MountedOnServer                = $mountedOn
            BackupInProgress               = $backup
            OnlineMaintenanceInProgress    = $maint
            EdbFilePath                    = $Db.edbFilePath
            LogFolderPath                  = $Db.logFolderPath
            MountAtStartup                 = $true
            CircularLoggingEnabled         = $false
            IssueWarningQuota              = '1.899 GB (2,039,480,320 bytes)'
            Identity                       = (New-LabDatabaseId $State $Db)
            Guid                           = [Guid]$Db.guid
            ExchangeVersion                = '0.10 (14.0.100.0)'
        }) $null -Text $Db.name
}

function ConvertTo-LabCopyStatusObject {
    param($State, $Db, $Copy)
    $isActive = [string]::Equals($Copy.server, $Db.activeServer, [StringComparison]::OrdinalIgnoreCase)
    $status = Get-LabCopyStatus $State $Db $Copy
    $err = $null
    if ($status -eq 'ServiceDown') { $err = "The Microsoft Exchange Replication service may not be running on server $($Copy.server). Specific RPC error message: Error 0x6ba (The RPC server is unavailable)." }
    elseif ($status -eq 'Failed' -or $status -eq 'FailedAndSuspended') { $err = [string]$Copy.errorMessage }
    $now = Get-LabNow
    $name = "$($Db.name)\$($Copy.server)"
    New-LabObject $script:ExTypes.CopyStatus ([ordered]@{
            Name                      = $name
            Id                        = $name
            Identity                  = $name
            DatabaseName              = $Db.name
            MailboxServer             = $Copy.server
            Status                    = (ConvertTo-LabEnum CopyStatus $status)
            ActiveDatabaseCopy        = $Db.activeServer.ToLowerInvariant()
            ActiveCopy                = $isActive
            ActivationPreference      = [int]$Copy.activationPreference
            ActivationSuspended       = [bool]$Copy.activationSuspended
            CopyQueueLength           = [long]$(if ($isActive) { 0 } else { $Copy.copyQueueLength })
            ReplayQueueLength         = [long]$(if ($isActive) { 0 } else { $Copy.replayQueueLength })
            ContentIndexState         = (ConvertTo-LabEnum ContentIndexState $Copy.contentIndexState)
            ContentIndexErrorMessage  = $null
            LatestAvailableLogTime    = $now
            LastCopiedLogTime         = $(if ($isActive) { $null } else { $now })
            LastInspectedLogTime      = $(if ($isActive) { $null } else { $now })
            LastReplayedLogTime       = $(if ($isActive) { $null } else { $now })
            IncomingLogCopyingNetwork = $(if ($isActive -or $status -ne 'Healthy') { $null } else { "$($State.dag.name)\$(@($State.cluster.networks | Where-Object { [int]$_.role -eq 1 })[0].name)" })
            ErrorMessage              = $err
        }) $script:ExDisplay.CopyStatus -Text $name
}

function ConvertTo-LabArrayObject {
    param($State, $Array)
    $members = [Microsoft.Exchange.Data.Directory.ADObjectId[]]@($State.exchangeServers | Where-Object { $_.site -eq $Array.site -and (@($_.serverRole) -contains 'ClientAccess') } | ForEach-Object { New-LabServerId $State $_.name })
    $dn = "CN=$($Array.name),CN=Arrays,CN=$($Array.site),CN=Sites,CN=Configuration," + (Get-LabDomainDn $State)
    New-LabObject $script:ExTypes.Array ([ordered]@{
            Name              = $Array.name
            Fqdn              = $Array.fqdn
            Site              = (New-LabSiteId $State $Array.site)
            SiteName          = $Array.site
            Members           = $members
            ExchangeLegacyDN  = $Array.exchangeLegacyDN
            Identity          = (New-LabId $Array.name $dn $Array.guid)
            Guid              = [Guid]$Array.guid
            DistinguishedName = $dn
        }) $script:ExDisplay.Array -Text $Array.name
}
