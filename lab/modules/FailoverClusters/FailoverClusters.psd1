@{
    RootModule        = 'FailoverClusters.psm1'
    ModuleVersion     = '1.0.0.0'
    GUID              = '0f0a4c1b-7b5d-4a44-8f3b-7c2a3f1d9e10'
    Author            = 'Exchange HA Wizard (lab)'
    Description       = 'The lab cluster node''s FailoverClusters module: the lab''s cluster cmdlets under their real names.'
    PowerShellVersion = '5.1'
    FunctionsToExport = '*'
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
