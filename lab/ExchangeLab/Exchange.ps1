# Exchange: the Exchange 2010 SP3 cmdlets the procedure uses, returning objects as the server does
# (real type names, enums, ADObjectId identities, key/value pairs; a remoting boundary deserializes
# them), plus Active Manager's automatic database failover on node loss.

$script:ExTypes = @{
    Server     = 'Microsoft.Exchange.Data.Directory.Management.ExchangeServer'
    Site       = 'Microsoft.Exchange.Data.Directory.Management.ADSite'
    Dag        = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseAvailabilityGroup'
    MbxServer  = 'Microsoft.Exchange.Data.Directory.Management.MailboxServer'
    Database   = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase'
    CopyStatus = 'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseCopyStatusEntry'
    MoveResult = 'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseMoveResult'
    Array      = 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ClientAccessArray'
    Cas        = 'Microsoft.Exchange.Data.Directory.Management.ClientAccessServer'
    Mailbox    = 'Microsoft.Exchange.Data.Directory.Management.Mailbox'
    ReplCheck  = 'Microsoft.Exchange.Management.SystemConfigurationTasks.ReplicationCheckOutcome'
    Mapi       = 'Microsoft.Exchange.Monitoring.TestMapiConnectivityResult'
    Txn        = 'Microsoft.Exchange.Monitoring.CasTransactionOutcome'
    Ows        = 'Microsoft.Exchange.Monitoring.TestOutlookWebServicesResult'
    Mailflow   = 'Microsoft.Exchange.Monitoring.TestMailflowResult'
    Health     = 'Microsoft.Exchange.Monitoring.TestServiceHealthResult'
}

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

# ---------------------------------------------------------------- Active Manager

function Start-LabDatabaseFailovers {
    param($State, [string]$FailedServer, $Time)
    foreach ($db in $State.databases) {
        if ([string]::Equals($db.activeServer, $FailedServer, [StringComparison]::OrdinalIgnoreCase)) {
            Add-LabPending $State ($Time.AddSeconds((Get-LabDelay $State 'databaseMountSeconds'))) 'DatabaseFailover' @{ database = $db.name; failedServer = $FailedServer }
        }
    }
}

function Get-LabActivationCandidate {
    # Best passive copy for automatic activation, and why none qualifies.
    param($State, $Database)
    $best = $null
    $why = 'no other copy of the database exists'
    $copies = @($Database.copies | Sort-Object { [int]$_.activationPreference })
    foreach ($c in $copies) {
        if ([string]::Equals($c.server, $Database.activeServer, [StringComparison]::OrdinalIgnoreCase)) { continue }
        $node = Get-LabNode $State $c.server
        $srv = Get-LabExServer $State $c.server
        if (-not (Test-LabServerReachable $State $c.server) -or ($node -and $node.state -ne 'Up')) { $why = "the copy on $($c.server) is not reachable"; continue }
        if ($c.activationSuspended) { $why = "the copy on $($c.server) is suspended for activation"; continue }
        if ($srv -and $srv.databaseCopyAutoActivationPolicy -eq 'Blocked') { $why = "DatabaseCopyAutoActivationPolicy on $($c.server) is Blocked"; continue }
        if (@('Healthy', 'DisconnectedAndHealthy') -notcontains $c.status) { $why = "the copy on $($c.server) is $($c.status)"; continue }
        $best = $c
        break
    }
    return @{ copy = $best; reason = $why }
}

function Invoke-LabDatabaseFailover {
    param($State, [string]$DatabaseName, [string]$FailedServer, $Time)
    $db = $null
    foreach ($d in $State.databases) { if ($d.name -eq $DatabaseName) { $db = $d } }
    if ($null -eq $db -or -not $State.cluster.hasQuorum) { return }
    if (-not [string]::Equals($db.activeServer, $FailedServer, [StringComparison]::OrdinalIgnoreCase)) { return }
    if (Test-LabServerReachable $State $FailedServer) { return }
    $cand = Get-LabActivationCandidate $State $db
    if ($null -eq $cand.copy) {
        $db.mounted = $false
        Add-LabTimeline $State 'DatabaseNotMounted' $db.name "Database '$($db.name)' was not activated: $($cand.reason). It stays dismounted." $Time @{ server = $FailedServer }
        return
    }
    $c = $cand.copy
    $srv = Get-LabExServer $State $c.server
    $dialName = [string]$srv.autoDatabaseMountDial
    $dial = $script:MountDial[$dialName]
    if ([int]$c.copyQueueLength -gt $dial) {
        $db.mounted = $false
        Add-LabTimeline $State 'DatabaseNotMounted' $db.name ("Database '{0}' was not mounted on {1}: its copy queue length ({2}) is above AutoDatabaseMountDial {3} ({4}). The database stays dismounted." -f $db.name, $c.server, $c.copyQueueLength, $dialName, $dial) $Time @{ server = $c.server }
        return
    }
    $old = Get-LabCopy $db $FailedServer
    if ($old) { $old.status = 'Failed' }
    $lost = [int]$c.copyQueueLength
    $db.activeServer = $c.server
    $db.mounted = $true
    $c.status = 'Healthy'
    $c.copyQueueLength = 0
    $c.replayQueueLength = 0
    Add-LabTimeline $State 'DatabaseActivated' $db.name "Database '$($db.name)' failed over from $FailedServer to $($c.server) (active copy $($db.name)\$($c.server))." $Time @{ from = $FailedServer; to = $c.server; logsLost = $lost }
    Add-LabTimeline $State 'DatabaseMounted' $db.name "Database '$($db.name)' mounted on $($c.server)." $Time @{ server = $c.server }
}

function Invoke-LabDatabaseMountEvent {
    param($State, [string]$DatabaseName, $Time)
    foreach ($db in $State.databases) {
        if ($db.name -ne $DatabaseName -or $db.mounted) { continue }
        if (-not (Test-LabServerReachable $State $db.activeServer) -or -not $State.cluster.hasQuorum) { continue }
        $db.mounted = $true
        Add-LabTimeline $State 'DatabaseMounted' $db.name "Database '$($db.name)' mounted on $($db.activeServer)." $Time @{ server = $db.activeServer }
    }
}

function Invoke-LabCopiesResynchronized {
    param($State, [string]$Server, $Time)
    if (-not (Test-LabServerReachable $State $Server)) { return }
    foreach ($db in $State.databases) {
        $c = Get-LabCopy $db $Server
        if ($c -and $c.status -eq 'Resynchronizing') {
            $c.status = 'Healthy'
            $c.copyQueueLength = 0
            $c.replayQueueLength = 0
            Add-LabTimeline $State 'CopyHealthy' "$($db.name)\$Server" "Copy $($db.name)\$Server is Healthy." $Time
        }
    }
}

function Invoke-LabDismountAll {
    param($State, $Time)
    foreach ($db in $State.databases) {
        if ($db.mounted) {
            $db.mounted = $false
            Add-LabTimeline $State 'DatabaseDismounted' $db.name "Database '$($db.name)' dismounted." $Time
        }
    }
}

function Invoke-LabServerReturned {
    # A node is back: its copies resynchronize; databases left on it dismounted mount again.
    param($State, [string]$Server, $Time)
    $delay = Get-LabDelay $State 'databaseMountSeconds'
    foreach ($db in $State.databases) {
        $c = Get-LabCopy $db $Server
        if ($c -and -not [string]::Equals($db.activeServer, $Server, [StringComparison]::OrdinalIgnoreCase) -and $c.status -ne 'Suspended' -and $c.status -ne 'FailedAndSuspended') {
            $c.status = 'Resynchronizing'
            Add-LabTimeline $State 'CopyResynchronizing' "$($db.name)\$Server" "Copy $($db.name)\$Server is Resynchronizing." $Time
        }
        if (-not $db.mounted -and $State.cluster.hasQuorum) {
            Add-LabPending $State ($Time.AddSeconds($delay)) 'DatabaseMount' @{ database = $db.name }
        }
    }
    Add-LabPending $State ($Time.AddSeconds($delay)) 'CopiesResynchronized' @{ server = $Server }
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
    $s = Get-LabExServer $State $Name
    if ($null -eq $s) { return New-LabId $Name ("CN=$Name,CN=Computers," + (Get-LabDomainDn $State)) $null }
    return New-LabId $s.name ("CN=$($s.name),CN=Servers," + (Get-LabAdminGroupDn $State)) $s.guid
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
    $type = "System.Collections.Generic.KeyValuePair[Microsoft.Exchange.Data.Directory.ADObjectId,$ValueType]"
    $list = New-Object System.Collections.ArrayList
    foreach ($p in $Pairs) { [void]$list.Add((New-Object $type -ArgumentList $p[0], $p[1])) }
    return , ($list.ToArray([type]$type))
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
        }) @('Name', 'Site', 'ServerRole', 'Edition', 'AdminDisplayVersion') -Text $Server.name
}

function ConvertTo-LabDatabaseObject {
    # Its default display and serialization depth are type data (Types.ps1).
    param($State, $Db, [switch]$Status)
    $copies = @($Db.copies | Sort-Object { [int]$_.activationPreference })
    $mounted = $null; $backup = $null; $maint = $null; $mountedOn = $null
    if ($Status) {
        $mounted = (Test-LabDatabaseServing $State $Db); $backup = $false; $maint = $false
        $mountedOn = New-LabServerId $State $Db.activeServer
    }
    $dbCopies = @(foreach ($c in $copies) {
            New-LabObject 'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseCopy' ([ordered]@{
                    DatabaseName         = $Db.name
                    HostServerName       = $c.server
                    ActivationPreference = [int]$c.activationPreference
                    ReplayLagTime        = [TimeSpan]::Zero
                    TruncationLagTime    = [TimeSpan]::Zero
                    Identity             = "$($Db.name)\$($c.server)"
                }) @('DatabaseName', 'HostServerName', 'ActivationPreference') -Text "$($Db.name)\$($c.server)"
        })
    New-LabObject $script:ExTypes.Database ([ordered]@{
            Name                           = $Db.name
            Server                         = (New-LabServerId $State $Db.activeServer)
            Servers                        = [Microsoft.Exchange.Data.Directory.ADObjectId[]]@($copies | ForEach-Object { New-LabServerId $State $_.server })
            MasterServerOrAvailabilityGroup = (New-LabDagId $State)
            MasterType                     = 'DatabaseAvailabilityGroup'
            DatabaseCopies                 = [object[]]$dbCopies
            ActivationPreference           = (New-LabPairs 'int' @($copies | ForEach-Object { , @((New-LabServerId $State $_.server), [int]$_.activationPreference) }))
            ReplayLagTimes                 = (New-LabPairs 'TimeSpan' @($copies | ForEach-Object { , @((New-LabServerId $State $_.server), [TimeSpan]::Zero) }))
            TruncationLagTimes             = (New-LabPairs 'TimeSpan' @($copies | ForEach-Object { , @((New-LabServerId $State $_.server), [TimeSpan]::Zero) }))
            RpcClientAccessServer          = $Db.rpcClientAccessServer
            Recovery                       = $false
            ReplicationType                = 'Remote'
            Mounted                        = $mounted
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
        }) @('Name', 'Status', 'CopyQueueLength', 'ReplayQueueLength', 'LastInspectedLogTime', 'ContentIndexState') -Text $name
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
        }) @('Name', 'Site', 'Fqdn', 'Members') -Text $Array.name
}

# ---------------------------------------------------------------- read cmdlets

function Get-ExchangeServer {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [object]$Identity,
        [Parameter(ParameterSetName = 'Domain', Mandatory = $true)] [string]$Domain,
        [string]$DomainController,
        [switch]$Status
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        if ($PSCmdlet.ParameterSetName -eq 'Domain') {
            if ([string]::Equals($Domain, $st.domain.fqdn, [StringComparison]::OrdinalIgnoreCase)) { foreach ($s in $st.exchangeServers) { ConvertTo-LabExServerObject $st $s } }
            return
        }
        $id = Get-LabIdentityText $Identity
        $found = @(Find-LabExServers $st $id)
        Write-LabExNotFound $PSCmdlet $st $id $found -UnlessWildcard
        foreach ($s in $found) { ConvertTo-LabExServerObject $st $s }
    }
}

function Get-ADSite {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [object]$Identity,
        [string]$DomainController
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $id = Get-LabIdentityText $Identity
        $sites = @($st.adSites)
        if ($id) { $sites = @($st.adSites | Where-Object { (Test-LabName $id $_.name) -or $id -eq $_.guid }) }
        Write-LabExNotFound $PSCmdlet $st $id $sites
        foreach ($s in $sites) {
            New-LabObject $script:ExTypes.Site ([ordered]@{
                    Name           = $s.name
                    HubSiteEnabled = [bool]$s.hubSiteEnabled
                    PartnerId      = -1
                    MinorPartnerId = -1
                    Identity       = (New-LabSiteId $st $s.name -Canonical)
                    Guid           = [Guid]$s.guid
                }) @('Name', 'HubSiteEnabled') -Text $s.name
        }
    }
}

function Get-DatabaseAvailabilityGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [object]$Identity,
        [string]$DomainController,
        [switch]$Status
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $id = Get-LabIdentityText $Identity
        $d = $st.dag
        if ($id -and -not (Test-LabName $id $d.name)) { $PSCmdlet.WriteError((New-ExchangeNotFound $PSCmdlet $st $id)); return }
        $operational = $null; $pam = $null; $port = $null; $names = $null; $inUse = $null
        if ($Status) {
            $operational = [Microsoft.Exchange.Data.Directory.ADObjectId[]]@()
            if ($st.cluster.hasQuorum) { $operational = [Microsoft.Exchange.Data.Directory.ADObjectId[]]@($d.servers | Where-Object { Test-LabServerReachable $st $_ } | ForEach-Object { New-LabServerId $st $_ }) }
            $core = Get-LabGroup $st 'Cluster Group'
            if ($core -and $st.cluster.hasQuorum -and (Test-LabServerReachable $st $core.ownerNode)) { $pam = New-LabServerId $st $core.ownerNode }
            $port = [int]$d.replicationPort
            $names = @()
            $inUse = 'None'
            if ($d.witnessAvailable -and (Test-LabServerReachable $st $d.witnessServer)) { $inUse = 'Primary' }
        }
        New-LabObject $script:ExTypes.Dag ([ordered]@{
                Name                                  = $d.name
                Servers                               = [Microsoft.Exchange.Data.Directory.ADObjectId[]]@($d.servers | ForEach-Object { New-LabServerId $st $_ })
                WitnessServer                         = $d.witnessServer
                WitnessDirectory                      = $d.witnessDirectory
                AlternateWitnessServer                = $d.alternateWitnessServer
                AlternateWitnessDirectory             = $d.alternateWitnessDirectory
                NetworkCompression                    = 'InterSubnetOnly'
                NetworkEncryption                     = 'InterSubnetOnly'
                DatacenterActivationMode              = $d.datacenterActivationMode
                StoppedMailboxServers                 = @()
                StartedMailboxServers                 = @($d.servers)
                DatabaseAvailabilityGroupIpv4Addresses = @($d.ipAddresses)
                AllowCrossSiteRpcClientAccess         = $false
                OperationalServers                    = $operational
                PrimaryActiveManager                  = $pam
                ThirdPartyReplication                 = 'Disabled'
                ReplicationPort                       = $port
                NetworkNames                          = $names
                WitnessShareInUse                     = $inUse
                Identity                              = (New-LabDagId $st)
                Guid                                  = [Guid]$d.guid
            }) @('Name', 'Servers', 'WitnessServer', 'OperationalServers') -Text $d.name
    }
}

function Get-MailboxServer {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [object]$Identity,
        [string]$DomainController,
        [switch]$Status
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $id = Get-LabIdentityText $Identity
        $found = @(Find-LabExServers $st $id | Where-Object { @($_.serverRole) -contains 'Mailbox' })
        Write-LabExNotFound $PSCmdlet $st $id $found
        foreach ($s in $found) {
            New-LabObject $script:ExTypes.MbxServer ([ordered]@{
                    Name                              = $s.name
                    Fqdn                              = $s.fqdn
                    DatabaseAvailabilityGroup         = (New-LabDagId $st)
                    AutoDatabaseMountDial             = (ConvertTo-LabEnum MountDial $s.autoDatabaseMountDial)
                    DatabaseCopyAutoActivationPolicy  = (ConvertTo-LabEnum ActivationPolicy $s.databaseCopyAutoActivationPolicy)
                    DatabaseCopyActivationDisabledAndMoveNow = $false
                    MaximumActiveDatabases            = $null
                    AdminDisplayVersion               = $s.adminDisplayVersion
                    Identity                          = (New-LabServerId $st $s.name)
                    Guid                              = [Guid]$s.guid
                }) @('Name', 'DatabaseAvailabilityGroup', 'AutoDatabaseMountDial', 'DatabaseCopyAutoActivationPolicy') -Text $s.name
        }
    }
}

function Get-MailboxDatabase {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Server,
        [string]$DomainController,
        [switch]$DumpsterStatistics,
        [switch]$IncludePreExchange2010,
        [switch]$Status
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        if ($PSCmdlet.ParameterSetName -eq 'Server') {
            $sid = Get-LabIdentityText $Server
            $srv = Get-LabExServer $st $sid
            if ($null -eq $srv) { $PSCmdlet.WriteError((New-ExchangeNotFound $PSCmdlet $st $sid)); return }
            foreach ($db in $st.databases) { if (Get-LabCopy $db $srv.name) { ConvertTo-LabDatabaseObject $st $db -Status:$Status } }
            return
        }
        $id = Get-LabIdentityText $Identity
        $found = @(Find-LabDatabases $st $id)
        Write-LabExNotFound $PSCmdlet $st $id $found -UnlessWildcard
        foreach ($db in $found) { ConvertTo-LabDatabaseObject $st $db -Status:$Status }
    }
}

function Resolve-LabRpcClientAccessServer {
    # A Client Access server (name or FQDN) or a Client Access array (name or FQDN) -> the stored FQDN.
    param($State, [string]$Value)
    foreach ($s in $State.exchangeServers) {
        if (@($s.serverRole) -contains 'ClientAccess' -and ((Test-LabName $Value $s.name) -or (Test-LabName $Value $s.fqdn))) { return $s.fqdn }
    }
    foreach ($a in $State.clientAccessArrays) {
        if ((Test-LabName $Value $a.name) -or (Test-LabName $Value $a.fqdn)) { return $a.fqdn }
    }
    return $null
}

function Set-MailboxDatabase {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$Identity,
        [ValidateNotNullOrEmpty()] [string]$RpcClientAccessServer,
        [string]$Name,
        [bool]$MountAtStartup,
        [bool]$CircularLoggingEnabled,
        [bool]$AllowFileRestore,
        [bool]$BackgroundDatabaseMaintenance,
        [bool]$IndexEnabled,
        [bool]$IsExcludedFromProvisioning,
        [bool]$IsSuspendedFromProvisioning,
        [bool]$RetainDeletedItemsUntilBackup,
        [object]$DeletedItemRetention,
        [object]$MailboxRetention,
        [object]$EventHistoryRetentionPeriod,
        [object]$IssueWarningQuota,
        [object]$ProhibitSendQuota,
        [object]$ProhibitSendReceiveQuota,
        [object]$RecoverableItemsQuota,
        [object]$RecoverableItemsWarningQuota,
        [object]$JournalRecipient,
        [object]$MaintenanceSchedule,
        [object]$QuotaNotificationSchedule,
        [object]$OfflineAddressBook,
        [object]$PublicFolderDatabase,
        [ValidateSet('None', 'SecondCopy', 'SecondDatacenter', 'AllDatacenters', 'AllCopies')] [string]$DataMoveReplicationConstraint,
        [string]$DomainController
    )
    begin { [void](Enter-LabCommand $PSCmdlet) }
    process {
        $st = Open-LabState
        $id = Get-LabIdentityText $Identity
        $found = @(Resolve-LabDatabases $PSCmdlet $st $id)
        if ($found.Count -gt 1) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'ManagementObjectAmbiguousException' -Message "The operation couldn't be performed because '$id' matches multiple entries."))
        }
        $db = $found[0]
        $fqdn = $null
        if ($PSBoundParameters.ContainsKey('RpcClientAccessServer')) {
            $fqdn = Resolve-LabRpcClientAccessServer $st $RpcClientAccessServer
            if ($null -eq $fqdn) { $PSCmdlet.ThrowTerminatingError((New-ExchangeNotFound $PSCmdlet $st $RpcClientAccessServer)) }
        }
        if (-not (Confirm-LabChange $PSCmdlet "Configuring mailbox database `"$($db.name)`"." 'Medium')) { return }
        $changed = $false
        if ($null -ne $fqdn -and $db.rpcClientAccessServer -ne $fqdn) {
            $old = $db.rpcClientAccessServer
            $db.rpcClientAccessServer = $fqdn
            Add-LabTimeline $st 'RpcClientAccessServerChanged' $db.name "Database '$($db.name)' RpcClientAccessServer changed from $old to $fqdn." $null @{ from = $old; to = $fqdn }
            $changed = $true
        }
        if ($Name -and $Name -ne $db.name) {
            Add-LabTimeline $st 'DatabaseRenamed' $db.name "Database '$($db.name)' renamed to '$Name'."
            $db.name = $Name
            $changed = $true
        }
        if ($changed) { Save-LabState $st }
        elseif ($null -eq $fqdn -and -not $Name) {
            Write-Warning "The command completed successfully but no settings of '$($db.name)' have been modified."
        }
    }
}

function Get-MailboxDatabaseCopyStatus {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.DatabaseCopyIdParameter]$Identity,
        [Parameter(ParameterSetName = 'Identity')] [switch]$Local,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.MailboxServerIdParameter]$Server,
        [switch]$Active,
        [switch]$ConnectionStatus,
        [string]$DomainController,
        [switch]$ExtendedErrorInfo
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $pairs = New-Object System.Collections.ArrayList
        if ($PSCmdlet.ParameterSetName -eq 'Server') {
            $sid = Get-LabIdentityText $Server
            $srv = Get-LabExServer $st $sid
            if ($null -eq $srv) { $PSCmdlet.WriteError((New-ExchangeNotFound $PSCmdlet $st $sid)); return }
            foreach ($db in $st.databases) { $c = Get-LabCopy $db $srv.name; if ($c) { [void]$pairs.Add(@($db, $c)) } }
        } else {
            $id = Get-LabIdentityText $Identity
            $dbPart = $id; $srvPart = $null
            if ($id -and $id.Contains('\')) { $dbPart = $id.Split('\')[0]; $srvPart = $id.Split('\')[1] }
            $dbs = @(Find-LabDatabases $st $dbPart)
            if ($id -and -not $id.Contains('*') -and $dbs.Count -eq 0) { $PSCmdlet.WriteError((New-ExchangeNotFound $PSCmdlet $st $id)); return }
            $localServer = Get-LabLocalComputer $st
            foreach ($db in $dbs) {
                foreach ($c in @($db.copies | Sort-Object { [int]$_.activationPreference })) {
                    if ($srvPart -and -not (Test-LabName $srvPart $c.server)) { continue }
                    if ($Local -and -not [string]::Equals($c.server, $localServer, [StringComparison]::OrdinalIgnoreCase)) { continue }
                    [void]$pairs.Add(@($db, $c))
                }
            }
            if ($srvPart -and -not $id.Contains('*') -and $pairs.Count -eq 0) { $PSCmdlet.WriteError((New-ExchangeNotFound $PSCmdlet $st $id)); return }
        }
        foreach ($p in $pairs) {
            if ($Active -and -not [string]::Equals($p[1].server, $p[0].activeServer, [StringComparison]::OrdinalIgnoreCase)) { continue }
            ConvertTo-LabCopyStatusObject $st $p[0] $p[1]
        }
    }
}

function Move-ActiveMailboxDatabase {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [Microsoft.Exchange.Configuration.Tasks.MailboxServerIdParameter]$Server,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)] [Microsoft.Exchange.Configuration.Tasks.MailboxServerIdParameter]$ActivateOnServer,
        [string]$DomainController,
        [ValidateSet('None', 'Lossless', 'GoodAvailability', 'BestEffort', 'BestAvailability')] [string]$MountDialOverride,
        [string]$MoveComment,
        [switch]$SkipActiveCopyChecks,
        [switch]$SkipClientExperienceChecks,
        [switch]$SkipHealthChecks,
        [switch]$SkipLagChecks,
        [switch]$TerminateOnWarning
    )
    begin { [void](Enter-LabCommand $PSCmdlet) }
    process {
        $st = Open-LabState
        $dbs = @()
        if ($PSCmdlet.ParameterSetName -eq 'Server') {
            $srv = Resolve-LabExServer $PSCmdlet $st $Server
            $dbs = @($st.databases | Where-Object { [string]::Equals($_.activeServer, $srv.name, [StringComparison]::OrdinalIgnoreCase) })
        } else {
            $dbs = @(Resolve-LabDatabases $PSCmdlet $st $Identity)
        }
        $targetName = $null
        if ($null -ne $ActivateOnServer) {
            $targetName = (Resolve-LabExServer $PSCmdlet $st $ActivateOnServer).name
        }
        foreach ($db in $dbs) {
            $from = $db.activeServer
            $to = $targetName
            if (-not $to) {
                $cand = Get-LabActivationCandidate $st $db
                if ($null -eq $cand.copy) {
                    $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'AmDbActionWrapperException' -Category InvalidOperation `
                                -Message "An Active Manager operation failed. Error: The database action failed. Error: No suitable copy of database '$($db.name)' could be found to activate: $($cand.reason)."))
                }
                $to = $cand.copy.server
            }
            $copy = Get-LabCopy $db $to
            $fail = $null
            if ($null -eq $copy) { $fail = "An Active Manager operation failed. Error: Database '$($db.name)' doesn't have a copy on server '$to'." }
            elseif ([string]::Equals($to, $from, [StringComparison]::OrdinalIgnoreCase)) { $fail = "An Active Manager operation failed. Error: The database action failed. Error: Database '$($db.name)' is already active on server '$to'." }
            elseif (-not (Test-LabServerReachable $st $to)) { $fail = "An Active Manager operation failed. Error: An error occurred while trying to contact server '$to'. The RPC server is unavailable." }
            elseif (-not $SkipHealthChecks -and @('Healthy', 'DisconnectedAndHealthy') -notcontains $copy.status) {
                $fail = "An Active Manager operation failed. Error: The database action failed. Error: An error occurred while trying to validate the specified database copy for possible activation. Error: Database copy '$($db.name)' on server '$to' has status '$($copy.status)'. Use -SkipHealthChecks to move anyway."
            } elseif (-not $SkipClientExperienceChecks -and $copy.contentIndexState -ne 'Healthy') {
                $fail = "An Active Manager operation failed. Error: The database action failed. Error: An error occurred while trying to validate the specified database copy for possible activation. Error: Database copy '$($db.name)' on server '$to' has content index catalog files in the following state: '$($copy.contentIndexState)'. If you need to activate this database copy, you can use the Move-ActiveMailboxDatabase cmdlet with the -SkipClientExperienceChecks parameter to forcibly activate the database."
            } elseif (-not $SkipLagChecks -and ([int]$copy.copyQueueLength -gt 10 -or [int]$copy.replayQueueLength -gt 50)) {
                $fail = "An Active Manager operation failed. Error: The database action failed. Error: An error occurred while trying to validate the specified database copy for possible activation. Error: Database copy '$($db.name)' on server '$to' has a copy queue length of $($copy.copyQueueLength) logs, which is too high to enable automatic recovery. Use -SkipLagChecks to move anyway."
            }
            if ($fail) { $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'AmDbActionWrapperException' -Category InvalidOperation -Message $fail -TargetObject $db.name)) }
            if (-not (Confirm-LabChange $PSCmdlet "Moving mailbox database `"$($db.name)`" from server `"$from`" to server `"$to`"." 'High')) { continue }
            $delay = Get-LabDelay $st 'databaseMountSeconds'
            if ($delay -gt 0) { Start-Sleep -Milliseconds ([int]($delay * 1000)) }
            $st = Open-LabState
            $db = @(Find-LabDatabases $st $db.name)[0]
            $copy = Get-LabCopy $db $to
            $old = Get-LabCopy $db $from
            $wasMounted = [bool]$db.mounted
            $db.activeServer = $to
            $db.mounted = $true
            $copy.status = 'Healthy'; $copy.copyQueueLength = 0; $copy.replayQueueLength = 0
            if ($old) { $old.status = 'Healthy'; $old.copyQueueLength = 0; $old.replayQueueLength = 0 }
            Add-LabTimeline $st 'DatabaseMoved' $db.name "Database '$($db.name)' switched over from $from to $to." $null @{ from = $from; to = $to }
            Add-LabTimeline $st 'DatabaseMounted' $db.name "Database '$($db.name)' mounted on $to." $null @{ server = $to }
            Save-LabState $st
            New-LabObject $script:ExTypes.MoveResult ([ordered]@{
                    Identity               = $db.name
                    ActiveServerAtStart    = $from
                    ActiveServerAtEnd      = $to
                    Status                 = 'Succeeded'
                    NumberOfLogsLost       = 0
                    RecoveryPointObjective = (Format-LabTime (Get-LabNow))
                    MountStatusAtMoveStart = $(if ($wasMounted) { 'Mounted' } else { 'Dismounted' })
                    MountStatusAtMoveEnd   = 'Mounted'
                    ErrorMessage           = ''
                }) @('Identity', 'ActiveServerAtStart', 'ActiveServerAtEnd', 'Status', 'NumberOfLogsLost') -Text $db.name
        }
    }
}

function Test-ReplicationHealth {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Identity,
        [int]$ActiveDirectoryTimeout,
        [string]$DomainController,
        [bool]$MonitoringContext,
        [switch]$OutputObjects,
        [uint32]$TransientEventSuppressionWindow
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $srv = Resolve-LabExServer $PSCmdlet $st $Identity -OrLocal -Reachable
        if (-not $PSCmdlet.ShouldProcess($srv.name)) { return }
        $down = @($st.dag.servers | Where-Object { -not (Test-LabServerReachable $st $_) -or (Get-LabNode $st $_).state -ne 'Up' })
        $witnessOk = $st.dag.witnessAvailable -and (Test-LabServerReachable $st $st.dag.witnessServer)
        $copies = @()
        foreach ($db in $st.databases) { $c = Get-LabCopy $db $srv.name; if ($c) { $copies += , @($db, $c) } }
        $passive = @($copies | Where-Object { -not [string]::Equals($_[0].activeServer, $srv.name, [StringComparison]::OrdinalIgnoreCase) })
        $checks = [ordered]@{
            ClusterService       = @('Checks if the cluster service is healthy.', $st.cluster.hasQuorum, 'The cluster service is not running or the cluster has no quorum.')
            ReplayService        = @('Checks if the Microsoft Exchange Replication service is running.', $true, '')
            ActiveManager        = @('Checks that Active Manager is running and has a valid role.', $st.cluster.hasQuorum, 'Active Manager is not running.')
            TasksRpcListener     = @('Checks that the Tasks RPC Listener is running and is responding to remote requests.', $true, '')
            TcpListener          = @('Checks that the TCP Listener is running and is responding to requests.', $true, '')
            DagMembersUp         = @('Verifies that the members of a database availability group are up and running.', ($down.Count -eq 0), ('The following servers in the DAG are down: ' + ($down -join ', ')))
            ClusterNetwork       = @('Checks that the networks are healthy.', ($down.Count -eq 0), ('Cluster network interfaces are down on: ' + ($down -join ', ')))
            QuorumGroup          = @('Checks that the quorum and witness for the database availability group is healthy.', ($witnessOk -and $st.cluster.hasQuorum), 'The quorum group is not healthy.')
            FileShareQuorum      = @('Verifies that the path used for the file share witness can be reached.', $witnessOk, "The file share witness '\\$($st.dag.witnessServer)\$($st.dag.name).$($st.domain.fqdn)' can't be reached.")
            DBCopySuspended      = @('Checks whether any mailbox database copies are in a state of Suspended.', (@($passive | Where-Object { @('Suspended', 'FailedAndSuspended') -contains $_[1].status }).Count -eq 0), 'One or more database copies are suspended.')
            DBCopyFailed         = @('Checks whether any mailbox database copies are in a state of Failed.', (@($passive | Where-Object { @('Failed', 'FailedAndSuspended') -contains $_[1].status }).Count -eq 0), 'One or more database copies are Failed.')
            DBInitializing       = @('Checks whether any mailbox database copies are in a state of Initializing.', (@($passive | Where-Object { $_[1].status -eq 'Initializing' }).Count -eq 0), 'One or more database copies are Initializing.')
            DBDisconnected       = @('Checks whether any mailbox database copies are in a state of Disconnected.', (@($passive | Where-Object { "$($_[1].status)" -like 'Disconnected*' }).Count -eq 0), 'One or more database copies are Disconnected.')
            DBLogCopyKeepingUp   = @('Verifies that log copying and inspection by the passive copies of databases is able to keep up with log generation activity on the active copy.', (@($passive | Where-Object { [int]$_[1].copyQueueLength -gt 10 }).Count -eq 0), ('Copy queue too high for: ' + ((@($passive | Where-Object { [int]$_[1].copyQueueLength -gt 10 }) | ForEach-Object { "$($_[0].name)\$($_[1].server) ($($_[1].copyQueueLength))" }) -join ', ')))
            DBLogReplayKeepingUp = @('Verifies that replay activity for the passive copies of databases is able to keep up with log copying and inspection activity.', (@($passive | Where-Object { [int]$_[1].replayQueueLength -gt 100 }).Count -eq 0), 'Replay queue too high.')
        }
        foreach ($k in $checks.Keys) {
            $v = $checks[$k]
            $ok = [bool]$v[1]
            New-LabObject $script:ExTypes.ReplCheck ([ordered]@{
                    Server           = $srv.name
                    Check            = $k
                    CheckDescription = $v[0]
                    Result           = $(if ($ok) { 'Passed' } else { '*FAILED*' })
                    Error            = $(if ($ok) { $null } else { $v[2] })
                    Identity         = "$($srv.name)\$k"
                }) @('Server', 'Check', 'Result', 'Error') -Text "$($srv.name)\$k"
        }
    }
}

# ---------------------------------------------------------------- Client Access arrays

function Get-ClientAccessArray {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [object]$Identity,
        [object]$Site,
        [string]$DomainController
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $id = Get-LabIdentityText $Identity
        $found = @(Find-LabArrays $st $id)
        if ($null -ne $Site) {
            $sid = Get-LabIdentityText $Site
            $s = Find-LabSite $st $sid
            if ($null -eq $s) { $PSCmdlet.WriteError((New-ExchangeNotFound $PSCmdlet $st $sid)); return }
            $found = @($found | Where-Object { $_.site -eq $s.name })
        }
        Write-LabExNotFound $PSCmdlet $st $id $found
        foreach ($a in $found) { ConvertTo-LabArrayObject $st $a }
    }
}

function Resolve-LabArray {
    # The Client Access array an identity argument names, or a terminating not-found error through the calling cmdlet.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, $Identity)
    $id = Get-LabIdentityText $Identity
    $found = @(Find-LabArrays $State $id)
    if ($found.Count -eq 0) { $Cmdlet.ThrowTerminatingError((New-ExchangeNotFound $Cmdlet $State $id)) }
    return $found[0]
}

function Assert-LabFqdnText {
    # -Fqdn of the Client Access array cmdlets: a terminating error through the calling cmdlet when it is no FQDN.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Fqdn)
    if (($Fqdn -match '^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$') -and $Fqdn.Length -le 255) { return }
    $Cmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Cannot process argument transformation on parameter 'Fqdn'. '$Fqdn' is not a valid fully qualified domain name." `
                -ErrorId 'ParameterArgumentTransformationError' -Category InvalidData -TargetObject $Fqdn))
}

function New-ClientAccessArray {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [ValidateLength(1, 64)] [string]$Name,
        [Parameter(Mandatory = $true)] [ValidateNotNullOrEmpty()] [string]$Fqdn,
        [Parameter(Mandatory = $true)] [ValidateNotNull()] [object]$Site,
        [string]$DomainController
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabFqdnText $PSCmdlet $Fqdn
    $s = Resolve-LabSite $PSCmdlet $st $Site
    if (-not $Name) { $Name = $Fqdn.Split('.')[0] }
    foreach ($a in $st.clientAccessArrays) {
        if ($a.site -eq $s.name) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'TaskException' -Category InvalidOperation -TargetObject $Name `
                        -Message "Active Directory site '$($s.name)' already has a Client Access array ('$($a.name)', $($a.fqdn)). Only one Client Access array is allowed per Active Directory site."))
        }
        if ([string]::Equals($a.name, $Name, [StringComparison]::OrdinalIgnoreCase) -or [string]::Equals($a.fqdn, $Fqdn, [StringComparison]::OrdinalIgnoreCase)) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'ManagementObjectAlreadyExistsException' -Category ResourceExists -TargetObject $Name `
                        -Message "The Client Access array '$Name' already exists."))
        }
    }
    if (-not (Confirm-LabChange $PSCmdlet "Creating Client Access array `"$Name`" with FQDN `"$Fqdn`" in site `"$($s.name)`"." 'Medium')) { return }
    $a = @{
        name = $Name; fqdn = $Fqdn; site = $s.name; guid = [Guid]::NewGuid().ToString()
        exchangeLegacyDN = "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=$Name"
    }
    [void]$st.clientAccessArrays.Add($a)
    Add-LabTimeline $st 'ClientAccessArrayCreated' $Name "Client Access array '$Name' ($Fqdn) created in site '$($s.name)'."
    Save-LabState $st
    ConvertTo-LabArrayObject $st $a
}

function Set-ClientAccessArray {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [object]$Identity,
        [ValidateNotNullOrEmpty()] [string]$Fqdn,
        [ValidateNotNullOrEmpty()] [ValidateLength(1, 64)] [string]$Name,
        [ValidateNotNull()] [object]$Site,
        [string]$DomainController
    )
    begin { [void](Enter-LabCommand $PSCmdlet) }
    process {
        $st = Open-LabState
        $a = Resolve-LabArray $PSCmdlet $st $Identity
        $newSite = $null
        if ($PSBoundParameters.ContainsKey('Site')) {
            $newSite = Resolve-LabSite $PSCmdlet $st $Site
            foreach ($o in $st.clientAccessArrays) {
                if ($o -ne $a -and $o.site -eq $newSite.name) {
                    $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'TaskException' -Category InvalidOperation `
                                -Message "Active Directory site '$($newSite.name)' already has a Client Access array ('$($o.name)'). Only one Client Access array is allowed per Active Directory site."))
                }
            }
        }
        if ($Fqdn) { Assert-LabFqdnText $PSCmdlet $Fqdn }
        if (-not (Confirm-LabChange $PSCmdlet "Configuring Client Access array `"$($a.name)`"." 'Medium')) { return }
        $before = "$($a.name) $($a.fqdn) $($a.site)"
        if ($Fqdn) { $a.fqdn = $Fqdn }
        if ($Name) { $a.name = $Name }
        if ($newSite) { $a.site = $newSite.name }
        Add-LabTimeline $st 'ClientAccessArrayChanged' $a.name "Client Access array changed from '$before' to '$($a.name) $($a.fqdn) $($a.site)'."
        Save-LabState $st
    }
}

function Remove-ClientAccessArray {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [ValidateNotNull()] [object]$Identity,
        [string]$DomainController
    )
    begin { [void](Enter-LabCommand $PSCmdlet) }
    process {
        $st = Open-LabState
        $a = Resolve-LabArray $PSCmdlet $st $Identity
        if (-not (Confirm-LabChange $PSCmdlet "Removing Client Access array `"$($a.name)`"." 'High')) { return }
        $st.clientAccessArrays.Remove($a)
        Add-LabTimeline $st 'ClientAccessArrayRemoved' $a.name "Client Access array '$($a.name)' ($($a.fqdn)) removed."
        Save-LabState $st
    }
}

function Get-ClientAccessServer {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [object]$Identity,
        [string]$DomainController,
        [switch]$IncludeAlternateServiceAccountCredentialPassword,
        [switch]$IncludeAlternateServiceAccountCredentialStatus
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $id = Get-LabIdentityText $Identity
        $found = @(Find-LabExServers $st $id | Where-Object { @($_.serverRole) -contains 'ClientAccess' })
        Write-LabExNotFound $PSCmdlet $st $id $found
        foreach ($s in $found) {
            New-LabObject $script:ExTypes.Cas ([ordered]@{
                    Name                           = $s.name
                    Fqdn                           = $s.fqdn
                    AutoDiscoverServiceInternalUri = "https://$($st.clientAccess.autodiscoverHostName)/Autodiscover/Autodiscover.xml"
                    AutoDiscoverSiteScope          = @($s.site)
                    OutlookAnywhereEnabled         = $false
                    Identity                       = (New-LabServerId $st $s.name)
                }) @('Name', 'Fqdn', 'AutoDiscoverServiceInternalUri') -Text $s.name
        }
    }
}

function Get-Mailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter]$Identity,
        [Parameter(ParameterSetName = 'AnrSet')] [string]$Anr,
        [Parameter(ParameterSetName = 'DatabaseSet', ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$Database,
        [Parameter(ParameterSetName = 'ServerSet', ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Server,
        [switch]$Arbitration,
        [switch]$Archive,
        [System.Management.Automation.PSCredential]$Credential,
        [string]$DomainController,
        [string]$Filter,
        [switch]$IgnoreDefaultScope,
        [object]$OrganizationalUnit,
        [switch]$ReadFromDomainController,
        [string[]]$RecipientTypeDetails,
        [switch]$RemoteArchive,
        [object]$ResultSize,
        [string]$SortBy
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $id = Get-LabIdentityText $Identity
        $found = @($st.mailboxes)
        if ($Arbitration -or $RemoteArchive) { $found = @() }
        if ($id) { $found = @($found | Where-Object { (Test-LabName $id $_.name) -or (Test-LabName $id $_.alias) -or (Test-LabName $id $_.primarySmtpAddress) }) }
        if ($Anr) { $found = @($found | Where-Object { $_.name -like "$Anr*" -or $_.alias -like "$Anr*" -or $_.primarySmtpAddress -like "$Anr*" }) }
        if ($Database) { $dn = Get-LabIdentityText $Database; $found = @($found | Where-Object { Test-LabName $dn $_.database }) }
        if ($Server) {
            $sn = Get-LabIdentityText $Server
            $found = @($found | Where-Object { $mbx = $_; @($st.databases | Where-Object { $_.name -eq $mbx.database -and (Test-LabName $sn $_.activeServer) }).Count -gt 0 })
        }
        Write-LabExNotFound $PSCmdlet $st $id $found
        foreach ($m in $found) {
            $db = @($st.databases | Where-Object { $_.name -eq $m.database })[0]
            New-LabObject $script:ExTypes.Mailbox ([ordered]@{
                    Name               = $m.name
                    Alias              = $m.alias
                    DisplayName        = $m.name
                    PrimarySmtpAddress = $m.primarySmtpAddress
                    Database           = $(if ($db) { New-LabDatabaseId $st $db } else { $null })
                    ServerName         = $(if ($db) { $db.activeServer.ToLowerInvariant() } else { $null })
                    RecipientTypeDetails = 'UserMailbox'
                    Identity           = (New-LabId $m.name ("CN=$($m.name),CN=Users," + (Get-LabDomainDn $st)) $null "$($st.domain.fqdn)/Users/$($m.name)")
                }) @('Name', 'Alias', 'ServerName', 'Database') -Text $m.name
        }
    }
}
