import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PowerShellSession } from '../electron/powershell';
import { defaultLabSeed, labPrelude } from '../electron/targets/lab';
import { renderPs1 } from '../electron/report/ps1';
import { completeJournal } from '../test/report/fixtures/journal';
const j = completeJournal();
const ctx = (j.snapshot as any).context; ctx.inputs.network = 'Cluster Network 1'; ctx.outputs.connect.cluster.networks[0].name = 'Cluster Network 1';
const dir = mkdtempSync(join(tmpdir(), 'ps1-'));
const file = join(dir, 'run.ps1'); writeFileSync(file, renderPs1(j));
const session = new PowerShellSession({ prelude: labPrelude(join(dir, 'state.json'), defaultLabSeed(), { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 }) });
for (const whatIf of [true, false, false]) {
  const r = await session.invoke({ script: "param($Path, $WhatIf)\nif (-not (Get-Command Get-ClusterResourceDependency -EA SilentlyContinue)) { function global:Get-ClusterResourceDependency { param($Resource) New-Object PSObject -Property @{ DependencyExpression = '' } } }\n& $Path -WhatIf:$WhatIf", params: { Path: file, WhatIf: whatIf }, timeoutMs: 60000 });
  console.log(JSON.stringify(r, null, 1).slice(0, 3000));
}
await session.dispose();
