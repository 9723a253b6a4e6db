# Exchange test cmdlets: what a client would see, worked out from the state (DNS, who answers, which
# databases are mounted where). No test sends anything anywhere.

function Test-LabClientEndpoint {
    # Can a client reach an Exchange Client Access service at this host name?
    param($State, [string]$HostName)
    $addrs = @(Resolve-LabName $State $HostName)
    if ($addrs.Count -eq 0) { return @{ ok = $false; reason = "The remote name could not be resolved: '$HostName'"; address = $null; server = $null } }
    $answering = Get-LabAnsweringAddresses $State
    foreach ($a in $addrs) {
        if (-not $answering.ContainsKey($a)) { continue }
        $who = [string]$answering[$a]
        $server = $null
        if ($who.StartsWith('node:')) { $server = $who.Substring(5) }
        elseif ($who.StartsWith('resource:')) {
            $r = Get-LabResource $State $who.Substring(9)
            $server = (Get-LabGroup $State $r.group).ownerNode
        }
        if ($server) {
            $s = Get-LabExServer $State $server
            if ($s -and @($s.serverRole) -contains 'ClientAccess') { return @{ ok = $true; reason = $null; address = $a; server = $s.name } }
        }
    }
    return @{ ok = $false; reason = "Unable to connect to the remote server ($($addrs -join ', ')): no Client Access server answers at that address."; address = $addrs[0]; server = $null }
}

function Get-LabLatency {
    param([int]$Base = 15)
    return $Base + (Get-Random -Minimum 0 -Maximum 20)
}

function Test-MAPIConnectivity {
    [CmdletBinding(DefaultParameterSetName = 'Server', SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter]$Identity,
        [Parameter(ParameterSetName = 'Identity')] [switch]$Archive,
        [Parameter(ParameterSetName = 'Database', Mandatory = $true, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$Database,
        [Parameter(ParameterSetName = 'Server', ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Server,
        [int]$ActiveDirectoryTimeout,
        [int]$AllConnectionsTimeout,
        [string]$DomainController,
        [bool]$MonitoringContext,
        [int]$PerConnectionTimeout
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $dbs = @()
        $mailbox = $null
        switch ($PSCmdlet.ParameterSetName) {
            'Identity' {
                $id = Get-LabIdentityText $Identity
                $mailbox = @($st.mailboxes | Where-Object { (Test-LabName $id $_.name) -or (Test-LabName $id $_.alias) -or (Test-LabName $id $_.primarySmtpAddress) })[0]
                if ($null -eq $mailbox) { $PSCmdlet.ThrowTerminatingError((New-ExchangeNotFound $PSCmdlet $st $id)) }
                $dbs = @($st.databases | Where-Object { $_.name -eq $mailbox.database })
            }
            'Database' {
                $dbs = @(Resolve-LabDatabases $PSCmdlet $st $Database)
            }
            default {
                $srv = Resolve-LabExServer $PSCmdlet $st $Server -OrLocal -Reachable
                $dbs = @($st.databases | Where-Object { [string]::Equals($_.activeServer, $srv.name, [StringComparison]::OrdinalIgnoreCase) })
            }
        }
        foreach ($db in $dbs) {
            if (-not $PSCmdlet.ShouldProcess($db.name)) { continue }
            $ok = Test-LabDatabaseServing $st $db
            $err = $null
            if (-not $ok) {
                $err = "[Microsoft.Exchange.Data.Storage.MailboxOfflineException]: Cannot open mailbox /o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=$($db.activeServer)/cn=Microsoft System Attendant. Inner error [Microsoft.Mapi.MapiExceptionMdbOffline]: MapiExceptionMdbOffline: Unable to make admin interface connection to server. (hr=0x80004005, ec=1142)"
            }
            New-LabObject $script:ExTypes.Mapi ([ordered]@{
                    MailboxServer = $db.activeServer
                    Database      = $db.name
                    Mailbox       = $(if ($mailbox) { $mailbox.name } else { 'SystemMailbox{' + $db.guid + '}' })
                    Result        = $(if ($ok) { 'Success' } else { '*FAILURE*' })
                    Latency       = $(if ($ok) { '00:00:00.0' + (Get-LabLatency) + '00000' } else { '00:00:00' })
                    Error         = $err
                }) @('MailboxServer', 'Database', 'Result', 'Latency', 'Error') -Text $script:ExTypes.Mapi
        }
    }
}

function New-LabCasOutcome {
    param($State, [string]$Cas, [string]$Mailbox, [string]$Url, [string]$Scenario, [string]$Description, [bool]$Ok, [string]$Err, [string]$Endpoint)
    New-LabObject $script:ExTypes.Txn ([ordered]@{
            ClientAccessServer  = $Cas
            ServiceEndpoint     = $Endpoint
            MailboxServer       = $Mailbox
            LocalSite           = $State.adSites[0].name
            URL                 = $Url
            Scenario            = $Scenario
            ScenarioDescription = $Description
            Result              = $(if ($Ok) { 'Success' } else { 'Failure' })
            Latency             = $(if ($Ok) { [long](Get-LabLatency 40) } else { [long]-1 })
            Error               = $(if ($Ok) { $null } else { $Err })
        }) @('ClientAccessServer', 'MailboxServer', 'URL', 'Scenario', 'Result', 'Latency', 'Error') -Text $script:ExTypes.Txn
}

function Get-LabMailboxForCredential {
    param($State, $Credential, $MailboxId)
    $who = $null
    if ($MailboxId) { $who = Get-LabIdentityText $MailboxId }
    elseif ($Credential) { $who = $Credential.UserName.Split('\')[-1].Split('@')[0] }
    if (-not $who) { return $State.mailboxes[0] }
    foreach ($m in $State.mailboxes) {
        if ((Test-LabName $who $m.name) -or (Test-LabName $who $m.alias) -or (Test-LabName $who $m.primarySmtpAddress)) { return $m }
    }
    return $null
}

function Test-OutlookConnectivity {
    # Exchange 2010 SP1+ sets: Protocol, RpcTestType (Server|Array), WSTestType, and RpcProxyServer (the set of
    # -GetDefaultsFromAutodiscover). The 2013+ Probe set (-ProbeIdentity, -MailboxId, -Hostname ...) is not 2010's.
    [CmdletBinding(DefaultParameterSetName = 'Protocol', SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter]$Identity,
        [Parameter(ParameterSetName = 'RpcProxyServer', Mandatory = $true)] [bool]$GetDefaultsFromAutodiscover,
        [Parameter(ParameterSetName = 'Protocol', Mandatory = $true)] [ValidateSet('Tcp', 'Http')] [string]$Protocol,
        [Parameter(ParameterSetName = 'RpcTestType', Mandatory = $true)] [ValidateSet('Server', 'Array')] [string]$RpcTestType,
        [Parameter(ParameterSetName = 'WSTestType', Mandatory = $true)] [ValidateSet('Unknown', 'Internal', 'External')] [string]$WSTestType,
        [bool]$Archive,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [System.Management.Automation.PSCredential]$MailboxCredential,
        [switch]$MonitoringContext,
        [Parameter(ParameterSetName = 'RpcProxyServer')] [Parameter(ParameterSetName = 'RpcTestType')] [ValidateSet('Ntlm', 'Kerberos', 'Negotiate')] [string]$RpcAuthenticationType,
        [Parameter(ParameterSetName = 'RpcProxyServer')] [Parameter(ParameterSetName = 'RpcTestType')] [object]$RpcClientAccessServer,
        [Parameter(ParameterSetName = 'RpcProxyServer')] [Parameter(ParameterSetName = 'RpcTestType')] [ValidateSet('Basic', 'Ntlm', 'Negotiate')] [string]$RpcProxyAuthenticationType,
        [Parameter(ParameterSetName = 'RpcProxyServer')] [object]$RpcProxyServer,
        [Parameter(ParameterSetName = 'RpcTestType')] [ValidateSet('Internal', 'External')] [string]$RpcProxyTestType,
        [int]$TotalTimeoutInMinutes,
        [switch]$TrustAnySslCert
    )
    $MailboxId = $Identity
    $st = Enter-LabCommand $PSCmdlet
    $mbx = Get-LabMailboxForCredential $st $MailboxCredential $MailboxId
    if ($null -eq $mbx) { $PSCmdlet.ThrowTerminatingError((New-ExchangeNotFound $PSCmdlet $st (Get-LabIdentityText $MailboxId))) }
    $db = @($st.databases | Where-Object { $_.name -eq $mbx.database })[0]
    $endpointName = $null
    $casName = $null
    if ($PSCmdlet.ParameterSetName -eq 'RpcTestType' -and $RpcTestType -eq 'Array') {
        $arr = @($st.clientAccessArrays | Where-Object { $_.site -eq $st.adSites[0].name })[0]
        if ($null -eq $arr) {
            New-LabCasOutcome $st $null $db.activeServer $null 'Mailbox::Connect' 'Connect to the Client Access array of the site.' $false "No Client Access array was found in site '$($st.adSites[0].name)'." $null
            return
        }
        $endpointName = $arr.fqdn
    } elseif ($RpcClientAccessServer) {
        $endpointName = Get-LabIdentityText $RpcClientAccessServer
        $cas = Get-LabExServer $st $endpointName
        if ($cas) { $endpointName = $cas.fqdn }
        else { $arr = @(Find-LabArrays $st $endpointName)[0]; if ($arr) { $endpointName = $arr.fqdn } }
    } elseif ($RpcProxyServer) { $endpointName = (Resolve-LabExServer $PSCmdlet $st $RpcProxyServer).fqdn }
    else { $endpointName = (Get-LabExServer $st (Get-LabLocalComputer $st)).fqdn }
    if (-not $PSCmdlet.ShouldProcess($endpointName)) { return }
    $ep = Test-LabClientEndpoint $st $endpointName
    $casName = $ep.server
    $steps = @(
        @('Mailbox::Connect', 'Connect to the mailbox server through the RPC Client Access endpoint.', $ep.ok, $ep.reason),
        @('Mailbox::Logon', 'Log on to the mailbox.', ($ep.ok -and (Test-LabDatabaseServing $st $db)), "The database '$($db.name)' is not mounted or its server can't be reached.")
    )
    $failedYet = $false
    foreach ($s in $steps) {
        $ok = [bool]$s[2] -and -not $failedYet
        if (-not $ok) { $failedYet = $true }
        New-LabCasOutcome $st $casName $db.activeServer $null $s[0] $s[1] $ok $s[3] $endpointName
    }
}

function Test-OutlookWebServices {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter]$Identity,
        [object]$ClientAccessServer,
        [object[]]$TargetAddress,
        [string]$DomainController,
        [bool]$MonitoringContext
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $mbx = $st.mailboxes[0]
        if ($Identity) {
            $mbx = Get-LabMailboxForCredential $st $null $Identity
            if ($null -eq $mbx) { $PSCmdlet.ThrowTerminatingError((New-ExchangeNotFound $PSCmdlet $st (Get-LabIdentityText $Identity))) }
        }
        $adHost = $st.clientAccess.autodiscoverHostName
        $url = "https://$adHost/Autodiscover/Autodiscover.xml"
        if (-not $PSCmdlet.ShouldProcess($mbx.primarySmtpAddress)) { return }
        $ep = Test-LabClientEndpoint $st $adHost
        $row = {
            param($id, $type, $msg)
            New-LabObject $script:ExTypes.Ows ([ordered]@{ Id = [int]$id; Type = $type; Message = $msg }) @('Id', 'Type', 'Message') -Text $script:ExTypes.Ows
        }
        & $row 1003 'Information' "About to test AutoDiscover with the e-mail address $($mbx.primarySmtpAddress)."
        if (-not $ep.ok) {
            & $row 1013 'Error' "When contacting $url received the error $($ep.reason)"
            & $row 1006 'Error' "The Autodiscover service couldn't be contacted."
            return
        }
        & $row 1007 'Information' "Testing server $($ep.server).$($st.domain.fqdn) with the published name https://$($st.clientAccess.owaHostName)/EWS/Exchange.asmx & https://$($st.clientAccess.owaHostName)/EWS/Exchange.asmx."
        & $row 1019 'Information' "Found a valid AutoDiscover service connection point. The AutoDiscover URL on this object is $url."
        & $row 1006 'Success' "The Autodiscover service was tested successfully."
        & $row 1016 'Success' "[EXCH]-Successfully contacted the AS service at https://$($st.clientAccess.owaHostName)/EWS/Exchange.asmx. The elapsed time was $(Get-LabLatency 20) milliseconds."
        & $row 1015 'Success' "[EXCH]-Successfully contacted the OAB service at https://$($st.clientAccess.owaHostName)/EWS/Exchange.asmx. The elapsed time was $(Get-LabLatency 5) milliseconds."
    }
}

function Test-OwaConnectivity {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(ParameterSetName = 'URL', Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$URL,
        [Parameter(ParameterSetName = 'URL', Mandatory = $true)] [ValidateNotNull()] [System.Management.Automation.PSCredential]$MailboxCredential,
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$ClientAccessServer,
        [Parameter(ParameterSetName = 'Identity')] [object]$MailboxServer,
        [Parameter(ParameterSetName = 'Identity')] [switch]$MonitoringContext,
        [Parameter(ParameterSetName = 'Identity')] [string]$RSTEndpoint,
        [Parameter(ParameterSetName = 'Identity')] [ValidateSet('Internal', 'External')] [string]$TestType,
        [Parameter(ParameterSetName = 'Identity')] [string]$VirtualDirectoryName,
        [switch]$AllowUnsecureAccess,
        [string]$DomainController,
        [switch]$LightMode,
        [switch]$ResetTestAccountCredentials,
        [uint32]$Timeout,
        [switch]$TrustAnySSLCertificate
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        if (-not $PSCmdlet.ShouldProcess($(if ($URL) { $URL } else { [string]$ClientAccessServer }))) { return }
        if ($PSCmdlet.ParameterSetName -eq 'URL') {
            if ($URL -notmatch '^https?://([^/:]+)') {
                $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'TaskException' -Category InvalidArgument -Message "The URL '$URL' isn't valid."))
            }
            $hostName = $Matches[1]
            $mbx = Get-LabMailboxForCredential $st $MailboxCredential $null
            $ep = Test-LabClientEndpoint $st $hostName
            $ok = $ep.ok
            $err = $ep.reason
            if ($ok -and $null -eq $mbx) { $ok = $false; $err = "The user '$($MailboxCredential.UserName)' has no mailbox: logon failed." }
            $mailboxServer = $null
            if ($mbx) {
                $db = @($st.databases | Where-Object { $_.name -eq $mbx.database })[0]
                $mailboxServer = $db.activeServer
                if ($ok -and -not (Test-LabDatabaseServing $st $db)) { $ok = $false; $err = "The mailbox database '$($db.name)' is not available: Outlook Web App couldn't open the mailbox." }
            }
            New-LabCasOutcome $st $ep.server $mailboxServer $URL 'Logon' 'Logs on to the Outlook Web App virtual directory with the given credentials.' $ok $err $hostName
            return
        }
        if (-not $st.activeDirectory.testCasConnectivityUser) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError -Cmdlet $PSCmdlet -Kind 'TaskException' -Category ObjectNotFound `
                        -Message "The test user account for this site could not be found. Run the script New-TestCasConnectivityUser.ps1 to create the test user account."))
        }
        $cas = Resolve-LabExServer $PSCmdlet $st $ClientAccessServer -OrLocal
        $ep = Test-LabClientEndpoint $st $cas.fqdn
        $db = $st.databases[0]
        $ok = $ep.ok -and (Test-LabDatabaseServing $st $db)
        $err = $ep.reason
        if ($ep.ok -and -not $ok) { $err = "The test mailbox database '$($db.name)' is not available." }
        New-LabCasOutcome $st $cas.name $db.activeServer "https://$($cas.fqdn)/owa/" 'Logon' 'Logs on to Outlook Web App with the test user account.' $ok $err $cas.fqdn
    }
}

function Test-Mailflow {
    [CmdletBinding(DefaultParameterSetName = 'SourceServer', SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Identity,
        [Parameter(ParameterSetName = 'TargetMailboxServer', Mandatory = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter[]]$TargetMailboxServer,
        [Parameter(ParameterSetName = 'TargetDatabase', Mandatory = $true)] [Microsoft.Exchange.Configuration.Tasks.DatabaseIdParameter]$TargetDatabase,
        [Parameter(ParameterSetName = 'TargetEmailAddress', Mandatory = $true)] [string]$TargetEmailAddress,
        [Parameter(ParameterSetName = 'TargetEmailAddress')] [string]$TargetEmailAddressDisplayName,
        [Parameter(ParameterSetName = 'AutoDiscoverTargetMailboxServer', Mandatory = $true)] [switch]$AutoDiscoverTargetMailboxServer,
        [Parameter(ParameterSetName = 'CrossPremises', Mandatory = $true)] [bool]$CrossPremises,
        [Parameter(ParameterSetName = 'CrossPremises')] [object]$CrossPremisesExpirationTimeout,
        [Parameter(ParameterSetName = 'CrossPremises')] [int]$CrossPremisesPendingErrorCount,
        [int]$ActiveDirectoryTimeout,
        [string]$DomainController,
        [int]$ErrorLatency,
        [int]$ExecutionTimeout,
        [bool]$MonitoringContext
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $src = Resolve-LabExServer $PSCmdlet $st $Identity -OrLocal -Reachable
        if (-not $PSCmdlet.ShouldProcess($src.name)) { return }
        $targets = @()
        switch ($PSCmdlet.ParameterSetName) {
            'TargetMailboxServer' {
                foreach ($t in $TargetMailboxServer) {
                    $ts = Resolve-LabExServer $PSCmdlet $st $t
                    $targets += , @{ server = $ts.name; dbs = @($st.databases | Where-Object { $_.activeServer -eq $ts.name }) }
                }
            }
            'TargetDatabase' {
                $dbs = @(Resolve-LabDatabases $PSCmdlet $st $TargetDatabase)
                $targets += , @{ server = $dbs[0].activeServer; dbs = $dbs }
            }
            'TargetEmailAddress' {
                $m = Get-LabMailboxForCredential $st $null $TargetEmailAddress
                $dbs = @()
                if ($m) { $dbs = @($st.databases | Where-Object { $_.name -eq $m.database }) }
                $srvName = $null
                if ($dbs.Count -gt 0) { $srvName = $dbs[0].activeServer }
                $targets += , @{ server = $srvName; dbs = $dbs }
            }
            default { $targets += , @{ server = $src.name; dbs = @($st.databases | Where-Object { $_.activeServer -eq $src.name }) } }
        }
        foreach ($t in $targets) {
            $ok = $false
            foreach ($db in $t.dbs) { if (Test-LabDatabaseServing $st $db) { $ok = $true } }
            New-LabObject $script:ExTypes.Mailflow ([ordered]@{
                    TestMailflowResult = $(if ($ok) { 'Success' } else { '*FAILURE*' })
                    MessageLatencyTime = $(if ($ok) { '00:00:0' + (Get-Random -Minimum 1 -Maximum 4) + '.' + (Get-Random -Minimum 1000 -Maximum 9999) + '000' } else { '00:00:00' })
                    IsRemoteTest       = ($t.server -ne $src.name)
                    Identity           = $null
                }) @('TestMailflowResult', 'MessageLatencyTime', 'IsRemoteTest') -Text $script:ExTypes.Mailflow
        }
    }
}

function Test-ServiceHealth {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Server,
        [int]$ActiveDirectoryTimeout,
        [string]$DomainController,
        [bool]$MonitoringContext
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $srv = Resolve-LabExServer $PSCmdlet $st $Server -OrLocal -Reachable
        if (-not $PSCmdlet.ShouldProcess($srv.name)) { return }
        $services = @{
            'Mailbox Server Role'       = @('IISAdmin', 'MSExchangeADTopology', 'MSExchangeIS', 'MSExchangeMailboxAssistants', 'MSExchangeMailSubmission', 'MSExchangeRepl', 'MSExchangeRPC', 'MSExchangeSA', 'MSExchangeSearch', 'MSExchangeServiceHost', 'MSExchangeThrottling', 'MSExchangeTransportLogSearch', 'W3Svc', 'WinRM')
            'Client Access Server Role' = @('IISAdmin', 'MSExchangeAB', 'MSExchangeADTopology', 'MSExchangeFBA', 'MSExchangeFDS', 'MSExchangeMailboxReplication', 'MSExchangeProtectedServiceHost', 'MSExchangeRPC', 'MSExchangeServiceHost', 'W3Svc', 'WinRM')
            'Hub Transport Server Role' = @('IISAdmin', 'MSExchangeADTopology', 'MSExchangeEdgeSync', 'MSExchangeServiceHost', 'MSExchangeTransport', 'MSExchangeTransportLogSearch', 'W3Svc', 'WinRM')
        }
        $map = [ordered]@{ Mailbox = 'Mailbox Server Role'; ClientAccess = 'Client Access Server Role'; HubTransport = 'Hub Transport Server Role' }
        foreach ($role in $map.Keys) {
            if (@($srv.serverRole) -notcontains $role) { continue }
            New-LabObject $script:ExTypes.Health ([ordered]@{
                    Role                    = $map[$role]
                    RequiredServicesRunning = $true
                    ServicesRunning         = $services[$map[$role]]
                    ServicesNotRunning      = @()
                }) @('Role', 'RequiredServicesRunning', 'ServicesRunning', 'ServicesNotRunning') -Text $map[$role]
        }
    }
}

# ---------------------------------------------------------------- Mail sent during an outage
# A message submitted by SMTP (Send-MailMessage from the workstation, PowerShell 2.0's parameters) to a Hub
# Transport server that answers is received at once; it is delivered when its recipient's database serves
# clients: at once, or, while that database is dismounted (an outage), queued until it mounts. Both land in
# the message tracking log (the lab's timeline), which Get-MessageTrackingLog reads.

function Send-MailMessage {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string[]]$To,
        [Parameter(Mandatory = $true, Position = 1)] [Alias('sub')] [ValidateNotNullOrEmpty()] [string]$Subject,
        [Parameter(Position = 2)] [ValidateNotNullOrEmpty()] [string]$Body,
        [Parameter(Position = 3)] [Alias('ComputerName')] [ValidateNotNullOrEmpty()] [string]$SmtpServer,
        [Parameter(Mandatory = $true)] [ValidateNotNullOrEmpty()] [string]$From,
        [Alias('PsPath')] [ValidateNotNullOrEmpty()] [string[]]$Attachments,
        [ValidateNotNullOrEmpty()] [string[]]$Bcc,
        [Alias('BAH')] [switch]$BodyAsHtml,
        [ValidateNotNullOrEmpty()] [string[]]$Cc,
        [System.Management.Automation.PSCredential]$Credential,
        [Alias('DNO')] [ValidateNotNullOrEmpty()] [System.Net.Mail.DeliveryNotificationOptions]$DeliveryNotificationOption,
        [Alias('BE')] [ValidateNotNullOrEmpty()] [System.Text.Encoding]$Encoding,
        [ValidateNotNullOrEmpty()] [System.Net.Mail.MailPriority]$Priority,
        [switch]$UseSsl
    )
    $st = Enter-LabCommand $PSCmdlet
    $hub = $null
    if ($SmtpServer) { $hub = Get-LabExServer $st $SmtpServer.Split('.')[0] }
    if ($null -eq $hub -or @($hub.serverRole) -notcontains 'HubTransport' -or -not (Test-LabServerReachable $st $hub.name)) {
        $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message 'Unable to connect to the remote server' `
                    -ExceptionType 'System.Net.Mail.SmtpException' -ErrorId 'SmtpException' -Category InvalidOperation -TargetObject $SmtpServer))
    }
    $mailboxes = @()
    foreach ($address in @($To) + @($Cc) + @($Bcc)) {
        if (-not $address) { continue }
        $m = @($st.mailboxes | Where-Object { [string]::Equals($_.primarySmtpAddress, $address, [StringComparison]::OrdinalIgnoreCase) })[0]
        if ($null -eq $m) {
            $PSCmdlet.ThrowTerminatingError((New-LabErrorRecord -Message "Mailbox unavailable. The server response was: 5.1.1 User unknown" `
                        -ExceptionType 'System.Net.Mail.SmtpFailedRecipientException' -ErrorId 'SmtpException' -Category InvalidOperation -TargetObject $address))
        }
        $mailboxes += $m
    }
    $now = Get-LabNow
    foreach ($m in $mailboxes) {
        $id = '<' + [Guid]::NewGuid().ToString('N') + '@' + $hub.fqdn + '>'
        Add-LabTimeline $st 'MessageReceived' $Subject "Message '$Subject' from $From to $($m.primarySmtpAddress) received by $($hub.name)." $now @{
            messageId = $id; sender = $From; recipient = $m.primarySmtpAddress; database = $m.database; server = $hub.name }
        $db = @($st.databases | Where-Object { $_.name -eq $m.database })[0]
        if ($db -and (Test-LabDatabaseServing $st $db)) { Complete-LabQueuedMail $st $db.name $now }
    }
    Save-LabState $st
}

function Complete-LabQueuedMail {
    # Delivers every received message whose database had not taken it yet: called when a database serves again.
    param($State, [string]$DatabaseName, $Time)
    $delivered = @{}
    foreach ($e in $State.lab.timeline) { if ($e.kind -eq 'MessageDelivered') { $delivered[[string]$e.messageId] = $true } }
    foreach ($e in @($State.lab.timeline)) {
        if ($e.kind -ne 'MessageReceived' -or $e.database -ne $DatabaseName -or $delivered.ContainsKey([string]$e.messageId)) { continue }
        $db = @($State.databases | Where-Object { $_.name -eq $DatabaseName })[0]
        Add-LabTimeline $State 'MessageDelivered' $e.subject "Message '$($e.subject)' delivered to $($e.recipient) in $DatabaseName on $($db.activeServer)." $Time @{
            messageId = $e.messageId; sender = $e.sender; recipient = $e.recipient; database = $DatabaseName; server = $db.activeServer }
    }
}

function Get-MessageTrackingLog {
    # Exchange 2010's parameters; the events are the lab's RECEIVE (SMTP) and DELIVER (STOREDRIVER).
    [CmdletBinding()]
    param(
        [string]$DomainController,
        [datetime]$End,
        [string]$EventId,
        [string]$InternalMessageId,
        [string]$MessageId,
        [string]$MessageSubject,
        [string[]]$Recipients,
        [string]$Reference,
        [object]$ResultSize,
        [string]$Sender,
        [Parameter(ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Server,
        [datetime]$Start
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $srv = Resolve-LabExServer $PSCmdlet $st $Server -OrLocal -Reachable
        foreach ($e in $st.lab.timeline) {
            $kind = @{ MessageReceived = 'RECEIVE'; MessageDelivered = 'DELIVER' }[[string]$e.kind]
            if (-not $kind -or -not [string]::Equals([string]$e.server, $srv.name, [StringComparison]::OrdinalIgnoreCase)) { continue }
            $at = ConvertFrom-LabTime $e.time
            if ($EventId -and $EventId -ne $kind) { continue }
            if ($MessageSubject -and ([string]$e.subject).IndexOf($MessageSubject, [StringComparison]::OrdinalIgnoreCase) -lt 0) { continue }
            if ($MessageId -and $MessageId -ne $e.messageId) { continue }
            if ($Sender -and $Sender -ne $e.sender) { continue }
            if ($Recipients -and @($Recipients | Where-Object { $_ -eq $e.recipient }).Count -eq 0) { continue }
            if ($PSBoundParameters.ContainsKey('Start') -and $at -lt $Start.ToUniversalTime()) { continue }
            if ($PSBoundParameters.ContainsKey('End') -and $at -gt $End.ToUniversalTime()) { continue }
            New-LabObject 'Microsoft.Exchange.Management.TransportLogSearchTasks.MessageTrackingEvent' ([ordered]@{
                    Timestamp      = $at.ToLocalTime()
                    ServerHostname = $srv.name
                    Source         = $(if ($kind -eq 'DELIVER') { 'STOREDRIVER' } else { 'SMTP' })
                    EventId        = $kind
                    MessageId      = [string]$e.messageId
                    Recipients     = @([string]$e.recipient)
                    Sender         = [string]$e.sender
                    MessageSubject = [string]$e.subject
                }) @('EventId', 'Source', 'Sender', 'Recipients', 'MessageSubject')
        }
    }
}
