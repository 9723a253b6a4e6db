// The price of the remoting boundary per call: the same lab commands through the wizard's way in (PSRP to
// the lab's server processes: imported Exchange proxies, Invoke-Command to the cluster node) beside the
// lab loaded into the engine's own runspace (how the lab's own unit tests run).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PowerShellSession } from '../electron/powershell';
import { defaultLabSeed, findLabDir, labPrelude } from '../electron/targets/lab';
import { ZERO_DELAYS } from '../test/helpers/lab-delays';
import type { BenchResult } from './run';

const CALLS = 30;

async function perCall(session: PowerShellSession, script: string): Promise<number> {
  await session.invoke({ script }); // warm: the first call compiles
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const result = await session.invoke({ script });
    if (!result.ok) throw new Error(`${script}: ${result.error.message}`);
  }
  return (performance.now() - started) / CALLS;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'exha-bench-boundary-'));
  const seed = join(dir, 'seed.json');
  copyFileSync(defaultLabSeed(), seed);
  const inProcess = new PowerShellSession({
    prelude: {
      script:
        'param($Module, $State, $Seed) Import-Module $Module -DisableNameChecking; Use-LabState -Path $State -SeedPath $Seed; Set-LabDelay 0 0 0',
      params: { Module: join(findLabDir(), 'ExchangeLab', 'ExchangeLab.psd1'), State: join(dir, 'in-process.json'), Seed: seed },
    },
  });
  const remote = new PowerShellSession({ prelude: labPrelude(join(dir, 'remote.json'), seed, ZERO_DELAYS) });
  try {
    const startedAt = performance.now();
    await remote.invoke({ script: '$null' });
    const startMs = performance.now() - startedAt;
    const exchangeLocal = await perCall(inProcess, '$null = @(Get-MailboxDatabase)');
    const exchangeRemote = await perCall(remote, '$null = @(Get-MailboxDatabase)');
    const clusterLocal = await perCall(inProcess, 'Invoke-ExhaCluster -ScriptBlock { $null = @(Get-ClusterGroup) }');
    const clusterRemote = await perCall(remote, 'Invoke-ExhaCluster -ScriptBlock { $null = @(Get-ClusterGroup) }');
    const trivial = await perCall(remote, 'Invoke-ExhaCluster -ScriptBlock { 1 }');
    const note = (local: number, far: number) => `in-process ${local.toFixed(1)} ms; +${(far - local).toFixed(1)} ms for the boundary`;
    return [
      {
        name: 'engine start with the lab behind PSRP',
        value: startMs / 1000,
        unit: 's',
        note: 'pwsh, two lab servers, Import-PSSession, FailoverClusters',
      },
      {
        name: 'Get-MailboxDatabase through Import-PSSession',
        value: exchangeRemote,
        unit: 'ms',
        note: note(exchangeLocal, exchangeRemote),
      },
      { name: 'Get-ClusterGroup through Invoke-Command', value: clusterRemote, unit: 'ms', note: note(clusterLocal, clusterRemote) },
      { name: 'empty Invoke-Command round trip', value: trivial, unit: 'ms', note: 'engine -> PSRP named pipe -> lab cluster node' },
    ];
  } finally {
    await Promise.all([inProcess.dispose(), remote.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
