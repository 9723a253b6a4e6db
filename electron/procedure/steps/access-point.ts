// Client access point inputs: nothing runs; the inputs are checked by the shared rules.
import { hasErrors, validateAccessPoint, type AccessPointInputs } from '../../../shared/validation';
import { requireInputs, requireSite, StepFailure, type StepDefinition } from '../step';

export const accessPointStep: StepDefinition<AccessPointInputs> = {
  id: 'accessPoint',
  plan: () => [],
  rollbackPlan: () => [],
  run(ctx) {
    const inputs = requireInputs(ctx);
    const errors = validateAccessPoint(inputs, requireSite(ctx));
    if (hasErrors(errors)) {
      return Promise.reject(new StepFailure(Object.values(errors).join(' '), 'Correct the client access point and try again.'));
    }
    return Promise.resolve(inputs);
  },
};
