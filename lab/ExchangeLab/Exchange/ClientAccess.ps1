# Exchange Client Access: Get/New/Set/Remove-ClientAccessArray (one per AD site), Get-ClientAccessServer,
# Get-Mailbox.

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
                }) $script:ExDisplay.Cas -Text $s.name
        }
    }
}

function Get-OwaVirtualDirectory {
    # One "owa (Default Web Site)" per Client Access server, published under the site's OWA host name
    # (internal and external alike, as a small site publishes one name).
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [object]$Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true, ValueFromPipeline = $true)] [Microsoft.Exchange.Configuration.Tasks.ServerIdParameter]$Server,
        [switch]$ADPropertiesOnly,
        [string]$DomainController
    )
    begin { $st = Enter-LabCommand $PSCmdlet }
    process {
        $serverId = $null; $nameId = $null
        if ($PSCmdlet.ParameterSetName -eq 'Server') { $serverId = Get-LabIdentityText $Server }
        else {
            # "Server\Name" or "Name"; the name is "owa (Default Web Site)" (wildcards allowed).
            $text = Get-LabIdentityText $Identity
            if ($text -and $text.Contains('\')) { $serverId, $nameId = $text.Split('\', 2) } else { $nameId = $text }
        }
        if ($serverId) { [void](Resolve-LabExServer $PSCmdlet $st $serverId) }
        $found = @(Find-LabExServers $st $serverId | Where-Object { @($_.serverRole) -contains 'ClientAccess' } |
                Where-Object { -not $nameId -or (Test-LabName $nameId 'owa (Default Web Site)') })
        if ($PSCmdlet.ParameterSetName -eq 'Identity') { Write-LabExNotFound $PSCmdlet $st (Get-LabIdentityText $Identity) $found }
        $url = "https://$($st.clientAccess.owaHostName)/owa"
        foreach ($s in $found) {
            $name = 'owa (Default Web Site)'
            New-LabObject $script:ExTypes.OwaVdir ([ordered]@{
                    Name        = $name
                    Server      = (New-LabServerId $st $s.name)
                    InternalUrl = $url
                    ExternalUrl = $url
                    Identity    = "$($s.name)\$name"
                }) $script:ExDisplay.OwaVdir -Text "$($s.name)\$name"
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
                }) $script:ExDisplay.Mailbox -Text $m.name
        }
    }
}
