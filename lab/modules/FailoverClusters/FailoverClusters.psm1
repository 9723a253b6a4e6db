# The lab's FailoverClusters module, loaded on the lab's cluster node by the wizard's own
# `Import-Module FailoverClusters`, exactly as on a Windows Server 2008 R2 node. It exposes the
# cluster cmdlets of the lab module, bound to the lab state the lab server was started with.
Import-Module (Join-Path (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'ExchangeLab') 'ExchangeLab.psd1') -DisableNameChecking
if ($env:EXHA_LAB_STATE) { Use-LabState -Path $env:EXHA_LAB_STATE -SeedPath $env:EXHA_LAB_SEED }
Export-ModuleMember -Function (Get-LabCommandSet -Name Cluster)
