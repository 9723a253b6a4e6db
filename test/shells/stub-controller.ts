// Stands in for electron/procedure/controller.ts in the bundle test while the engine is being written.
import type { Wizard, WizardOptions } from '../../electron/procedure/wizard';
import { createStubHost } from './stub-host';

export function createWizard(_options: WizardOptions): Wizard {
  return createStubHost();
}
