// The standalone .ps1: the same procedure with the same inputs, for admins who want a script. It runs in
// the Exchange Management Shell on a DAG member (PowerShell 2.0), supports -WhatIf, and checks before it
// acts: its step blocks are the catalogue's own scripts, which probe first and are idempotent.
import type { SiteFacts } from '../../shared/site';
import { STEPS } from '../../shared/steps';
import { arrayFqdn, hasErrors, validateAccessPoint } from '../../shared/validation';
import type { JournalData } from '../procedure/journal';
import type { StepScript } from '../powershell/script';
import type { PlanContext } from '../procedure/step';
import { stepDefinition } from '../procedure/steps';
import { planContext } from '../procedure/view';
import { toPsLiteral } from '../powershell/quote';
import { PS1_ADAPTERS } from './ps1-adapters';
import { PS1_HELPERS, PS1_PROCEDURE } from './ps1-body';
import { VALIDATION_CATEGORIES, validateCluster } from '../procedure/steps/cluster-validation';
import { machineState } from './status';

/** Only the body texts are used; this stands in when the run has not read a site or chosen inputs yet. */
const PLACEHOLDER_SITE: SiteFacts = {
  domain: 'example.local',
  adSite: 'Default-First-Site-Name',
  servers: [],
  dag: { name: 'DAG', servers: ['EX01', 'EX02'], witnessServer: '', witnessDirectory: '', ipAddresses: [] },
  cluster: { name: 'DAG', nodes: [], networks: [{ name: 'Network', address: '0.0.0.0', addressMask: '0.0.0.0', role: 3, state: 'Up' }] },
  databases: [],
  clientHostNames: [],
  account: '',
};

interface Defaults {
  Name: string;
  Address: string;
  Network: string;
  SubnetMask: string;
  Fqdn: string;
  Site: string;
}

function defaultsOf(pc: PlanContext): Defaults | null {
  if (!pc.site || !pc.inputs) return null;
  // Only inputs the wizard accepted become defaults (PowerShell never validates a default): a refused or
  // tampered value leaves the parameter mandatory, and what the admin types is validated below.
  if (hasErrors(validateAccessPoint(pc.inputs, pc.site))) return null;
  const network = pc.site.cluster.networks.find((n) => n.name === pc.inputs?.network);
  return {
    Name: pc.inputs.name,
    Address: pc.inputs.address,
    Network: pc.inputs.network,
    SubnetMask: network?.addressMask ?? '',
    Fqdn: arrayFqdn(pc.inputs.name, pc.site.domain),
    Site: pc.site.adSite,
  };
}

function pick(pc: PlanContext, stepId: Parameters<typeof stepDefinition>[0], test: (s: StepScript) => boolean): StepScript {
  const found = stepDefinition(stepId)
    .plan(pc)
    .map((c) => c.script)
    .find(test);
  if (!found) throw new Error(`the catalogue's ${stepId} step has no script the .ps1 needs`);
  return found;
}

/** The catalogue's scripts the .ps1 runs, by the variable that holds each. */
function blocks(pc: PlanContext): [string, StepScript][] {
  return [
    ['ExhaReadNodes', pick(pc, 'preflight', (s) => s.runsOn === 'cluster')],
    ['ExhaCheckNameAndAddress', pick(pc, 'validate', (s) => s.runsOn === 'local')],
    ['ExhaCheckCluster', pick(pc, 'validate', (s) => s.runsOn === 'cluster')],
    ['ExhaProbeRole', pick(pc, 'clusterRole', (s) => s.kind === 'probe' && s.runsOn === 'cluster')],
    ['ExhaRecordBefore', pick(pc, 'clusterRole', (s) => s.kind === 'probe' && s.runsOn === 'local')],
    ['ExhaCreateRole', pick(pc, 'clusterRole', (s) => s.kind === 'apply')],
    ['ExhaVerifyRole', pick(pc, 'clusterRole', (s) => s.kind === 'verify')],
    ['ExhaResolveName', pick(pc, 'dns', () => true)],
    ['ExhaProbeArrays', pick(pc, 'casArray', (s) => s.kind === 'probe')],
    ['ExhaCreateArray', pick(pc, 'casArray', (s) => s.kind === 'apply')],
    ['ExhaVerifyArray', pick(pc, 'casArray', (s) => s.kind === 'verify')],
    ['ExhaProbeDatabases', pick(pc, 'databases', (s) => s.kind === 'probe')],
    ['ExhaPointAtArray', pick(pc, 'databases', (s) => s.kind === 'apply')],
    ['ExhaVerifyDatabases', pick(pc, 'databases', (s) => s.kind === 'verify')],
    ['ExhaValidateCluster', validateCluster],
  ];
}

const IPV4 = String.raw`^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$`;

/** The wizard's own input rules, as PowerShell 2.0 parameter validation (shared/validation.ts has the whole of them). */
const VALIDATION: Record<keyof Defaults, string> = {
  Name: `[ValidatePattern('^[A-Za-z0-9-]{1,15}$')]`,
  Address: `[ValidatePattern('${IPV4}')]`,
  Network: '[ValidateNotNullOrEmpty()]',
  SubnetMask: `[ValidatePattern('${IPV4}')]`,
  Fqdn: String.raw`[ValidatePattern('^[A-Za-z0-9-]{1,15}(\.[A-Za-z0-9-]+)+$')]`,
  Site: '[ValidateNotNullOrEmpty()]',
};

function paramBlock(d: Defaults | null): string {
  const names: (keyof Defaults)[] = ['Name', 'Address', 'Network', 'SubnetMask', 'Fqdn', 'Site'];
  const lines = names.map((n) =>
    d ? `    ${VALIDATION[n]}[string]$${n} = ${toPsLiteral(d[n])},` : `    [Parameter(Mandatory = $true)]${VALIDATION[n]}[string]$${n},`,
  );
  return ['param(', ...lines, '    [int]$DnsWaitSeconds = 120', ')'].join('\n');
}

/** The cluster's own validation, as the wizard runs it when asked: commented out, so the script never runs it by itself. */
const OPTIONAL_VALIDATION = [
  "# Optional step, not run: the cluster's own validation (exha run --validate-cluster in the wizard).",
  "# Only the non-disruptive categories; never run Test-Cluster's storage tests on a live DAG (they take disks offline).",
  '# To run it once the role is online, remove the # from the next line; it prints the report path and the counts per category.',
  `# Invoke-ExhaCluster -ScriptBlock $ExhaValidateCluster -ArgumentList @(${toPsLiteral(VALIDATION_CATEGORIES.join(','))}) | Format-List ReportPath, Categories, Warnings`,
].join('\n');

export function renderPs1(journal: JournalData, generatedAt: Date = new Date()): string {
  const pc = planContext(machineState(journal).context, journal);
  const defaults = defaultsOf(pc);
  const bodies: PlanContext = defaults
    ? pc
    : { ...pc, site: PLACEHOLDER_SITE, inputs: { name: 'CASArray', address: '192.168.0.110', network: 'Network' } };
  const steps = STEPS.filter((s) => ['clusterRole', 'dns', 'casArray', 'databases'].includes(s.id))
    .map((s) => s.title)
    .join(', ');
  const lab = journal.target.kind === 'lab';
  // A script from a lab run carries the lab's names and address as defaults: it says so before anything else.
  const labWarning = lab
    ? [
        '    GENERATED FROM A LAB REHEARSAL: the run behind it changed no real server. Its defaults are the values',
        '    used in the lab; check each one against the real site (or pass your own) before running it.',
      ]
    : [];
  const header = [
    '<#',
    '.SYNOPSIS',
    "    Exchange HA Wizard, as a script: a failover-cluster client access point on the DAG's cluster, a Client Access",
    '    array with its FQDN, and every mailbox database pointed at it.',
    '.DESCRIPTION',
    ...labWarning,
    `    Generated ${generatedAt.toISOString()} from a ${lab ? 'LAB REHEARSAL' : 'wizard run on real servers'}${defaults ? ` for ${defaults.Fqdn}` : ''}; the parameters default to that run's inputs.`,
    `    Steps: ${steps}. Run it in the Exchange Management Shell on a DAG member, as an Exchange and cluster admin.`,
    "    Its checks are a subset of the wizard's: cluster nodes Up, the name and address free (only while the group does",
    "    not exist yet) and no other Client Access array in the site. It does not repeat the wizard's preflight (versions,",
    '    roles, witness, replication health, copy queues, activation policy): run the wizard, or those checks, first.',
    '    Every step looks before it acts, so running it again changes nothing. -WhatIf shows what it would change.',
    '    The extra role on the DAG cluster is a field technique, not a configuration Microsoft supports.',
    '    Exchange 2010 and Windows Server 2008 R2 are out of support.',
    '#>',
  ].join('\n');
  const blockText = blocks(bodies)
    .map(([name, s]) => `# ${s.label}\n$${name} = {\n${s.body}\n}`)
    .join('\n\n');
  return [
    ...(lab ? ["# GENERATED FROM A LAB REHEARSAL: the defaults below are the lab run's values, not checked against real servers."] : []),
    header,
    '[CmdletBinding(SupportsShouldProcess = $true)]',
    paramBlock(defaults),
    '',
    '# Adapter functions: defined only when the host does not already provide them.',
    PS1_ADAPTERS,
    '',
    "$ErrorActionPreference = 'Stop'",
    PS1_HELPERS,
    '',
    "# The step scripts of the wizard's catalogue, unchanged.",
    blockText,
    '',
    PS1_PROCEDURE,
    '',
    OPTIONAL_VALIDATION,
    '',
  ]
    .join('\n')
    .replace(/\r?\n/g, '\r\n');
}
