// The Client Access array (write-up steps 14–16): one per AD site, FQDN equal to the name the cluster registered.
import { z } from 'zod';
import { asArray } from '../schemas';
import type { CasArrayResult } from '../../../shared/results';
import { arrayFqdn } from '../../../shared/validation';
import { ps, type StepScript } from '../../powershell/script';
import { adoptedArray, recordAdoption, removeFound } from '../adoption';
import { requireInputs, requireSite, StepFailure, type PlanContext, type StepDefinition, type PlannedCall } from '../step';

const ARRAY_STATE = ps`
    @(Get-ClientAccessArray | ForEach-Object {
        $site = [string]$_.Site
        New-Object PSObject -Property @{
            Name = [string]$_.Name; Fqdn = [string]$_.Fqdn; Site = $site.Substring($site.LastIndexOf('/') + 1)
            Members = @($_.Members | ForEach-Object { [string]$_ })
        }
    })
`;

const probeArrays: StepScript = {
  label: 'List the Client Access arrays',
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: `param()\n${ARRAY_STATE}`,
};

const createArray: StepScript = {
  label: 'Create the Client Access array for the AD site',
  runsOn: 'exchange',
  kind: 'apply',
  params: ['Name', 'Fqdn', 'Site'],
  body: ps`
    param([string]$Name, [string]$Fqdn, [string]$Site)
    New-ClientAccessArray -Name $Name -Fqdn $Fqdn -Site $Site -Confirm:$false | Out-Null
  `,
};

const verifyArray: StepScript = { ...probeArrays, label: 'Verify the array exists with the right FQDN and site', kind: 'verify' };

export const removeArray: StepScript = {
  label: 'Remove the Client Access array',
  runsOn: 'exchange',
  kind: 'rollback',
  params: ['Name'],
  body: ps`
    param([string]$Name)
    if (@(Get-ClientAccessArray | Where-Object { [string]$_.Name -eq $Name }).Count -gt 0) {
        Remove-ClientAccessArray -Identity $Name -Confirm:$false
    }
  `,
};

const ArraysSchema = asArray(z.object({ Name: z.string(), Fqdn: z.string(), Site: z.string(), Members: z.array(z.string()) }));

function arrayValues(ctx: PlanContext) {
  const inputs = requireInputs(ctx);
  const site = requireSite(ctx);
  return { Name: inputs.name, Fqdn: arrayFqdn(inputs.name, site.domain), Site: site.adSite };
}

/** Only an array this run created is removed, or a found one when the admin asked for that too. */
function removesArray(ctx: PlanContext): boolean {
  if (adoptedArray(ctx)) return removeFound(ctx);
  return ctx.before.casArray !== undefined;
}

function arrayName(ctx: PlanContext): string {
  return adoptedArray(ctx) ?? ctx.inputs?.name ?? '';
}

export const casArrayStep: StepDefinition<CasArrayResult> = {
  id: 'casArray',
  plan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site) return [];
    const v = arrayValues(ctx);
    return [
      { script: probeArrays, values: {} },
      { script: createArray, values: v },
      { script: verifyArray, values: {} },
    ];
  },
  rollbackPlan(ctx): PlannedCall[] {
    // Shown before the run too: an array the run will create is removed; a found one only when asked.
    if (!ctx.inputs || !ctx.site || (adoptedArray(ctx) !== null && !removeFound(ctx))) return [];
    return [{ script: removeArray, values: { Name: arrayName(ctx) } }];
  },
  undoSummary: (ctx) =>
    removesArray(ctx)
      ? `Remove Client Access array ${arrayName(ctx)}`
      : `Leave Client Access array ${adoptedArray(ctx) ?? ctx.inputs?.name ?? ''} as found (exha rollback --include-found removes it)`,
  async run(ctx) {
    await recordAdoption(ctx);
    const v = arrayValues(ctx);
    const find = (arrays: z.infer<typeof ArraysSchema>) => arrays.find((a) => a.Site === v.Site);
    const existing = find(await ctx.run(probeArrays, {}, ArraysSchema));
    if (existing && existing.Fqdn.toLowerCase() !== v.Fqdn.toLowerCase()) {
      throw new StepFailure(
        `AD site ${v.Site} already has Client Access array ${existing.Name} (${existing.Fqdn}).`,
        'A site has exactly one array. Remove that array if nothing uses it (Remove-ClientAccessArray), then Retry; or roll back.',
      );
    }
    if (!existing) {
      await ctx.recordBefore('casArray', { existing: [] });
      await ctx.run(createArray, v, z.unknown());
    }
    const created = find(await ctx.run(verifyArray, {}, ArraysSchema));
    if (created?.Fqdn.toLowerCase() !== v.Fqdn.toLowerCase()) {
      throw new StepFailure(
        `The array for ${v.Site} was not found with FQDN ${v.Fqdn} after creating it.`,
        'Check Get-ClientAccessArray in the Exchange Management Shell, then Retry.',
      );
    }
    return { name: created.Name, fqdn: created.Fqdn, site: created.Site, members: created.Members };
  },
  async rollback(ctx) {
    if (!ctx.inputs) return [];
    if (!removesArray(ctx)) {
      const found = adoptedArray(ctx);
      return found ? [`Client Access array ${found}: left as found (not made by the wizard).`] : [];
    }
    await ctx.run(removeArray, { Name: arrayName(ctx) }, z.unknown());
    return adoptedArray(ctx) ? [`Client Access array ${arrayName(ctx)}: found, removed as asked (--include-found).`] : [];
  },
};
