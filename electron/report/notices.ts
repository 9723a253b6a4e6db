// "What to know from now on": what the next admin of this site must know about the change.
import { toPsLiteral } from '../powershell/quote';
import type { ReportInputs, ReportNotice } from './types';

export const UNSUPPORTED_PLATFORM =
  'Exchange Server 2010 left extended support on 13 October 2020 and Windows Server 2008 R2 on 14 January 2020: ' +
  'no more security updates (the last Exchange 2010 update, March 2021, needs SP3). Plan the move to a supported version.';

export function buildNotices(inputs: ReportInputs | null, dagName: string | null, nodes: string[]): ReportNotice[] {
  const name = inputs?.name ?? 'CASArray';
  const fqdn = inputs?.fqdn ?? 'the array FQDN';
  const dag = dagName ?? 'the DAG';
  const q = (s: string) => toPsLiteral(s);
  const firstNode = nodes[0] ?? 'EX01';
  const secondNode = nodes[1] ?? 'EX02';
  return [
    {
      id: 'outlook-profiles',
      title: 'Existing Outlook profiles keep the old server until repaired',
      paragraphs: [
        `Setting RpcClientAccessServer to ${fqdn} only affects new or repaired Outlook profiles. Profiles created before this change still point at ${nodes.join(' or ') || 'the individual servers'} and stay a single point of failure.`,
        'Repair each existing profile: in Outlook, File > Account Settings > Account Settings, select the Exchange account, Repair (Outlook 2010 and later) — or create a new profile (Control Panel > Mail > Show Profiles > Add). Where Autodiscover works, recreating the profile from Autodiscover picks up the array name; profile-recreation tools that rely on Autodiscover do the same in bulk.',
        'Mailbox databases created from now on inherit the array FQDN.',
      ],
      commands: [`Get-MailboxDatabase | Select-Object Name, RpcClientAccessServer`],
    },
    {
      id: 'internal-name',
      title: 'The array name resolves internally only',
      paragraphs: [
        `${fqdn} must resolve only inside the network (internal DNS), never on the Internet: Outlook Anywhere clients that can resolve it try RPC/TCP first and stall.`,
        `It must stay different from the OWA, Autodiscover and Outlook Anywhere names and must not be added to any certificate: the array serves RPC (MAPI) and the address book only.`,
      ],
      commands: [],
    },
    {
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
    },
    {
      id: 'unsupported-platform',
      title: 'Exchange 2010 and Windows Server 2008 R2 are out of support',
      paragraphs: [UNSUPPORTED_PLATFORM],
      commands: [],
    },
  ];
}
