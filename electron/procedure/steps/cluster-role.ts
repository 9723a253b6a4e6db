// The "Other Server" role (write-up steps 8–12), built with the remoting-safe sequence: Add-ClusterServerRole
// needs CredSSP over remoting (cmdlets.md 2.3), so the group, its IP Address and Network Name resources,
// their parameters and the dependency are created one by one, each only when it is not there yet.
import { z } from 'zod';
import type { ClusterRoleResult } from '../../../shared/results';
import { arrayFqdn } from '../../../shared/validation';
import { ps, type StepScript } from '../../powershell/script';
import { adoptedGroup, recordAdoption, removeFound } from '../adoption';
import {
  requireInputs,
  requireSite,
  StepFailure,
  type PlanContext,
  type StepContext,
  type StepDefinition,
  type PlannedCall,
} from '../step';
import { runValidation, validationCall, validationRequested } from './cluster-validation';
import { NamesSchema, readNameRecords } from './touched-read';

const GROUP_STATE = ps`
    $group = Get-ClusterGroup | Where-Object { $_.Name -eq $Name }
    $resources = @(Get-ClusterResource | Where-Object { [string]$_.OwnerGroup -eq $Name } | ForEach-Object {
        New-Object PSObject -Property @{ Name = [string]$_.Name; ResourceType = [string]$_.ResourceType; State = [string]$_.State }
    })
    if ($group) {
        New-Object PSObject -Property @{ Exists = $true; Group = [string]$group.Name; OwnerNode = [string]$group.OwnerNode; State = [string]$group.State; Resources = $resources }
    } else {
        New-Object PSObject -Property @{ Exists = $false; Group = $Name; OwnerNode = ''; State = 'Absent'; Resources = $resources }
    }
`;

const probeRole: StepScript = {
  label: 'Look for the cluster group and its resources',
  runsOn: 'cluster',
  kind: 'probe',
  params: ['Name'],
  body: `param([string]$Name)\n${GROUP_STATE}`,
};

const recordBefore = readNameRecords('Record the DNS records and computer object for the name before creating anything');

const createRole: StepScript = {
  label: 'Create the group, the IP Address and Network Name resources, the dependency, and start the group',
  runsOn: 'cluster',
  kind: 'apply',
  params: ['Name', 'Address', 'SubnetMask', 'Network'],
  timeoutSeconds: 180,
  body:
    ps`
    param([string]$Name, [string]$Address, [string]$SubnetMask, [string]$Network)
    $ipName = 'IP Address ' + $Address
    # Step 8-9: an empty group of its own: no storage, nothing shared with the DAG's "Cluster Group".
    if (-not (Get-ClusterGroup | Where-Object { $_.Name -eq $Name })) { Add-ClusterGroup -Name $Name | Out-Null }
    # A group started by hand keeps the resources it has, whatever they were called: only what is missing is added.
    $inGroup = @(Get-ClusterResource | Where-Object { [string]$_.OwnerGroup -eq $Name })
    # Step 6: the static address on the chosen network. One parameter per call: 2008 R2 has no -Multiple.
    $ip = @($inGroup | Where-Object { [string]$_.ResourceType -eq 'IP Address' })[0]
    if (-not $ip) { $ip = Get-ClusterResource | Where-Object { $_.Name -eq $ipName } }
    if (-not $ip) { $ip = Add-ClusterResource -Name $ipName -ResourceType 'IP Address' -Group $Name }
    if ([string]$ip.State -ne 'Online') {
        $ip | Set-ClusterParameter -Name Address -Value $Address
        $ip | Set-ClusterParameter -Name SubnetMask -Value $SubnetMask
        $ip | Set-ClusterParameter -Name Network -Value $Network
        $ip | Set-ClusterParameter -Name EnableDhcp -Value 0
    }
    # Step 6: the network name clients will use; the cluster registers it in DNS when it comes online.
    $nn = @($inGroup | Where-Object { [string]$_.ResourceType -eq 'Network Name' })[0]
    if (-not $nn) { $nn = Get-ClusterResource | Where-Object { $_.Name -eq $Name } }
    if (-not $nn) { $nn = Add-ClusterResource -Name $Name -ResourceType 'Network Name' -Group $Name }
    if ([string]$nn.State -ne 'Online') {
        $nn | Set-ClusterParameter -Name Name -Value $Name
        $nn | Set-ClusterParameter -Name DnsName -Value $Name
        $dependency = [string](Get-ClusterResourceDependency -Resource ([string]$nn.Name) | ForEach-Object { $_.DependencyExpression })
        if ($dependency -notlike ('*' + [string]$ip.Name + '*')) { Add-ClusterResourceDependency -Resource ([string]$nn.Name) -Provider ([string]$ip.Name) | Out-Null }
    }
    # Step 10-12: bring the role online and wait for it.
    Start-ClusterGroup -Name $Name -Wait 120 | Out-Null
  ` + `\n${GROUP_STATE}`,
};

const verifyRole: StepScript = { ...probeRole, label: 'Verify the group is Online with both resources Online', kind: 'verify' };

export const removeRole: StepScript = {
  label: 'Stop and remove the cluster group with its resources',
  runsOn: 'cluster',
  kind: 'rollback',
  params: ['Name'],
  timeoutSeconds: 180,
  body: ps`
    param([string]$Name)
    $group = Get-ClusterGroup | Where-Object { $_.Name -eq $Name }
    if ($group) {
        Stop-ClusterGroup -Name $Name -Wait 120 | Out-Null
        Remove-ClusterGroup -Name $Name -RemoveResources -Force
    }
    New-Object PSObject -Property @{ Removed = [bool]$group }
  `,
};

export const cleanLeftovers: StepScript = {
  label: 'Remove the DNS record and computer object the cluster leaves behind',
  runsOn: 'local',
  kind: 'rollback',
  params: ['Name', 'Address', 'RemoveDnsRecord', 'RemoveComputerObject'],
  body: ps`
    param([string]$Name, [string]$Address, [bool]$RemoveDnsRecord, [bool]$RemoveComputerObject)
    # Removing a cluster group disables its computer object and leaves its A record: both would block a re-run.
    if ($RemoveDnsRecord) { Remove-ExhaDnsRecord -Name $Name -Address $Address }
    if ($RemoveComputerObject -and (Get-ExhaComputerObject -Name $Name)) { Remove-ExhaComputerObject -Name $Name }
    New-Object PSObject -Property @{ DnsRecordRemoved = $RemoveDnsRecord; ComputerObjectRemoved = $RemoveComputerObject }
  `,
};

const GroupStateSchema = z.object({
  Exists: z.boolean(),
  Group: z.string(),
  OwnerNode: z.string(),
  State: z.string(),
  Resources: z.array(z.object({ Name: z.string(), ResourceType: z.string(), State: z.string() })),
});
type GroupState = z.infer<typeof GroupStateSchema>;

function roleValues(ctx: PlanContext) {
  const inputs = requireInputs(ctx);
  const site = requireSite(ctx);
  const network = site.cluster.networks.find((n) => n.name === inputs.network);
  return {
    Name: inputs.name,
    Address: inputs.address,
    SubnetMask: network?.addressMask ?? '',
    Network: inputs.network,
    Fqdn: arrayFqdn(inputs.name, site.domain),
  };
}

function isHealthy(state: GroupState): boolean {
  return (
    state.Exists &&
    state.State === 'Online' &&
    state.Resources.length >= 2 &&
    state.Resources.every((r) => r.State === 'Online') &&
    state.Resources.some((r) => r.ResourceType === 'IP Address') &&
    state.Resources.some((r) => r.ResourceType === 'Network Name')
  );
}

function toResult(state: GroupState): ClusterRoleResult {
  return {
    group: state.Group,
    ownerNode: state.OwnerNode,
    state: state.State,
    resources: state.Resources.map((r) => ({ name: r.Name, resourceType: r.ResourceType, state: r.State })),
  };
}

function leftovers(ctx: PlanContext) {
  const v = roleValues(ctx);
  const before = ctx.before.clusterRole;
  // A found role removed on request takes its record and computer object with it.
  const found = adoptedGroup(ctx, v.Name) && removeFound(ctx);
  return {
    Name: v.Name,
    Address: v.Address,
    // Only what this wizard created is removed: a record or object that existed before stays.
    RemoveDnsRecord: found || (before ? !before.dnsAddresses.includes(v.Address) : false),
    RemoveComputerObject: found || (before ? before.computerObject === null : false),
  };
}

/** A found group stays unless the admin asked to remove what was found too. */
function keepsGroup(ctx: PlanContext): boolean {
  return Boolean(ctx.inputs) && adoptedGroup(ctx, ctx.inputs?.name ?? '') && !removeFound(ctx);
}

/** Probe, record what was there, create what is missing, verify: the role as the write-up's steps 8–12 leave it. */
async function ensureRole(ctx: StepContext): Promise<ClusterRoleResult> {
  const v = roleValues(ctx);
  await recordAdoption(ctx);
  const probe = await ctx.run(probeRole, { Name: v.Name }, GroupStateSchema);
  if (isHealthy(probe)) return toResult(probe);
  if (!ctx.before.clusterRole) {
    if (probe.Exists && !adoptedGroup(ctx, v.Name)) {
      throw new StepFailure(
        `A cluster group named ${v.Name} exists but was not created by this run.`,
        'Choose another name, or remove that group yourself if it is a leftover (Remove-ClusterGroup -RemoveResources).',
      );
    }
    const before = await ctx.run(recordBefore, { Name: v.Name, Fqdn: v.Fqdn }, NamesSchema);
    const computer = before.ComputerObjects[0];
    await ctx.recordBefore('clusterRole', {
      dnsAddresses: before.Addresses,
      computerObject: computer ? { name: computer.Name, enabled: computer.Enabled } : null,
    });
  }
  ctx.activity({
    label: `Creating cluster role ${v.Name}`,
    waitingFor: 'the group to come online (the Network Name registers in DNS and AD)',
    timeoutSeconds: 180,
  });
  await ctx.run(createRole, { Name: v.Name, Address: v.Address, SubnetMask: v.SubnetMask, Network: v.Network }, GroupStateSchema);
  const verified = await ctx.run(verifyRole, { Name: v.Name }, GroupStateSchema);
  if (!isHealthy(verified)) {
    const failed = verified.Resources.filter((r) => r.State !== 'Online').map((r) => `${r.Name} (${r.ResourceType}) is ${r.State}`);
    const nameFailed = verified.Resources.some((r) => r.ResourceType === 'Network Name' && r.State !== 'Online');
    throw new StepFailure(
      `Cluster group ${v.Name} is ${verified.State}: ${failed.join('; ') || 'resources missing'}.`,
      nameFailed
        ? "A Network Name that will not come online usually means the DAG's cluster name object may not create the computer object in its OU, or the name is taken in DNS/AD. Fix the rights (or pre-stage the computer account), then Retry; or Roll back this step."
        : 'Check the address is free and on the chosen network, then Retry; or Roll back this step.',
    );
  }
  return toResult(verified);
}

export const clusterRoleStep: StepDefinition<ClusterRoleResult> = {
  id: 'clusterRole',
  plan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site) return [];
    const v = roleValues(ctx);
    return [
      { script: probeRole, values: { Name: v.Name } },
      { script: recordBefore, values: { Name: v.Name, Fqdn: v.Fqdn } },
      { script: createRole, values: { Name: v.Name, Address: v.Address, SubnetMask: v.SubnetMask, Network: v.Network } },
      { script: verifyRole, values: { Name: v.Name } },
      validationCall(ctx),
    ];
  },
  rollbackPlan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site || keepsGroup(ctx)) return [];
    return [
      { script: removeRole, values: { Name: roleValues(ctx).Name } },
      { script: cleanLeftovers, values: leftovers(ctx) },
    ];
  },
  undoSummary: (ctx) =>
    keepsGroup(ctx)
      ? `Leave cluster group ${ctx.inputs?.name ?? ''} as found (exha rollback --include-found removes it)`
      : `Remove cluster group ${ctx.inputs?.name ?? ''} with its IP Address and Network Name, and the DNS record and computer object it registered`,
  async run(ctx) {
    const result = await ensureRole(ctx);
    // The cluster's own validation comes after the role is verified, only when the admin asked for it.
    return validationRequested(ctx) ? { ...result, validation: await runValidation(ctx) } : result;
  },
  async rollback(ctx) {
    if (!ctx.inputs || !ctx.site) return [];
    const name = roleValues(ctx).Name;
    if (keepsGroup(ctx)) {
      const found = ctx.before.adopted?.resources ?? [];
      return [
        `Cluster group ${name}: left as found${found.length ? ` (with ${found.join(', ')})` : ''}, online or not as the run left it; not made by the wizard.`,
      ];
    }
    await ctx.run(removeRole, { Name: name }, z.object({ Removed: z.boolean() }));
    await ctx.run(cleanLeftovers, leftovers(ctx), z.unknown());
    return adoptedGroup(ctx, name)
      ? [`Cluster group ${name}: found, removed as asked (--include-found), with its DNS record and computer object.`]
      : [];
  },
};
