# One lab server: an idle PowerShell process that the wizard reaches over PowerShell remoting (PSRP on
# the process's named pipe), as it reaches a real Exchange server or cluster node over WinRM. The
# remote runspace the wizard opens here is where the Exchange or cluster cmdlets run.
#
# It answers with its process id on the first line of stdout (with the dotnet-tool pwsh the launcher's
# pid is not this process's), then waits until its standard input closes: the wizard's PowerShell holds
# the other end, so a wizard that exits or is killed leaves no lab server behind.
$ErrorActionPreference = 'Stop'
# No warm-up import here: measured, it did not shorten the wizard's start and it doubled each server's
# CPU, which a two-core machine running several sessions pays for.
[Console]::Out.WriteLine([string]$PID)
[Console]::Out.Flush()
while ($null -ne [Console]::In.ReadLine()) { }
