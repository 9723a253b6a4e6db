// The adapter functions the catalogue's scripts call, for the standalone .ps1 running in the Exchange
// Management Shell on a DAG member (PowerShell 2.0). Each is defined only when missing, so a host that
// already has them (the lab, the wizard's engine) keeps its own. The shared bodies come from electron/targets/adapters.ts;
// here the cluster is local, so Invoke-ExhaCluster runs the block in this session.
import { ps } from '../powershell/script';
import { adaptersIfMissing } from '../targets/adapters';

export const PS1_ADAPTERS =
  ps`
    if (-not (Get-Command Invoke-ExhaCluster -ErrorAction SilentlyContinue)) {
        Import-Module FailoverClusters
        function Invoke-ExhaCluster {
            param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
            & $ScriptBlock @ArgumentList
        }
    }
` +
  '\n\n' +
  adaptersIfMissing(['Resolve-ExhaHostName', 'Resolve-ExhaAddress', 'Get-ExhaComputerObject', 'Test-ExhaComputerObjectCreation']) +
  '\n';
