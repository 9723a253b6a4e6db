# FailoverClusters read cmdlets: Get-Cluster, Get-ClusterNode, Get-ClusterNetwork, Get-ClusterGroup,
# Get-ClusterResource, Get-ClusterParameter (one skeleton: Write-LabClusterItems).

function Get-Cluster {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(ParameterSetName = 'Name', Position = 0)] [string]$Name,
        [Parameter(ParameterSetName = 'Domain')] [string]$Domain
    )
    $st = Enter-LabCommand $PSCmdlet
    if ($PSCmdlet.ParameterSetName -eq 'Domain') {
        if ([string]::Equals($Domain, $st.domain.fqdn, [StringComparison]::OrdinalIgnoreCase) -or
            [string]::Equals($Domain, $st.domain.netbiosName, [StringComparison]::OrdinalIgnoreCase)) { ConvertTo-LabClusterObject $st }
        return
    }
    Assert-LabCluster $PSCmdlet $st $Name
    ConvertTo-LabClusterObject $st
}

function Write-LabClusterItems {
    # The Get-Cluster* skeleton: the cluster's nodes, networks, groups or resources whose name matches -Name
    # (a string piped in counts as a name), narrowed to what a piped node owns (groups, resources) or a
    # piped group holds (resources), written as the module's objects; a plain name that matches nothing
    # writes the not-found error through the calling cmdlet.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, $State, [ValidateSet('Node', 'Network', 'Group', 'Resource')] [string]$Kind, [string[]]$Name, $InputObject)
    $names = $Name
    $node = $null
    $group = $null
    if ($null -ne $InputObject) {
        if ($InputObject -is [string]) { $names = @($InputObject) }
        elseif ($Kind -ne 'Node' -and $Kind -ne 'Network' -and (Test-LabObjectType $InputObject 'Node')) { $node = [string]$InputObject.Name }
        elseif ($Kind -eq 'Resource' -and (Test-LabObjectType $InputObject 'Group')) { $group = [string]$InputObject.Name }
    }
    switch ($Kind) {
        'Node' { $items = $State.cluster.nodes; $what = 'node'; $lookup = 'Get-LabNode'; $convert = 'ConvertTo-LabNodeObject' }
        'Network' { $items = $State.cluster.networks; $what = 'network'; $lookup = 'Get-LabClusterNetwork'; $convert = 'ConvertTo-LabNetworkObject' }
        'Group' { $items = $State.cluster.groups; $what = 'group'; $lookup = 'Get-LabGroup'; $convert = 'ConvertTo-LabGroupObject' }
        'Resource' { $items = $State.cluster.resources; $what = 'resource'; $lookup = 'Get-LabResource'; $convert = 'ConvertTo-LabResourceObject' }
    }
    Select-LabNamed $items $names $Cmdlet $what $lookup $State | ForEach-Object {
        if ($group -and -not [string]::Equals($_.group, $group, [StringComparison]::OrdinalIgnoreCase)) { return }
        if ($node) {
            $owner = $_.ownerNode
            if ($Kind -eq 'Resource') { $owner = (Get-LabGroup $State $_.group).ownerNode }
            if (-not [string]::Equals($owner, $node, [StringComparison]::OrdinalIgnoreCase)) { return }
        }
        & $convert $State $_
    }
}

function Get-ClusterNode {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process { Write-LabClusterItems $PSCmdlet $st Node $Name $InputObject }
}

function Get-ClusterNetwork {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process { Write-LabClusterItems $PSCmdlet $st Network $Name $InputObject }
}

function Get-ClusterGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process { Write-LabClusterItems $PSCmdlet $st Group $Name $InputObject }
}

function Get-ClusterResource {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process { Write-LabClusterItems $PSCmdlet $st Resource $Name $InputObject }
}

function Get-ClusterParameter {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [Parameter(ValueFromPipeline = $true)] [psobject]$InputObject,
        [string]$Cluster
    )
    begin { $st = Enter-LabCommand $PSCmdlet; Assert-LabCluster $PSCmdlet $st $Cluster }
    process {
        $res = $null
        $objName = $st.cluster.name
        $params = @{}
        if ($null -ne $InputObject) {
            $rn = Resolve-LabInputName $InputObject 'Resource'
            if ($rn) {
                $res = Get-LabResource $st $rn
                if ($null -eq $res) { $PSCmdlet.WriteError((New-ClusterNotFound $PSCmdlet 'resource' $rn)); return }
                $objName = $res.name
                $params = $res.parameters
            } else { $objName = [string]$InputObject.Name }
        }
        $keys = [string[]]@($params.Keys)
        [Array]::Sort($keys, [StringComparer]::OrdinalIgnoreCase)
        foreach ($k in @(Select-LabNamed $keys $Name)) {
            $isUInt = $script:UInt32Parameters -contains $k
            $value = $params[$k]
            if ($isUInt -and $null -ne $value) { $value = [uint32]$value }
            New-LabObject $script:ClusterTypeNames.Parameter ([ordered]@{
                    ClusterObject = $objName
                    Name          = $k
                    IsReadOnly    = ($script:ReadOnlyParameters -contains $k)
                    ParameterType = $(if ($isUInt) { 'UInt32' } else { 'String' })
                    Value         = $value
                }) @('ClusterObject', 'Name', 'Value', 'ParameterType') -Text $k
        }
    }
}
