// Canned data for the development fake: the write-up's site (rogertech.local, EX01/EX02, PrimaryDAG).
import type { FailoverView, PlannedScript, StepResults, TranscriptLine } from '../../../shared/contract';
import type { SiteFacts } from '../../../shared/site';
import { WRITE_UP_SITE } from '../../../shared/write-up-site';
import type { StepId } from '../../../shared/steps';

export const SITE: SiteFacts = WRITE_UP_SITE;

export function preflightChecks(withWarning: boolean): StepResults['preflight'] {
  return [
    {
      id: 'versions',
      title: 'Exchange 2010 SP3 on both servers',
      status: 'pass',
      evidence: 'EX01, EX02: Version 14.3 (Build 123.4)',
      fix: '',
    },
    { id: 'dag', title: 'DAG has two members', status: 'pass', evidence: 'PrimaryDAG: EX01, EX02; witness DC01.rogertech.local', fix: '' },
    {
      id: 'copies',
      title: 'Every database copy is healthy',
      status: withWarning ? 'warn' : 'pass',
      evidence: withWarning ? 'Staff\\EX01: Healthy, CopyQueueLength 37' : 'All 4 copies Healthy or Mounted, queues 0',
      fix: withWarning ? 'Wait for the copy queue to drain (Get-MailboxDatabaseCopyStatus) before the failover test.' : '',
    },
    {
      id: 'activation',
      title: 'Activation not blocked',
      status: 'pass',
      evidence: 'DatabaseCopyAutoActivationPolicy: Unrestricted on EX01, EX02',
      fix: '',
    },
    { id: 'nodes', title: 'Cluster nodes up', status: 'pass', evidence: 'EX01 Up, EX02 Up', fix: '' },
    {
      id: 'networks',
      title: 'A client-facing cluster network exists',
      status: 'pass',
      evidence: 'Cluster Network 1 192.168.0.0/24 Role 3',
      fix: '',
    },
    {
      id: 'array',
      title: 'No Client Access array in the site',
      status: 'pass',
      evidence: 'Get-ClientAccessArray: none in Default-First-Site-Name',
      fix: '',
    },
  ];
}

export const VALIDATION: StepResults['validate'] = [
  { id: 'dns-free', title: 'Name not in DNS', status: 'pass', evidence: 'Resolve CASArray.rogertech.local: no such name (DC01)', fix: '' },
  {
    id: 'ip-free',
    title: 'Address does not answer',
    status: 'pass',
    evidence: 'Test-Connection 192.168.0.110 from EX01: no reply (4 of 4)',
    fix: '',
  },
  { id: 'ad-object', title: 'No computer object of that name', status: 'pass', evidence: 'Get-ADComputer CASArray: not found', fix: '' },
  {
    id: 'cno-rights',
    title: 'Cluster may create the computer object',
    status: 'pass',
    evidence: 'PrimaryDAG$ has Create Computer objects on CN=Computers',
    fix: '',
  },
];

export const CLUSTER_ROLE: StepResults['clusterRole'] = {
  group: 'CASArray',
  ownerNode: 'EX01',
  state: 'Online',
  resources: [
    { name: 'IP Address 192.168.0.110', resourceType: 'IP Address', state: 'Online' },
    { name: 'CASArray', resourceType: 'Network Name', state: 'Online' },
  ],
};

export const DNS: StepResults['dns'] = { fqdn: 'CASArray.rogertech.local', addresses: ['192.168.0.110'], attempts: 3, waitedSeconds: 8 };

export const CAS_ARRAY: StepResults['casArray'] = {
  name: 'CASArray',
  fqdn: 'CASArray.rogertech.local',
  site: 'Default-First-Site-Name',
  members: ['EX01', 'EX02'],
};

export const DATABASES: StepResults['databases'] = [
  { name: 'VIP', server: 'EX01', before: 'EX01.rogertech.local', after: 'CASArray.rogertech.local' },
  { name: 'Staff', server: 'EX02', before: 'EX02.rogertech.local', after: 'CASArray.rogertech.local' },
];

export const CLIENT_CHECKS: StepResults['clientChecks'] = [
  {
    id: 'mapi',
    title: 'Outlook (MAPI) through the array',
    cmdlet: 'Test-MAPIConnectivity',
    result: 'Success',
    latencyMs: 31,
    detail: 'Both databases answered via CASArray.rogertech.local',
  },
  {
    id: 'autodiscover',
    title: 'Autodiscover and web services',
    cmdlet: 'Test-OutlookWebServices',
    result: 'Success',
    latencyMs: 412,
    detail: 'Autodiscover, EWS, OAB: 200 OK',
  },
  {
    id: 'owa',
    title: 'Outlook Web App',
    cmdlet: 'Test-OwaConnectivity',
    result: 'Success',
    latencyMs: 688,
    detail: 'https://mail.rogertech.com/owa: logon succeeded',
  },
  {
    id: 'mailflow',
    title: 'Mail flow',
    cmdlet: 'Test-Mailflow',
    result: 'Success',
    latencyMs: 2140,
    detail: 'EX01 → EX02 delivered in 2.1 s',
  },
];

export function outageSamples(upTo = Infinity): FailoverView['live'] {
  const at = (t: number): string => new Date(Date.UTC(2024, 4, 14, 21, 30, t)).toISOString();
  const rows: FailoverView['live'] = [];
  for (let t = 0; t <= 18; t += 1) {
    const roleMoved = t >= 6;
    const roleOnline = t >= 9;
    const db1 = t < 4 ? 'EX01' : t < 11 ? null : 'EX02';
    rows.push({
      t,
      at: at(t),
      roleOwner: roleMoved ? 'EX02' : 'EX01',
      roleState: t < 3 ? 'Online' : roleOnline ? 'Online' : 'Pending',
      activeCopies: { VIP: db1, Staff: 'EX02' },
      arrayReachable: t < 2 || t >= 12,
      ...(t === 0 ? { note: 'EX01 NICs disabled' } : t === 12 ? { note: 'all switched' } : {}),
    });
  }
  return rows.filter((r) => r.t <= upTo);
}

export function failoverResult(finished: boolean, live: number): FailoverView {
  return {
    originalOwner: 'EX01',
    otherNode: 'EX02',
    planned: [
      { to: 'EX02', state: 'Online', arrayReachable: true, seconds: 4 },
      { to: 'EX01', state: 'Online', arrayReachable: true, seconds: 3 },
    ],
    outage: finished ? { node: 'EX01', samples: outageSamples(), recoverySeconds: 12, referenceSeconds: 20 } : null,
    restored: finished,
    live: finished ? [] : outageSamples(live),
  };
}

export const PLANS: Record<StepId, PlannedScript[]> = {
  connect: [
    {
      label: 'Open Exchange remote PowerShell',
      runsOn: 'local',
      kind: 'probe',
      text: "$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri 'http://EX01.rogertech.local/PowerShell/' -Authentication Kerberos\nImport-PSSession $s -DisableNameChecking | Out-Null",
    },
    {
      label: 'Read the DAG',
      runsOn: 'exchange',
      kind: 'probe',
      text: 'Get-DatabaseAvailabilityGroup -Status | Select-Object Name, Servers, WitnessServer, WitnessDirectory, DatabaseAvailabilityGroupIpv4Addresses',
    },
  ],
  preflight: [
    {
      label: 'Database copy status',
      runsOn: 'exchange',
      kind: 'probe',
      text: 'Get-MailboxDatabase | Get-MailboxDatabaseCopyStatus |\n  Select-Object Name, Status, CopyQueueLength, ReplayQueueLength, ContentIndexState',
    },
    {
      label: 'Cluster nodes and networks',
      runsOn: 'cluster',
      kind: 'probe',
      text: 'Import-Module FailoverClusters\nGet-ClusterNode | Select-Object Name, State\nGet-ClusterNetwork | Select-Object Name, Address, AddressMask, Role, State',
    },
  ],
  accessPoint: [],
  validate: [
    {
      label: 'Name is free in DNS',
      runsOn: 'local',
      kind: 'probe',
      text: "Resolve-DnsName -Name 'CASArray.rogertech.local' -Server 'DC01.rogertech.local' -ErrorAction SilentlyContinue",
    },
    {
      label: 'Address does not answer',
      runsOn: 'cluster',
      kind: 'probe',
      text: 'param($Address)\nTest-Connection -ComputerName $Address -Count 4 -Quiet',
    },
  ],
  clusterRole: [
    {
      label: 'Create the group and its resources',
      runsOn: 'cluster',
      kind: 'apply',
      text: 'param($Name, $Address, $Mask, $Network)\nImport-Module FailoverClusters\n$g = Add-ClusterGroup -Name $Name\n$ip = Add-ClusterResource -Name "IP Address $Address" -ResourceType \'IP Address\' -Group $Name\n$ip | Set-ClusterParameter -Multiple @{ Address = $Address; SubnetMask = $Mask; Network = $Network; EnableDhcp = 0 }\n$nn = Add-ClusterResource -Name $Name -ResourceType \'Network Name\' -Group $Name\n$nn | Set-ClusterParameter -Multiple @{ Name = $Name; DnsName = $Name }\nAdd-ClusterResourceDependency -Resource $Name -Provider "IP Address $Address"\nStart-ClusterGroup -Name $Name',
    },
    {
      label: 'Group online',
      runsOn: 'cluster',
      kind: 'verify',
      text: "Get-ClusterGroup -Name 'CASArray' | Get-ClusterResource | Select-Object Name, ResourceType, State",
    },
    {
      label: 'Remove the group',
      runsOn: 'cluster',
      kind: 'rollback',
      text: "Stop-ClusterGroup -Name 'CASArray'\nRemove-ClusterGroup -Name 'CASArray' -RemoveResources -Force",
    },
  ],
  dns: [
    {
      label: 'Wait for the name',
      runsOn: 'local',
      kind: 'verify',
      text: "Resolve-DnsName -Name 'CASArray.rogertech.local' -Type A -DnsOnly",
    },
  ],
  casArray: [
    {
      label: 'No array in the site yet',
      runsOn: 'exchange',
      kind: 'probe',
      text: "Get-ClientAccessArray | Where-Object { $_.Site -like '*Default-First-Site-Name' }",
    },
    {
      label: 'Create the array',
      runsOn: 'exchange',
      kind: 'apply',
      text: "New-ClientAccessArray -Name 'CASArray' -Fqdn 'CASArray.rogertech.local' -Site 'Default-First-Site-Name'",
    },
    {
      label: 'Remove the array',
      runsOn: 'exchange',
      kind: 'rollback',
      text: "Remove-ClientAccessArray -Identity 'CASArray' -Confirm:$false",
    },
  ],
  databases: [
    {
      label: 'Point every database at the array',
      runsOn: 'exchange',
      kind: 'apply',
      text: "Set-MailboxDatabase -Identity 'VIP' -RpcClientAccessServer 'CASArray.rogertech.local'\nSet-MailboxDatabase -Identity 'Staff' -RpcClientAccessServer 'CASArray.rogertech.local'",
    },
    {
      label: 'Put back the old values',
      runsOn: 'exchange',
      kind: 'rollback',
      text: "Set-MailboxDatabase -Identity 'VIP' -RpcClientAccessServer 'EX01.rogertech.local'\nSet-MailboxDatabase -Identity 'Staff' -RpcClientAccessServer 'EX02.rogertech.local'",
    },
  ],
  clientChecks: [
    { label: 'MAPI through the array', runsOn: 'exchange', kind: 'verify', text: "Test-MAPIConnectivity -Server 'EX01'" },
    {
      label: 'Web services',
      runsOn: 'exchange',
      kind: 'verify',
      text: "Test-OutlookWebServices -Identity 'administrator@rogertech.local'",
    },
  ],
  failover: [
    { label: 'Move the role to EX02', runsOn: 'cluster', kind: 'apply', text: "Move-ClusterGroup -Name 'CASArray' -Node 'EX02'" },
    {
      label: 'Watch the outage',
      runsOn: 'cluster',
      kind: 'verify',
      text: "Get-ClusterGroup -Name 'CASArray' | Select-Object OwnerNode, State\nGet-MailboxDatabaseCopyStatus * | Where-Object { $_.Status -eq 'Mounted' }",
    },
    {
      label: 'Restore the owners',
      runsOn: 'cluster',
      kind: 'rollback',
      text: "Move-ClusterGroup -Name 'CASArray' -Node 'EX01'\nMove-ActiveMailboxDatabase 'VIP' -ActivateOnServer 'EX01' -Confirm:$false",
    },
  ],
  complete: [],
};

export function transcriptFor(step: StepId, startId: number, at: string): TranscriptLine[] {
  return PLANS[step]
    .filter((p) => p.kind !== 'rollback')
    .map((p, i) => ({
      id: startId + i,
      label: p.label,
      script: p.text,
      params: p.text.startsWith('param(') ? { Name: 'CASArray', Address: '192.168.0.110' } : {},
      startedAt: at,
      durationMs: 180 + (((startId + i) * 377) % 2400),
      outcome: 'ok' as const,
      output: `${p.label}: completed\n`,
      error: null,
      warnings: [],
    }));
}
