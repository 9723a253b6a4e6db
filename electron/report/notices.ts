// "What to know from now on": what the next admin of this site must know about what is on the servers NOW.
// Each notice is chosen from what is in place (in-place.ts: made or found, not undone), never from the steps
// the run once reached: after a rollback no notice names a group or an array that is gone.
import type { InPlace } from '../../shared/contract';
import type { StepId } from '../../shared/steps';
import { toPsLiteral } from '../powershell/quote';
import { when } from './html-parts';
import type { ReportInputs, ReportNotice, ReportRollback } from './types';

export const UNSUPPORTED_PLATFORM =
  'Exchange Server 2010 left extended support on 13 October 2020 and Windows Server 2008 R2 on 14 January 2020: ' +
  'no more security updates (the last Exchange 2010 update, March 2021, needs SP3). Plan the move to a supported version.';

export interface NoticeFacts {
  inputs: ReportInputs | null;
  dagName: string | null;
  nodes: string[];
  inPlace: InPlace;
  rollbacks: ReportRollback[];
  /** When the databases step ended (the databases pointed at the array from then on), if it ran. */
  databasesSetAt: string | null;
}

// in-place.ts words each effect starting with the kind of object it is: that prefix is what is matched here.
const stillThere = (p: InPlace, stepId: StepId, kind: string) =>
  [...p.made, ...p.found].some((e) => e.stepId === stepId && e.what.startsWith(kind));
const undone = (p: InPlace, stepId: StepId, kind: string) => p.undone.some((e) => e.stepId === stepId && e.what.startsWith(kind));

function profilesNotice(fqdn: string, nodes: string[]): ReportNotice {
  return {
    id: 'outlook-profiles',
    title: 'Existing Outlook profiles keep the old server until repaired',
    paragraphs: [
      `Setting RpcClientAccessServer to ${fqdn} only affects new or repaired Outlook profiles. Profiles created before this change still point at ${nodes.join(' or ') || 'the individual servers'} and stay a single point of failure.`,
      'Repair each existing profile: in Outlook, File > Account Settings > Account Settings, select the Exchange account, Repair (Outlook 2010 and later) — or create a new profile (Control Panel > Mail > Show Profiles > Add). Where Autodiscover works, recreating the profile from Autodiscover picks up the array name; profile-recreation tools that rely on Autodiscover do the same in bulk.',
      'Mailbox databases created from now on inherit the array FQDN.',
    ],
    commands: [`Get-MailboxDatabase | Select-Object Name, RpcClientAccessServer`],
  };
}

/** After the databases were pointed at the array and then put back: profiles made in between name the array. */
function profilesAfterRollbackNotice(f: NoticeFacts, fqdn: string): ReportNotice {
  const back =
    [...f.rollbacks]
      .reverse()
      .flatMap((r) => r.undone)
      .find((u) => u.stepId === 'databases')?.at ?? null;
  const window =
    f.databasesSetAt && back ? `From ${when(f.databasesSetAt)} until ${when(back)}` : 'While this run had them pointed at the array';
  const nameGone = undone(f.inPlace, 'clusterRole', 'DNS record');
  return {
    id: 'outlook-profiles-after-rollback',
    title: `Outlook profiles created or repaired while the array was in place point at ${fqdn}`,
    paragraphs: [
      `${window}, the mailbox databases gave ${fqdn} as their RpcClientAccessServer. Outlook profiles created or repaired in that time point at ${fqdn}, ${nameGone ? 'a name that no longer resolves now that the rollback removed its DNS record' : 'which no longer has a Client Access array behind it'}: those Outlook clients cannot connect.`,
      'Repair each such profile again (File > Account Settings > Account Settings, select the Exchange account, Repair) or create a new one: it picks up the server each database names now.',
    ],
    commands: [`Get-MailboxDatabase | Select-Object Name, RpcClientAccessServer`],
  };
}

function internalNameNotice(fqdn: string): ReportNotice {
  return {
    id: 'internal-name',
    title: 'The array name resolves internally only',
    paragraphs: [
      `${fqdn} must resolve only inside the network (internal DNS), never on the Internet: Outlook Anywhere clients that can resolve it try RPC/TCP first and stall.`,
      `It must stay different from the OWA, Autodiscover and Outlook Anywhere names and must not be added to any certificate: the array serves RPC (MAPI) and the address book only.`,
    ],
    commands: [],
  };
}

function fieldTechniqueNotice(name: string, dag: string, nodes: string[]): ReportNotice {
  const q = (s: string) => toPsLiteral(s);
  const firstNode = nodes[0] ?? 'EX01';
  const secondNode = nodes[1] ?? 'EX02';
  return {
    id: 'field-technique',
    title: `The DAG's cluster carries an extra role (${name}): a field technique without Microsoft support`,
    paragraphs: [
      `The failover cluster of ${dag} runs an extra "Other Server" role, ${name}, with an IP Address and a Network Name and no storage. Microsoft dedicates the DAG cluster to the DAG; this role is a field technique, not a supported configuration. Exchange manages the cluster; use cluster tools only for this role.`,
      `What breaks it: removing a DAG member or the DAG itself (the cluster, and the role with it, goes away); datacenter switchover cmdlets (Stop-DatabaseAvailabilityGroup and Restore-DatabaseAvailabilityGroup evict nodes from the cluster); and node maintenance: before running StartDagServerMaintenance.ps1 on a node, move the ${name} group to the other node first.`,
    ],
    commands: [
      `Move-ClusterGroup -Name ${q(name)} -Node ${q(secondNode)}    # before maintenance on ${firstNode}`,
      `.\\StartDagServerMaintenance.ps1 -ServerName ${q(firstNode)}`,
      `.\\StopDagServerMaintenance.ps1 -ServerName ${q(firstNode)}`,
    ],
  };
}

export function buildNotices(f: NoticeFacts): ReportNotice[] {
  const name = f.inputs?.name ?? 'CASArray';
  const fqdn = f.inputs?.fqdn ?? 'the array FQDN';
  const p = f.inPlace;
  const notices: ReportNotice[] = [];
  if (stillThere(p, 'databases', 'Mailbox database')) notices.push(profilesNotice(fqdn, f.nodes));
  else if (undone(p, 'databases', 'Mailbox database')) notices.push(profilesAfterRollbackNotice(f, fqdn));
  if (stillThere(p, 'casArray', 'Client Access array')) notices.push(internalNameNotice(fqdn));
  if (stillThere(p, 'clusterRole', 'Cluster group')) notices.push(fieldTechniqueNotice(name, f.dagName ?? 'the DAG', f.nodes));
  notices.push({
    id: 'unsupported-platform',
    title: 'Exchange 2010 and Windows Server 2008 R2 are out of support',
    paragraphs: [UNSUPPORTED_PLATFORM],
    commands: [],
  });
  return notices;
}
