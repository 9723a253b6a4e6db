@{
    RootModule        = 'ExchangeLab.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = '5d0c7f53-2b8e-4d0a-9a55-6f0b4f1f8e21'
    Author            = 'Exchange HA Wizard'
    Description       = 'The lab: a two-server Exchange 2010 site with its DAG failover cluster, played under the real cmdlet names, state in one JSON file.'
    PowerShellVersion = '5.1'
    FunctionsToExport = '*'
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
