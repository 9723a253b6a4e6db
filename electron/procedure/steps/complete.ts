// Complete: read the touched objects once more so the report can show before and after.
import type { TouchedSnapshot } from '../../../shared/results';
import { arrayFqdn } from '../../../shared/validation';
import { requireInputs, requireSite, type StepDefinition, type PlannedCall } from '../step';
import type { ScriptValues } from '../../powershell/script';
import { captureTouched, snapshotScripts } from './touched-read';

export const completeStep: StepDefinition<TouchedSnapshot> = {
  id: 'complete',
  plan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site) return [];
    const fqdn = arrayFqdn(ctx.inputs.name, ctx.site.domain);
    const named: ScriptValues = { Name: ctx.inputs.name, Fqdn: fqdn };
    return snapshotScripts.map((script) => ({ script, values: script.params.length ? named : {} }));
  },
  rollbackPlan: () => [],
  run(ctx) {
    const inputs = requireInputs(ctx);
    return captureTouched(ctx, inputs.name, arrayFqdn(inputs.name, requireSite(ctx).domain));
  },
};
