# ExchangeLab: plays a two-server Exchange 2010 site with its DAG failover cluster under the real
# command names. All state lives in one JSON file (see lab/README.md); every command re-reads it.
Set-StrictMode -Off

$script:LabRoot = $PSScriptRoot
foreach ($part in @('State', 'Types', 'Errors', 'Clock', 'Faults', 'Network', 'Confirm', 'Cluster/Model', 'Cluster/Online', 'Cluster/Queries', 'Cluster/Changes', 'Cluster/Roles', 'Exchange/Model', 'Exchange/ActiveManager', 'Exchange/Queries', 'Exchange/Databases', 'Exchange/ClientAccess', 'ExchangeTests', 'Target', 'LabControl', 'CommandSets', 'Endpoint', 'PipelineRule', 'Remoting', 'ServerPool', 'SessionBinding')) {
    . (Join-Path $PSScriptRoot "$part.ps1")
}

# Every command in one of the lists of CommandSets.ps1 (which says where each one runs).
Export-ModuleMember -Function (Get-LabCommandSet -Name All)
