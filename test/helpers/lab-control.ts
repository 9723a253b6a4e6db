// The lab's own controls (faults, node states, copies) on a wizard's lab state file, from one plain pwsh
// per test file: no lab server processes and no remoting, which a test that injects a fault does not need
// (a session through the lab servers costs several seconds to open; this one a few hundred ms per call).
import { fileURLToPath } from 'node:url';
import { PowerShellSession } from '../../electron/powershell';

const LAB_MODULE = fileURLToPath(new URL('../../lab/ExchangeLab/ExchangeLab.psd1', import.meta.url));

export interface LabControl {
  /** Runs lab commands on the state file at statePath (they must succeed); returns their output. */
  run<T = unknown>(statePath: string, script: string): Promise<T>;
  dispose(): Promise<void>;
}

/** Create in beforeAll, dispose in afterAll. */
export function labControl(): LabControl {
  const ps = new PowerShellSession({
    prelude: {
      label: 'Load the lab module',
      script: 'param([string]$Module) Import-Module $Module -Force -DisableNameChecking',
      params: { Module: LAB_MODULE },
    },
    defaultTimeoutMs: 60_000,
  });
  return {
    async run<T>(statePath: string, script: string): Promise<T> {
      const r = await ps.invoke<T>({
        script: `param([string]$State)\nUse-LabState -Path $State\n${script}`,
        params: { State: statePath },
        label: `lab: ${script}`,
      });
      if (!r.ok) throw new Error(`lab command failed: ${script}: ${r.error.message}`);
      return r.data;
    },
    dispose: () => ps.dispose(),
  };
}
