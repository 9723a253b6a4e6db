// Drives a WizardController (the one Wizard) the way an admin would, for integration tests: through real pwsh and the lab.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WizardView } from '../../shared/contract';
import type { StepId } from '../../shared/steps';
import { createWizard, type WizardController } from '../../electron/procedure/controller';
import { exportReport } from '../../electron/report/export';
import { ZERO_DELAYS } from './lab-delays';

export { ZERO_DELAYS } from './lab-delays';
export const WRITE_UP_INPUTS = { name: 'CASArray', address: '192.168.0.110', network: 'Cluster Network 1' };

export interface LabWizard {
  host: WizardController;
  stateDir: string;
  labState: string;
  readLab(): Record<string, unknown>;
  dispose(): Promise<void>;
}

export interface LabWizardOptions {
  stateDir?: string;
  labSeedPath?: string;
  /** False: the run plays on the lab state already in stateDir (prepared by the test) instead of the seed. */
  labFreshStart?: boolean;
  outageWatchSeconds?: number;
}

export function labWizard(options: LabWizardOptions = {}): LabWizard {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'exha-test-'));
  const labState = join(stateDir, 'lab-state.json');
  const host = createWizard({
    exportReport,
    stateDir,
    labDelays: ZERO_DELAYS,
    labStatePath: labState,
    outageWatchSeconds: options.outageWatchSeconds ?? 8,
    ...(options.labSeedPath ? { labSeedPath: options.labSeedPath } : {}),
    ...(options.labFreshStart === false ? { labFreshStart: false } : {}),
  });
  return {
    host,
    stateDir,
    labState,
    readLab: () => JSON.parse(readFileSync(labState, 'utf8')) as Record<string, unknown>,
    dispose: () => host.dispose(),
  };
}

/** Runs until `until` is done (or the end), answering the screens like an admin; stops at the first failure. */
export async function driveTo(wizard: WizardController, until: StepId = 'complete', inputs = WRITE_UP_INPUTS): Promise<WizardView> {
  for (;;) {
    const view = await wizard.idle();
    if (view.phase === 'failed' || view.phase === 'rollbackFailed' || view.phase === 'rolledBack') return view;
    if (view.current === until && view.phase === 'done') return view;
    if (view.current === 'complete' && view.phase === 'done') return view;
    if (view.current === 'preflight' && view.phase === 'done' && !view.notice.acknowledged) {
      await wizard.handle('acknowledge', { notice: true, warnings: true });
      continue;
    }
    if (view.current === 'accessPoint' && view.phase === 'review') await wizard.handle('setInputs', inputs);
    await wizard.handle('next', null);
  }
}

export async function startLab(wizard: WizardController): Promise<WizardView> {
  await wizard.handle('start', { target: 'lab' });
  return wizard.idle();
}
