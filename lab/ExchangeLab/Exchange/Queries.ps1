# Exchange read cmdlets: Get-ExchangeServer, Get-ADSite, Get-DatabaseAvailabilityGroup, Get-MailboxServer,
# Get-MailboxDatabase, Get-MailboxDatabaseCopyStatus.

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
                }) $script:ExDisplay.Site -Text $s.name
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
            }) $script:ExDisplay.Dag -Text $d.name
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
                }) $script:ExDisplay.MbxServer -Text $s.name
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
