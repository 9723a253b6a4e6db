// Runs an exported .ps1 file in a fresh engine session against a lab state file, as an admin would run it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PowerShellSession } from '../../electron/powershell';
import { defaultLabSeed, labPrelude } from '../../electron/targets/lab';
import { LAB_TEST_MS, ZERO_DELAYS } from './helpers';

export interface Ps1Outcome {
  ok: boolean;
  data: unknown;
  error: string | null;
  information: string[];
}

export async function runPs1(scriptText: string, dir: string, statePath: string, whatIf: boolean): Promise<Ps1Outcome> {
  const file = join(dir, whatIf ? 'whatif.ps1' : 'run.ps1');
  writeFileSync(file, scriptText);
  const session = new PowerShellSession({ prelude: labPrelude(statePath, defaultLabSeed(), ZERO_DELAYS) });
  try {
    const result = await session.invoke({
      label: 'exported .ps1',
      script: 'param($Path, $WhatIf)\n& $Path -WhatIf:$WhatIf',
      params: { Path: file, WhatIf: whatIf },
      timeoutMs: LAB_TEST_MS,
    });
    return result.ok
      ? { ok: true, data: result.data, error: null, information: result.information }
      : { ok: false, data: null, error: result.error.message, information: result.information };
  } finally {
    await session.dispose();
  }
}

/** Creates the lab state from the seed without changing anything (a read through the engine). */
export async function freshLab(statePath: string): Promise<void> {
  const session = new PowerShellSession({ prelude: labPrelude(statePath, defaultLabSeed(), ZERO_DELAYS) });
  try {
    await session.invoke({ script: 'Get-ClusterGroup | Out-Null', label: 'touch the lab' });
  } finally {
    await session.dispose();
  }
}
