// One PowerShell session with the lab loaded on a fresh state file in a temp folder, for the lab tests.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PowerShellSession, type PsErrorRecord, type PsInput } from '../../electron/powershell';

export const LAB_MODULE = fileURLToPath(new URL('../../lab/ExchangeLab/ExchangeLab.psd1', import.meta.url));
export const DEFAULT_SEED = fileURLToPath(new URL('../../lab/seeds/default.json', import.meta.url));

/** The parts of the state file the tests look at (lab/README.md documents the whole shape). */
export interface LabStateFile {
  cluster: {
    hasQuorum: boolean;
    nodes: { name: string; state: string; nicsEnabled: boolean }[];
    groups: { name: string; ownerNode: string; isCoreGroup: boolean; persistentState: number }[];
    resources: {
      name: string;
      group: string;
      state: string;
      resourceType: string;
      dependsOn: string[];
      parameters: Record<string, unknown>;
    }[];
  };
  databases: {
    name: string;
    activeServer: string;
    mounted: boolean;
    rpcClientAccessServer: string;
    copies: { server: string; status: string; copyQueueLength: number }[];
  }[];
  clientAccessArrays: { name: string; fqdn: string; site: string }[];
  dns: { records: { name: string; address: string; owner: string | null }[] };
  network: { answering: string[] };
  activeDirectory: {
    cnoCanCreateComputerObjects: boolean;
    computers: { name: string; enabled: boolean; owner: string | null; prestaged: boolean }[];
  };
  lab: {
    delays: Record<string, number>;
    faults: { commandName: string; remaining: number | null }[];
    pending: { kind: string; due: string }[];
    timeline: { time: string; kind: string; subject: string; message: string }[];
  };
}

export interface LabSession {
  ps: PowerShellSession;
  dir: string;
  statePath: string;
  seedPath: string;
  readState(): LabStateFile;
  readStateText(): string;
  /** Runs a script that must succeed; returns its data. */
  run<T = unknown>(script: string, params?: Record<string, PsInput>): Promise<T>;
  /** Runs a script that must fail; returns its error record. */
  fail(script: string, params?: Record<string, PsInput>): Promise<PsErrorRecord>;
  /** Back to the seed (delays stay as set: 0). */
  reset(): Promise<void>;
  /** Files left in the state folder (to check that writes leave no temp files). */
  files(): string[];
  dispose(): Promise<void>;
}

export async function startLabSession(options: { seedPath?: string } = {}): Promise<LabSession> {
  const dir = mkdtempSync(join(tmpdir(), 'exha-lab-'));
  const seedPath = join(dir, 'seed.json');
  copyFileSync(options.seedPath ?? DEFAULT_SEED, seedPath);
  const statePath = join(dir, 'state.json');
  const ps = new PowerShellSession({
    prelude: {
      label: 'Load the lab',
      script: 'param($Module, $State, $Seed) Import-Module $Module -Force; Use-LabState -Path $State -SeedPath $Seed; Set-LabDelay 0 0 0',
      params: { Module: LAB_MODULE, State: statePath, Seed: seedPath },
    },
    defaultTimeoutMs: 30_000,
  });
  const session: LabSession = {
    ps,
    dir,
    statePath,
    seedPath,
    readStateText: () => readFileSync(statePath, 'utf8'),
    readState: () => JSON.parse(readFileSync(statePath, 'utf8')) as LabStateFile,
    async run<T>(script: string, params?: Record<string, PsInput>): Promise<T> {
      const result = await ps.invoke<T>(params ? { script, params } : { script });
      if (!result.ok)
        throw new Error(`expected success of ${script}\n  got ${result.error.fullyQualifiedErrorId}: ${result.error.message}`);
      return result.data;
    },
    async fail(script: string, params?: Record<string, PsInput>): Promise<PsErrorRecord> {
      const result = await ps.invoke(params ? { script, params } : { script });
      if (result.ok) throw new Error(`expected failure of ${script}, got ${JSON.stringify(result.data)}`);
      return result.error;
    },
    async reset(): Promise<void> {
      await session.run('Reset-Lab');
    },
    files: () => readdirSync(dir),
    async dispose(): Promise<void> {
      await ps.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await session.run('$null');
  return session;
}
