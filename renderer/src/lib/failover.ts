import type { WizardView } from '../../../shared/contract';

/** A lab with its delays at zero switches over instantly: that is no measurement. */
export function labDelaysOff(view: WizardView): boolean {
  return (
    view.target === 'lab' &&
    view.labDelays !== null &&
    view.labDelays.nodeLossDetection === 0 &&
    view.labDelays.groupOnline === 0 &&
    view.labDelays.databaseMount === 0
  );
}
