// The step catalogue's metadata: the one list of steps every part reads (machine, CLI, window, report).
// The PowerShell each step runs lives beside its implementation in electron/procedure/steps/.

export const STEP_IDS = [
  'connect',
  'preflight',
  'accessPoint',
  'validate',
  'clusterRole',
  'dns',
  'casArray',
  'databases',
  'clientChecks',
  'failover',
  'complete',
] as const;

export type StepId = (typeof STEP_IDS)[number];

export interface StepMeta {
  readonly id: StepId;
  readonly title: string;
  /** Step numbers of the original write-up this step covers. */
  readonly writeUpSteps: readonly number[];
  /** True when the step changes the servers; only these have a rollback. */
  readonly changesServers: boolean;
  /** Skipping is offered only where nothing later depends on the step's effect. */
  readonly skippable: boolean;
  readonly summary: string;
}

export const STEPS: readonly StepMeta[] = [
  {
    id: 'connect',
    title: 'Connect',
    writeUpSteps: [],
    changesServers: false,
    skippable: false,
    summary: 'Choose the lab or the real servers and read the site: servers, DAG, cluster and databases.',
  },
  {
    id: 'preflight',
    title: 'Preflight checks',
    writeUpSteps: [1, 2, 15],
    changesServers: false,
    skippable: false,
    summary: 'Check versions, the DAG, replication, copies, activation, cluster nodes and networks before anything changes.',
  },
  {
    id: 'accessPoint',
    title: 'Client access point',
    writeUpSteps: [3, 4, 5, 6],
    changesServers: false,
    skippable: false,
    summary: 'Choose the name and static IPv4 address of the floating client access point, and its cluster network.',
  },
  {
    id: 'validate',
    title: 'Validation',
    writeUpSteps: [7],
    changesServers: false,
    skippable: false,
    summary: 'Prove the name and address are free and that the cluster may create the computer object.',
  },
  {
    id: 'clusterRole',
    title: 'Cluster role',
    writeUpSteps: [8, 9, 10, 11, 12],
    changesServers: true,
    skippable: false,
    summary: 'Create the "Other Server" role: a cluster group with an IP Address and a Network Name, no storage, and bring it online.',
  },
  {
    id: 'dns',
    title: 'DNS registration',
    writeUpSteps: [13],
    changesServers: false,
    skippable: false,
    summary: 'Wait until the name the cluster registered resolves to the address.',
  },
  {
    id: 'casArray',
    title: 'Client Access array',
    writeUpSteps: [14, 15, 16],
    changesServers: true,
    skippable: false,
    summary: 'Create the Client Access array for the AD site with the registered FQDN.',
  },
  {
    id: 'databases',
    title: 'Mailbox databases',
    writeUpSteps: [17],
    changesServers: true,
    skippable: false,
    summary: "Point every mailbox database's RpcClientAccessServer at the array, remembering each old value.",
  },
  {
    id: 'clientChecks',
    title: 'Client access checks',
    writeUpSteps: [18, 21, 22, 23, 24],
    changesServers: false,
    skippable: true,
    summary: 'Test MAPI, Autodiscover and web services, OWA and mail flow through the array.',
  },
  {
    id: 'failover',
    title: 'Failover test',
    writeUpSteps: [19, 20, 25, 26, 27, 28, 29, 30],
    changesServers: true,
    skippable: true,
    summary: 'Move the role to the other node and back, then take a node down and time the recovery; restore the original owners.',
  },
  {
    id: 'complete',
    title: 'Complete',
    writeUpSteps: [],
    changesServers: false,
    skippable: false,
    summary: 'Summary of what changed and what was proven; export the report.',
  },
];

export function stepMeta(id: StepId): StepMeta {
  const meta = STEPS.find((s) => s.id === id);
  if (!meta) throw new Error(`unknown step ${id}`);
  return meta;
}

export function stepIndex(id: StepId): number {
  return STEP_IDS.indexOf(id);
}

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value);
}

/** The write-up measured everything switched over within this many seconds. */
export const WRITE_UP_FAILOVER_SECONDS = 20;

export const FIELD_TECHNIQUE_NOTICE =
  'An extra "Other Server" role on the DAG\'s failover cluster is a field technique, not a configuration Microsoft supports: ' +
  'Microsoft dedicates the DAG cluster to the DAG. The wizard keeps the role separate (its own group, no storage, no dependency on DAG resources) ' +
  'and the report tells future admins what breaks it: removing a DAG member, datacenter switchover cmdlets, and node maintenance (move the group first).';
