// The wizard's own way into the lab, for tests of the remoting boundary: the lab target's prelude (two lab
// server processes, a NoLanguage Exchange endpoint imported by Import-PSSession, a cluster node reached by
// Invoke-Command), exactly as `exha run --lab` and the window use it.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PowerShellSession, type PsErrorRecord } from '../../electron/powershell';
import { labPrelude, type LabPlacement } from '../../electron/targets/lab';
import { DEFAULT_SEED } from './lab-session';

export interface BoundarySession {
  ps: PowerShellSession;
  run<T = unknown>(script: string): Promise<T>;
  fail(script: string): Promise<PsErrorRecord>;
  dispose(): Promise<void>;
}

/** `placement`: the lab servers the two sessions belong to (default: EX01 for both, the lab's defaults). */
export function startBoundarySession(
  options: { legacyProtocol?: boolean; seedPath?: string; placement?: LabPlacement } = {},
): BoundarySession {
  const dir = mkdtempSync(join(tmpdir(), 'exha-boundary-'));
  const seedPath = join(dir, 'seed.json');
  copyFileSync(options.seedPath ?? DEFAULT_SEED, seedPath);
  const ps = new PowerShellSession({
    prelude: labPrelude(
      join(dir, 'state.json'),
      seedPath,
      { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 },
      undefined,
      options.placement,
    ),
    defaultTimeoutMs: 60_000,
    ...(options.legacyProtocol === true ? { legacyProtocol: true } : {}),
  });
  return {
    ps,
    async run<T>(script: string): Promise<T> {
      const result = await ps.invoke<T>({ script });
      if (!result.ok)
        throw new Error(`expected success of ${script}\n  got ${result.error.fullyQualifiedErrorId}: ${result.error.message}`);
      return result.data;
    },
    async fail(script: string): Promise<PsErrorRecord> {
      const result = await ps.invoke({ script });
      if (result.ok) throw new Error(`expected failure of ${script}, got ${JSON.stringify(result.data)}`);
      return result.error;
    },
    async dispose(): Promise<void> {
      await ps.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
