// Stands in for electron/procedure/controller.ts in the bundle test while the engine is being written.
import type { WizardHost, WizardHostOptions } from '../../electron/procedure/host';
import { createStubHost } from './stub-host';

export function createWizardHost(_options: WizardHostOptions): WizardHost {
  return createStubHost();
}
