# FailoverClusters role cmdlets: Remove-ClusterGroup (leaves the computer object and DNS record behind),
# Add-ClusterServerRole (a client access point in one call) and Test-Cluster (validation report).

function Remove-ClusterGroup {
    # 2008 R2: prompts unless -Force; 2012 R2 adds -WhatIf/-Confirm (supported here).
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [switch]$Force,
        [switch]$RemoveResources
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $targets = @($Name)
        if (-not $Name) { $targets = @(Resolve-LabInputName $InputObject 'Group') }
        foreach ($n in $targets) {
            $st = Open-LabState
            $g = Resolve-LabGroupArgument $PSCmdlet $st $n $null
            if ($g.isCoreGroup) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'RemoveClusterGroup' -TargetObject $g.name `
                            -Message "An error occurred while removing the clustered role '$($g.name)'.`n    The operation is not valid on the core cluster group."))
            }
            $res = @(Get-LabGroupResources $st $g.name)
            if ($res.Count -gt 0 -and -not $RemoveResources) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'RemoveClusterGroup' -TargetObject $g.name `
                            -Message "The clustered role '$($g.name)' contains resources. Specify -RemoveResources to remove the group together with its resources."))
            }
            if (-not $PSCmdlet.ShouldProcess($g.name, 'Remove clustered role')) { continue }
            if (-not $Force -and -not (Confirm-LabPrompt $PSCmdlet "Are you sure you want to remove the clustered role '$($g.name)'?" 'Remove-ClusterGroup')) { continue }
            $now = Get-LabNow
            Remove-LabPending $st { param($p) $p.kind -eq 'GroupOnline' -and $p.data.group -eq $g.name }
            if ((Get-LabGroupState $st $g) -ne 'Offline') { Set-LabGroupOffline $st $g $now }
            foreach ($r in $res) {
                if ($r.resourceType -eq 'Network Name') {
                    # As the real cluster does: the computer object is disabled, not deleted; the DNS record stays.
                    foreach ($c in $st.activeDirectory.computers) {
                        if ($c.owner -eq $r.id -and $c.enabled) {
                            $c.enabled = $false
                            Add-LabTimeline $st 'ComputerObjectDisabled' $c.name "Computer object $($c.distinguishedName) disabled (left behind by the removed network name)." $now
                        }
                    }
                }
                $st.cluster.resources.Remove($r)
                Add-LabTimeline $st 'ResourceRemoved' $r.name "Resource '$($r.name)' removed." $now
            }
            $st.cluster.groups.Remove($g)
            Add-LabTimeline $st 'GroupRemoved' $g.name "Group '$($g.name)' removed." $now
            Save-LabState $st
        }
    }
}

function Add-ClusterServerRole {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [string[]]$IgnoreNetwork,
        [string[]]$StaticAddress,
        [string[]]$Storage,
        [int]$Wait
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    if (-not $Name) { $Name = $st.cluster.name + 'Other' }
    $fail = { param($m, $cat) $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category $cat -ErrorId 'AddClusterServerRole' -TargetObject $Name -Message $m)) }
    if ($Storage) { & $fail "Cluster disk '$($Storage[0])' was not found. The cluster has no shared storage." ObjectNotFound }
    if (Test-LabClusterNameTaken $st $Name) { & $fail "An error occurred while creating the clustered role '$Name'.`n    The object already exists." ResourceExists }
    foreach ($ig in @($IgnoreNetwork)) {
        if ($ig -and $null -eq (Get-LabClusterNetwork $st $ig)) { & $fail "The cluster network '$ig' was not found." ObjectNotFound }
    }
    $assign = @()
    foreach ($a in @($StaticAddress)) {
        if (-not $a) { continue }
        if (-not (Test-LabIPv4 $a)) { & $fail "'$a' is not a valid IPv4 address." InvalidArgument }
        $net = $null
        foreach ($n in $st.cluster.networks) { if ([int]$n.role -eq 3 -and (Test-LabInSubnet $a $n.address $n.addressMask)) { $net = $n } }
        if ($null -eq $net) { & $fail "Static address '$a' is not on any cluster network enabled for client access." InvalidArgument }
        $assign += @{ address = $a; network = $net }
    }
    foreach ($n in $st.cluster.networks) {
        if ([int]$n.role -ne 3) { continue }
        $ignored = $false
        foreach ($ig in @($IgnoreNetwork)) { if ($ig -and [string]::Equals($ig, $n.name, [StringComparison]::OrdinalIgnoreCase)) { $ignored = $true } }
        $has = @($assign | Where-Object { $_.network.name -eq $n.name }).Count -gt 0
        if (-not $ignored -and -not $has) {
            & $fail "Static address was not specified for the cluster network '$($n.name)'. Specify a static address for every network enabled for client access that does not use DHCP, or list the network in -IgnoreNetwork." InvalidArgument
        }
    }
    if ($assign.Count -eq 0) { & $fail 'There was no network found that is enabled for client access. Specify -StaticAddress.' InvalidArgument }

    $owner = (Get-LabFirstUpNode $st).name
    $g = New-LabGroupRecord $st $Name $owner
    $g.persistentState = 1
    [void]$st.cluster.groups.Add($g)
    $now = Get-LabNow
    Add-LabTimeline $st 'GroupCreated' $Name "Clustered role '$Name' (client access point) created on $owner." $now
    $nn = New-LabResourceRecord $Name 'Network Name' $Name
    $nn.parameters.Name = $Name
    foreach ($a in $assign) {
        $ip = New-LabResourceRecord ("IP Address " + $a.address) 'IP Address' $Name
        $ip.parameters.Address = $a.address
        $ip.parameters.SubnetMask = $a.network.addressMask
        $ip.parameters.Network = $a.network.name
        [void]$st.cluster.resources.Add($ip)
        [void]$nn.dependsOn.Add($ip.name)
    }
    [void]$st.cluster.resources.Add($nn)
    Start-LabGroupTransition $st $g $now
    [void](Invoke-LabDueEvents $st)
    Save-LabState $st
    $waitArg = $null
    if ($PSBoundParameters.ContainsKey('Wait')) { $waitArg = $Wait }
    $st = Wait-LabGroup $st $g $waitArg
    $g = Get-LabGroup $st $Name
    $msg = Get-LabGroupFailureMessage $st $g 'creating'
    if ($msg) { & $fail $msg OperationStopped }
    ConvertTo-LabGroupObject $st $g
}

function Test-Cluster {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Node,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [string[]]$Ignore,
        [string[]]$Include,
        [switch]$List,
        [string]$ReportName
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    $categories = [ordered]@{
        'Inventory'             = @('List BIOS Information', 'List Operating System Information', 'List Software Updates')
        'Network'               = @('Validate Cluster Network Configuration', 'Validate IP Configuration', 'Validate Network Communication')
        'System Configuration'  = @('Validate Active Directory Configuration', 'Validate All Drivers Signed', 'Validate Same Processor Architecture')
        'Storage'               = @('List All Disks', 'Validate Disk Arbitration', 'Validate SCSI-3 Persistent Reservation')
        'Cluster Configuration' = @('List Cluster Core Groups', 'List Cluster Network Information', 'Validate Quorum Configuration', 'Validate Resource Status')
    }
    if ($List) {
        foreach ($c in $categories.Keys) {
            foreach ($t in $categories[$c]) {
                New-LabObject 'Microsoft.FailoverClusters.PowerShell.ClusterTestInfo' ([ordered]@{ Category = $c; DisplayName = $t; Description = "$t." }) @('Category', 'DisplayName', 'Description') -Text $t
            }
        }
        return
    }
    $results = New-Object System.Collections.ArrayList
    foreach ($c in $categories.Keys) {
        if ($Include -and -not ($Include -contains $c)) { continue }
        if ($Ignore -and ($Ignore -contains $c)) { continue }
        foreach ($t in $categories[$c]) {
            $r = 'Success'
            if ($c -eq 'Network' -and @($st.cluster.nodes | Where-Object { -not $_.nicsEnabled }).Count -gt 0) { $r = 'Failed' }
            if ($t -eq 'Validate Resource Status' -and @($st.cluster.resources | Where-Object { $_.state -eq 'Failed' }).Count -gt 0) { $r = 'Warning' }
            if ($t -eq 'Validate Quorum Configuration' -and -not $st.dag.witnessAvailable) { $r = 'Warning' }
            if ($c -eq 'Storage') { $r = 'Not applicable (no shared disks)' }
            [void]$results.Add("<tr><td>$c</td><td>$t</td><td>$r</td></tr>")
        }
    }
    $dir = Join-Path (Split-Path -Parent ([System.IO.Path]::GetFullPath($script:LabStatePath))) 'reports'
    if (-not (Test-Path -LiteralPath $dir)) { [void](New-Item -ItemType Directory -Path $dir) }
    $stamp = (Get-LabNow).ToString('yyyy.MM.dd \A\t HH.mm.ss', [System.Globalization.CultureInfo]::InvariantCulture)
    if (-not $ReportName) { $ReportName = Join-Path $dir "Validation Report $stamp" }
    $path = $ReportName + '.htm'
    $html = "<html><body><h1>Failover Cluster Validation Report (lab)</h1><p>Cluster: $($st.cluster.name)</p><table>" + ($results -join '') + '</table></body></html>'
    [System.IO.File]::WriteAllText($path, $html)
    if (($results -join '') -match 'Failed|Warning') {
        Write-Warning "Test Result:`nClusterConditionallyApproved`nTesting has completed successfully. The configuration appears to be suitable for clustering. However, you should review the report because it may contain warnings which you should address to attain the highest availability."
    }
    Get-Item -LiteralPath $path
}
