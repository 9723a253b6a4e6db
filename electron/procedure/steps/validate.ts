// Validation (write-up step 7): the name and address are free and the cluster may create the computer object. Read-only.
import { z } from 'zod';
import type { FixAt } from '../../../shared/contract';
import type { Check } from '../../../shared/results';
import { stepMeta } from '../../../shared/steps';
import { arrayFqdn } from '../../../shared/validation';
import { ps, type StepScript } from '../../powershell/script';
import { adoptedGroup } from '../adoption';
import { failOnBlockingChecks, requireInputs, requireSite, type PlanContext, type StepDefinition, type PlannedCall } from '../step';

const checkNameAndAddress: StepScript = {
  label: 'Check DNS, AD and reachability for the name and address',
  runsOn: 'local',
  kind: 'probe',
  params: ['Name', 'Fqdn', 'Address'],
  body: ps`
    param([string]$Name, [string]$Fqdn, [string]$Address)
    $computer = Get-ExhaComputerObject -Name $Name
    $rights = Test-ExhaComputerObjectCreation -Name $Name
    New-Object PSObject -Property @{
        NameAddresses = @(Resolve-ExhaHostName -Name $Fqdn | ForEach-Object { $_ })
        AddressNames = @(Resolve-ExhaAddress -Address $Address | ForEach-Object { $_ })
        Answers = [bool](Test-Connection -ComputerName $Address -Count 1 -Quiet)
        ComputerObject = $computer
        CanCreate = [bool]$rights.Allowed
        CanCreateReason = [string]$rights.Reason
    }
  `,
};

const checkCluster: StepScript = {
  label: 'Check the cluster has no group or resource with that name',
  runsOn: 'cluster',
  kind: 'probe',
  params: ['Name', 'Address'],
  body: ps`
    param([string]$Name, [string]$Address)
    $ipName = 'IP Address ' + $Address
    New-Object PSObject -Property @{
        Groups = @(Get-ClusterGroup | Where-Object { $_.Name -eq $Name } | ForEach-Object { [string]$_.Name })
        Resources = @(Get-ClusterResource | Where-Object { $_.Name -eq $Name -or $_.Name -eq $ipName } | ForEach-Object { [string]$_.Name })
    }
  `,
};

const LocalSchema = z.object({
  NameAddresses: z.array(z.string()),
  AddressNames: z.array(z.string()),
  Answers: z.boolean(),
  ComputerObject: z.object({ Name: z.string(), Enabled: z.boolean() }).loose().nullable(),
  CanCreate: z.boolean(),
  CanCreateReason: z.string(),
});
const ClusterSchema = z.object({ Groups: z.array(z.string()), Resources: z.array(z.string()) });

function values(ctx: PlanContext) {
  const inputs = requireInputs(ctx);
  const site = requireSite(ctx);
  return { Name: inputs.name, Fqdn: arrayFqdn(inputs.name, site.domain), Address: inputs.address };
}

/** A role started by hand and adopted already holds the name and address: that is no clash, only its own footprint. */
function adoptedCheck(check: Check, ctx: PlanContext, address: string): Check {
  const group = ctx.site?.found?.groups.find((g) => g.name.toLowerCase() === ctx.inputs?.name.toLowerCase());
  const nameOnline = group?.networkName?.state === 'Online';
  const ownAddress = check.id !== 'dns-name' || check.evidence.endsWith(address) || check.status === 'pass';
  const adoptable: Record<string, boolean> = {
    'dns-name': ownAddress,
    'ad-name': true,
    'ip-ping': group?.ipAddress?.state === 'Online',
    'ip-dns': true,
    'cluster-name': true,
    'cno-rights': nameOnline,
  };
  if (check.status === 'pass' || !adoptable[check.id]) return check;
  return {
    ...check,
    status: 'pass',
    evidence: `${check.evidence} — the role found (group ${group?.name ?? ctx.inputs?.name ?? ''}), adopted`,
    fix: '',
  };
}

/**
 * Most failures here are fixed by another value, not by Retry: which field to change on Client access
 * point, and why. A failure only the directory or the cluster can fix (the CNO's rights) keeps the
 * check's own advice.
 */
function backToField(
  failed: Check[],
  v: { Name: string; Address: string },
  cluster: { Groups: string[]; Resources: string[] },
): { advice: string; fixAt: FixAt } | null {
  const ipResource = `IP Address ${v.Address}`;
  const fields: FixAt['fields'] = [];
  const add = (field: 'name' | 'address', reason: string) => {
    const have = fields.find((f) => f.field === field);
    if (have) have.reason = `${have.reason}; ${reason}`;
    else fields.push({ field, value: field === 'name' ? v.Name : v.Address, reason });
  };
  for (const c of failed) {
    if (c.id === 'dns-name' || c.id === 'ad-name') add('name', c.evidence);
    else if (c.id === 'ip-ping') add('address', c.evidence);
    else if (c.id === 'cluster-name') {
      if (cluster.Groups.length > 0 || cluster.Resources.some((r) => r !== ipResource)) add('name', c.evidence);
      if (cluster.Resources.includes(ipResource)) add('address', c.evidence);
    }
  }
  if (fields.length === 0) return null;
  const title = stepMeta('accessPoint').title;
  const what = fields.map((f) => `another ${f.field}`).join(' and ');
  const others = failed.some((c) => c.id === 'cno-rights')
    ? " The cluster's right to create the computer object must be fixed too (see its check)."
    : '';
  return {
    advice: `Go back to ${title} and choose ${what}; validation then runs again for the new values. Nothing has been changed.${others}`,
    fixAt: { stepId: 'accessPoint', stepTitle: title, fields },
  };
}

export const validateStep: StepDefinition<Check[]> = {
  id: 'validate',
  plan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site) return [];
    const v = values(ctx);
    return [
      { script: checkNameAndAddress, values: v },
      { script: checkCluster, values: { Name: v.Name, Address: v.Address } },
    ];
  },
  rollbackPlan: () => [],
  async run(ctx) {
    const v = values(ctx);
    const local = await ctx.run(checkNameAndAddress, v, LocalSchema);
    const cluster = await ctx.run(checkCluster, { Name: v.Name, Address: v.Address }, ClusterSchema);
    const checks: Check[] = [];
    checks.push(
      local.NameAddresses.length === 0
        ? { id: 'dns-name', title: `${v.Fqdn} is free in DNS`, status: 'pass', evidence: `${v.Fqdn} does not resolve`, fix: '' }
        : {
            id: 'dns-name',
            // A check that did not pass is titled with what was found, never with what was hoped for.
            title: `${v.Fqdn} resolves: the name is taken in DNS`,
            status: 'fail',
            evidence: `${v.Fqdn} resolves to ${local.NameAddresses.join(', ')}`,
            fix: 'Choose another name, or delete the stale A record in DNS Manager if nothing uses it.',
          },
    );
    checks.push(
      local.ComputerObject === null
        ? {
            id: 'ad-name',
            title: `No computer object named ${v.Name}`,
            status: 'pass',
            evidence: 'No computer account with that name in AD',
            fix: '',
          }
        : {
            id: 'ad-name',
            title: `A computer object named ${v.Name} exists`,
            status: 'fail',
            evidence: `Computer account ${local.ComputerObject.Name} exists (${local.ComputerObject.Enabled ? 'enabled' : 'disabled'})`,
            fix: 'Choose another name, or delete the computer account in Active Directory Users and Computers if it is a leftover of an earlier attempt.',
          },
    );
    checks.push(
      !local.Answers
        ? { id: 'ip-ping', title: `${v.Address} does not answer`, status: 'pass', evidence: 'No reply to ping', fix: '' }
        : {
            id: 'ip-ping',
            title: `${v.Address} answers: the address is taken`,
            status: 'fail',
            evidence: `${v.Address} replies to ping: something already uses it`,
            fix: 'Choose a free address: an address in use would conflict the moment the role comes online.',
          },
    );
    checks.push(
      local.AddressNames.length === 0
        ? { id: 'ip-dns', title: `${v.Address} has no DNS record`, status: 'pass', evidence: 'No reverse lookup record', fix: '' }
        : {
            id: 'ip-dns',
            title: `${v.Address} has a DNS record`,
            status: 'warn',
            evidence: `${v.Address} is registered for ${local.AddressNames.join(', ')}`,
            fix: 'A stale record for the address confuses clients; remove it in DNS Manager unless it belongs to a live machine.',
          },
    );
    const clash = [...cluster.Groups, ...cluster.Resources];
    checks.push(
      clash.length === 0
        ? {
            id: 'cluster-name',
            title: 'No cluster group or resource with that name',
            status: 'pass',
            evidence: 'Get-ClusterGroup and Get-ClusterResource show none',
            fix: '',
          }
        : {
            id: 'cluster-name',
            title: 'A cluster group or resource already uses that name or address',
            status: 'fail',
            evidence: `Already in the cluster: ${clash.join(', ')}`,
            fix: 'Choose another name or address, or remove the leftover group (Remove-ClusterGroup -RemoveResources).',
          },
    );
    checks.push(
      local.CanCreate
        ? {
            id: 'cno-rights',
            title: 'The cluster may create the computer object',
            status: 'pass',
            evidence: local.CanCreateReason,
            fix: '',
          }
        : {
            id: 'cno-rights',
            title: 'The cluster may not create the computer object',
            status: 'fail',
            evidence: local.CanCreateReason,
            fix: `Give the DAG's cluster name object (${requireSite(ctx).cluster.name}$) "Create Computer objects" on its OU, or pre-stage a disabled computer account ${v.Name} that the CNO has Full Control over.`,
          },
    );
    return failOnBlockingChecks(
      adoptedGroup(ctx, v.Name) ? checks.map((c) => adoptedCheck(c, ctx, v.Address)) : checks,
      'validation',
      (failed) => backToField(failed, v, cluster),
    );
  },
};
