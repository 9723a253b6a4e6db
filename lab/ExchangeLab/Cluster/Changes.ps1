# FailoverClusters change cmdlets: Set-ClusterParameter, Add-ClusterGroup/-Resource/-ResourceDependency,
# Get-ClusterResourceDependency, Start-/Stop-/Move-ClusterGroup.

# ---------------------------------------------------------------- cmdlets: change

function Set-ClusterParameter {
    [CmdletBinding(DefaultParameterSetName = 'NoMultiple')]
    param(
        [Parameter(ParameterSetName = 'NoMultiple', Position = 0)] [string]$Name,
        [Parameter(ParameterSetName = 'NoMultiple', Position = 1)] [psobject]$Value,
        [Parameter(ParameterSetName = 'Multiple', Mandatory = $true)] [hashtable]$Multiple,
        [Parameter(ParameterSetName = 'NoMultiple')] [switch]$Create,
        [Parameter(ParameterSetName = 'NoMultiple')] [switch]$Delete,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        $st = Open-LabState
        $rn = Resolve-LabInputName $InputObject 'Resource'
        $res = $null
        if ($rn) { $res = Get-LabResource $st $rn }
        if ($null -eq $res) {
            if ($rn) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $rn)) }
            $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidClusterObject' `
                        -Message "The lab keeps private properties on resources only: pipe a resource (Get-ClusterResource 'name' | Set-ClusterParameter ...)."))
        }
        $changes = @{}
        if ($PSCmdlet.ParameterSetName -eq 'Multiple') { foreach ($k in $Multiple.Keys) { $changes[[string]$k] = $Multiple[$k] } }
        else {
            if (-not $Name) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' `
                            -Message 'The parameter is incorrect. Specify -Name (and -Value).'))
            }
            $changes[$Name] = $Value
        }
        foreach ($k in @($changes.Keys)) {
            $known = $null
            foreach ($pk in $res.parameters.Keys) { if ([string]::Equals($pk, $k, [StringComparison]::OrdinalIgnoreCase)) { $known = $pk } }
            if ($Delete) {
                if ($null -eq $known) { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'ParameterNotFound' -Message "Parameter name '$k' does not exist on the cluster object '$($res.name)'.")) }
                $res.parameters.Remove($known)
                continue
            }
            if ($null -eq $known -and -not $Create) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'ParameterNotFound' `
                            -Message ("Parameter name '{0}' does not exist on the cluster object '{1}'. If you are trying to update an existing parameter, please make sure the parameter name is specified correctly. You can check for the current parameters by passing the .. object to Get-ClusterParameter." -f $k, $res.name)))
            }
            if ($null -eq $known) { $known = $k }
            if ($script:ReadOnlyParameters -contains $known) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category PermissionDenied -ErrorId 'ReadOnlyParameter' `
                            -Message "Unable to save property changes for '$($res.name)'.`n    The cluster property '$known' is read-only."))
            }
            $v = $changes[$k]
            if ($v -is [psobject]) { $v = $v.PSObject.BaseObject }
            if ($script:UInt32Parameters -contains $known) {
                try { $v = [uint32]$v } catch { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message "Unable to save property changes for '$($res.name)'.`n    The parameter is incorrect.")) }
                $v = [long]$v
            } else { $v = [string]$v }
            if ($res.resourceType -eq 'IP Address' -and ($known -eq 'Address' -or $known -eq 'SubnetMask') -and $v -and -not (Test-LabIPv4 $v)) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message "Unable to save property changes for '$($res.name)'.`n    The parameter is incorrect."))
            }
            if ($res.resourceType -eq 'IP Address' -and $known -eq 'Network' -and $null -eq (Get-LabClusterNetwork $st $v)) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'InvalidParameter' -Message "Unable to save property changes for '$($res.name)'.`n    The cluster network was not found."))
            }
            $res.parameters[$known] = $v
            Add-LabTimeline $st 'ParameterSet' $res.name "Parameter $known of '$($res.name)' set to '$v'."
        }
        Save-LabState $st
        if ($res.state -eq 'Online') {
            Write-Warning ("The properties were stored, but not all changes will take effect until {0} is taken offline and then online again." -f $res.name)
        }
    }
}

function New-LabGroupRecord {
    param($State, [string]$Name, [string]$Owner)
    return @{ name = $Name; id = [Guid]::NewGuid().ToString(); ownerNode = $Owner; isCoreGroup = $false; persistentState = 0; description = '' }
}

function New-LabResourceRecord {
    param([string]$Name, [string]$Type, [string]$Group)
    $params = @{}
    $defaults = $script:ResourceDefaults[$Type]
    if ($defaults) { foreach ($k in $defaults.Keys) { $params[$k] = $defaults[$k] } }
    return @{ name = $Name; id = [Guid]::NewGuid().ToString(); resourceType = $Type; group = $Group; state = 'Offline'; isCoreResource = $false; parameters = $params; dependsOn = (New-LabList); lastError = $null }
}

function Test-LabClusterNameTaken {
    param($State, [string]$Name)
    if (Get-LabGroup $State $Name) { return $true }
    if (Get-LabResource $State $Name) { return $true }
    foreach ($r in $State.cluster.resources) {
        if ($r.resourceType -eq 'Network Name' -and [string]::Equals([string]$r.parameters.Name, $Name, [StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Add-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    if (Test-LabClusterNameTaken $st $Name) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ResourceExists -ErrorId 'AddClusterGroup' -TargetObject $Name `
                    -Message "An error occurred creating cluster group '$Name'.`n    The object already exists."))
    }
    $owner = (Get-LabFirstUpNode $st).name
    $g = New-LabGroupRecord $st $Name $owner
    [void]$st.cluster.groups.Add($g)
    Add-LabTimeline $st 'GroupCreated' $Name "Group '$Name' created on $owner."
    Save-LabState $st
    ConvertTo-LabGroupObject $st $g
}

function Add-ClusterResource {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string]$Name,
        [Parameter(Mandatory = $true, Position = 1)] [Alias('ResType', 'Type')] [ValidateNotNullOrEmpty()] [string]$ResourceType,
        [Parameter(Position = 2)] [string]$Group,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    $groupName = $Group
    if (-not $groupName -and $InputObject) { $groupName = Resolve-LabInputName $InputObject 'Group' }
    if (-not $groupName) { $groupName = 'Available Storage' }
    $g = Get-LabGroup $st $groupName
    if ($null -eq $g) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'AddClusterResource' -TargetObject $groupName `
                    -Message "An error occurred creating resource '$Name'.`n    The cluster group could not be found."))
    }
    $type = $null
    foreach ($t in $script:ResourceTypes) { if ([string]::Equals($t, $ResourceType, [StringComparison]::OrdinalIgnoreCase)) { $type = $t } }
    if ($null -eq $type) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'AddClusterResource' -TargetObject $ResourceType `
                    -Message "An error occurred creating resource '$Name'.`n    The specified resource type was not found."))
    }
    if (Get-LabResource $st $Name) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ResourceExists -ErrorId 'AddClusterResource' -TargetObject $Name `
                    -Message "An error occurred creating resource '$Name'.`n    The object already exists."))
    }
    $r = New-LabResourceRecord $Name $type $g.name
    [void]$st.cluster.resources.Add($r)
    Add-LabTimeline $st 'ResourceCreated' $Name "Resource '$Name' ($type) created in group '$($g.name)'."
    Save-LabState $st
    ConvertTo-LabResourceObject $st $r
}

function Add-ClusterResourceDependency {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Resource,
        [Parameter(Position = 1)] [string]$Provider,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    $st = Enter-LabCommand $PSCmdlet
    Assert-LabCluster $PSCmdlet $st $Cluster
    $resName = $Resource
    if ($InputObject) {
        $fromPipe = Resolve-LabInputName $InputObject 'Resource'
        if ($fromPipe) {
            if ($Resource -and -not $Provider) { $Provider = $Resource }
            $resName = $fromPipe
        }
    }
    if (-not $resName -or -not $Provider) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message 'Specify the dependent resource and the provider resource.'))
    }
    $dep = Get-LabResource $st $resName
    if ($null -eq $dep) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $resName)) }
    $prov = Get-LabResource $st $Provider
    if ($null -eq $prov) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $Provider)) }
    $fail = $null
    if ($dep.name -eq $prov.name) { $fail = 'A circular resource dependency cannot be created.' }
    elseif (-not [string]::Equals($dep.group, $prov.group, [StringComparison]::OrdinalIgnoreCase)) { $fail = 'The cluster resources must be in the same group to create a dependency between them.' }
    elseif ($dep.dependsOn -contains $prov.name) { $fail = 'The cluster resource dependency already exists.' }
    elseif ($dep.state -eq 'Online' -or $dep.state -eq 'OnlinePending') { $fail = 'The operation could not be completed because the cluster resource is online.' }
    if ($fail) {
        $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'AddClusterResourceDependency' -TargetObject $dep.name `
                    -Message ("An error occurred adding dependency '{0}' to resource '{1}'.`n    {2}" -f $prov.name, $dep.name, $fail)))
    }
    [void]$dep.dependsOn.Add($prov.name)
    Add-LabTimeline $st 'DependencyAdded' $dep.name "Resource '$($dep.name)' now depends on '$($prov.name)'."
    Save-LabState $st
    ConvertTo-LabResourceObject $st $dep
}

function Get-ClusterResourceDependency {
    # Output as the real cmdlet: Resource and DependencyExpression, e.g. "([IP Address 192.168.0.110])".
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Resource,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    process {
        $st = Enter-LabCommand $PSCmdlet
        Assert-LabCluster $PSCmdlet $st $Cluster
        $resName = $Resource
        if ($InputObject) { $fromPipe = Resolve-LabInputName $InputObject 'Resource'; if ($fromPipe) { $resName = $fromPipe } }
        if (-not $resName) {
            $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message 'Specify the resource by -Resource or from the pipeline.'))
        }
        $res = Get-LabResource $st $resName
        if ($null -eq $res) { $PSCmdlet.ThrowTerminatingError((New-ClusterNotFound $PSCmdlet 'resource' $resName)) }
        $expression = ''
        if (@($res.dependsOn).Count -gt 0) { $expression = '(' + ((@($res.dependsOn) | ForEach-Object { '[' + $_ + ']' }) -join ' and ') + ')' }
        New-LabObject 'Microsoft.FailoverClusters.PowerShell.ClusterResourceDependency' ([ordered]@{ Resource = $res.name; DependencyExpression = $expression }) -Text $res.name
    }
}

function Resolve-LabGroupArgument {
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, [string]$Name, $InputObject)
    $n = $Name
    if (-not $n -and $null -ne $InputObject) { $n = Resolve-LabInputName $InputObject 'Group' }
    if (-not $n) {
        $Cmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $Cmdlet -Category InvalidArgument -ErrorId 'InvalidParameter' -Message 'Specify the clustered role (group) by -Name or from the pipeline.'))
    }
    $g = Get-LabGroup $State $n
    if ($null -eq $g) { $Cmdlet.ThrowTerminatingError((New-ClusterNotFound $Cmdlet 'group' $n)) }
    return $g
}

function Start-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [int]$Wait
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $st = Open-LabState
        $g = Resolve-LabGroupArgument $PSCmdlet $st $Name $InputObject
        $owner = Get-LabNode $st $g.ownerNode
        if ($null -eq $owner -or $owner.state -ne 'Up' -or -not $owner.nicsEnabled) { $g.ownerNode = (Get-LabFirstUpNode $st).name }
        $g.persistentState = 1
        $now = Get-LabNow
        foreach ($r in (Get-LabGroupResources $st $g.name)) { if ($r.state -eq 'Failed') { $r.state = 'Offline' } }
        Add-LabTimeline $st 'GroupStarting' $g.name "Bringing group '$($g.name)' online on $($g.ownerNode)." $now
        Start-LabGroupTransition $st $g $now
        [void](Invoke-LabDueEvents $st)
        Save-LabState $st
        $waitArg = $null
        if ($PSBoundParameters.ContainsKey('Wait')) { $waitArg = $Wait }
        $st = Wait-LabGroup $st $g $waitArg
        $g = Get-LabGroup $st $g.name
        $msg = $null
        if ($null -eq $waitArg -or $waitArg -ne 0) { $msg = Get-LabGroupFailureMessage $st $g 'starting' }
        if ($msg) { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category OperationStopped -ErrorId 'StartClusterGroup' -TargetObject $g.name -Message $msg)) }
        ConvertTo-LabGroupObject $st $g
    }
}

function Stop-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [int]$Wait
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $st = Open-LabState
        $g = Resolve-LabGroupArgument $PSCmdlet $st $Name $InputObject
        Remove-LabPending $st { param($p) $p.kind -eq 'GroupOnline' -and $p.data.group -eq $g.name }
        $g.persistentState = 0
        Set-LabGroupOffline $st $g (Get-LabNow)
        Save-LabState $st
        ConvertTo-LabGroupObject $st $g
    }
}

function Move-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(Position = 1)] [string]$Node,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster,
        [int]$Wait
    )
    begin { $st0 = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st0 $Cluster }
    process {
        $st = Open-LabState
        $g = Resolve-LabGroupArgument $PSCmdlet $st $Name $InputObject
        $target = $null
        if ($Node) {
            $target = Get-LabNode $st $Node
            if ($null -eq $target) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category ObjectNotFound -ErrorId 'MoveClusterGroup' -TargetObject $Node `
                            -Message "An error occurred while moving the clustered role '$($g.name)'.`n    The cluster node was not found."))
            }
            if ($target.state -ne 'Up' -or -not $target.nicsEnabled) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'MoveClusterGroup' -TargetObject $Node `
                            -Message "An error occurred while moving the clustered role '$($g.name)'.`n    The cluster node is down."))
            }
        } else {
            $target = Get-LabFirstUpNode $st $g.ownerNode
            if ($null -eq $target) {
                $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category InvalidOperation -ErrorId 'MoveClusterGroup' -TargetObject $g.name `
                            -Message "An error occurred while moving the clustered role '$($g.name)'.`n    No other cluster node is available to host the clustered role. The cluster node is down."))
            }
        }
        if ([string]::Equals($target.name, $g.ownerNode, [StringComparison]::OrdinalIgnoreCase)) { ConvertTo-LabGroupObject $st $g; return }
        $now = Get-LabNow
        $from = $g.ownerNode
        $wasOnline = (Get-LabGroupState $st $g) -ne 'Offline'
        if ($wasOnline) { Set-LabGroupOffline $st $g $now -Quiet }
        $g.ownerNode = $target.name
        Add-LabTimeline $st 'GroupMoved' $g.name "Group '$($g.name)' moved from $from to $($target.name)." $now @{ from = $from; to = $target.name }
        if ($wasOnline) { Start-LabGroupTransition $st $g $now; [void](Invoke-LabDueEvents $st) }
        Save-LabState $st
        if ($wasOnline) {
            $waitArg = $null
            if ($PSBoundParameters.ContainsKey('Wait')) { $waitArg = $Wait }
            $st = Wait-LabGroup $st $g $waitArg
            $g = Get-LabGroup $st $g.name
            $msg = Get-LabGroupFailureMessage $st $g 'moving'
            if ($msg) { $PSCmdlet.ThrowTerminatingError((New-ClusterError -Cmdlet $PSCmdlet -Category OperationStopped -ErrorId 'MoveClusterGroup' -TargetObject $g.name -Message $msg)) }
        }
        ConvertTo-LabGroupObject $st $g
    }
}
