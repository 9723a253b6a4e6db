# A warm pool of lab servers (lab/ExchangeLab/ServerPool.ps1) for a run of many wizard sessions, such as
# the test suite: starts -Pairs pairs into -Directory, prints "ready" when pool.json is written, and
# keeps them until its standard input closes (then they exit too).
param([Parameter(Mandatory = $true)] [string]$Directory, [int]$Pairs = 4)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'ExchangeLab') 'ExchangeLab.psd1') -DisableNameChecking
$lab = Get-Module ExchangeLab
& $lab { param($d, $n) Start-LabServerPool -Directory $d -Pairs $n } $Directory $Pairs
[Console]::Out.WriteLine('ready')
[Console]::Out.Flush()
# The servers end when their input closes; waited for, so that whoever stopped the pool finds them gone.
try { while ($null -ne [Console]::In.ReadLine()) { } } finally { & $lab { $servers = @($script:LabServers); Stop-LabServers; foreach ($s in $servers) { [void]$s.WaitForExit(10000) } } }
