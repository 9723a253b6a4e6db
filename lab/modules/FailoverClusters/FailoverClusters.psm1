# The lab's FailoverClusters module, loaded on the lab's cluster node by the wizard's own
# `Import-Module FailoverClusters`, exactly as on a Windows Server 2008 R2 node. It exposes the
# cluster cmdlets of the lab module, bound to the lab state the session's set-up named in this
# runspace (lab/ExchangeLab/Remoting.ps1); a hand-run lab sets it with Use-LabState.
Import-Module (Join-Path (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'ExchangeLab') 'ExchangeLab.psd1') -DisableNameChecking
if ($global:ExhaLabBinding) { Use-LabState -Path $global:ExhaLabBinding.State -SeedPath $global:ExhaLabBinding.Seed }
Export-ModuleMember -Function (Get-LabCommandSet -Name Cluster)
