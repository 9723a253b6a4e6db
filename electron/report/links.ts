// Microsoft's documentation the report points at: the support statement behind the warning, the
// end-of-support dates, and the cmdlet each check rests on. Plain links: the report never fetches them.
const EXCHANGE = (cmdlet: string) =>
  `https://learn.microsoft.com/powershell/module/exchangepowershell/${cmdlet.toLowerCase()}?view=exchange-ps`;
const CLUSTER = (cmdlet: string) => `https://learn.microsoft.com/powershell/module/failoverclusters/${cmdlet.toLowerCase()}`;

export interface DocLink {
  title: string;
  url: string;
}

export const SUPPORT_LINKS: DocLink[] = [
  {
    title: 'Exchange Server 2010 lifecycle (end of extended support, 13 October 2020)',
    url: 'https://learn.microsoft.com/lifecycle/products/exchange-server-2010',
  },
  {
    title: 'Windows Server 2008 R2 lifecycle (end of extended support, 14 January 2020)',
    url: 'https://learn.microsoft.com/lifecycle/products/windows-server-2008-r2',
  },
  {
    title: 'Exchange 2010: Understanding database availability groups (the DAG owns its cluster)',
    url: 'https://learn.microsoft.com/previous-versions/office/exchange-server-2010/dd979799(v=exchg.141)',
  },
  {
    title: 'Exchange 2010: Understanding load balancing (Windows NLB cannot run on DAG members)',
    url: 'https://learn.microsoft.com/previous-versions/office/exchange-server-2010/ff625247(v=exchg.141)',
  },
  { title: 'New-ClientAccessArray', url: EXCHANGE('New-ClientAccessArray') },
];

/** The cmdlet each check id reads, with its documentation. */
const CHECK_CMDLETS: Record<string, { cmdlet: string; url: string }> = {
  versions: { cmdlet: 'Get-ExchangeServer', url: EXCHANGE('Get-ExchangeServer') },
  roles: { cmdlet: 'Get-ExchangeServer', url: EXCHANGE('Get-ExchangeServer') },
  site: { cmdlet: 'Get-ExchangeServer', url: EXCHANGE('Get-ExchangeServer') },
  dag: { cmdlet: 'Get-DatabaseAvailabilityGroup', url: EXCHANGE('Get-DatabaseAvailabilityGroup') },
  witness: { cmdlet: 'Get-DatabaseAvailabilityGroup', url: EXCHANGE('Get-DatabaseAvailabilityGroup') },
  replication: { cmdlet: 'Test-ReplicationHealth', url: EXCHANGE('Test-ReplicationHealth') },
  copies: { cmdlet: 'Get-MailboxDatabaseCopyStatus', url: EXCHANGE('Get-MailboxDatabaseCopyStatus') },
  activation: { cmdlet: 'Get-MailboxServer', url: EXCHANGE('Get-MailboxServer') },
  nodes: { cmdlet: 'Get-ClusterNode', url: CLUSTER('Get-ClusterNode') },
  networks: { cmdlet: 'Get-ClusterNetwork', url: CLUSTER('Get-ClusterNetwork') },
  casarray: { cmdlet: 'Get-ClientAccessArray', url: EXCHANGE('Get-ClientAccessArray') },
  'cluster-name': { cmdlet: 'Get-ClusterResource', url: CLUSTER('Get-ClusterResource') },
  mapi: { cmdlet: 'Test-MAPIConnectivity', url: EXCHANGE('Test-MAPIConnectivity') },
  outlook: { cmdlet: 'Test-OutlookConnectivity', url: EXCHANGE('Test-OutlookConnectivity') },
  autodiscover: { cmdlet: 'Test-OutlookWebServices', url: EXCHANGE('Test-OutlookWebServices') },
  owa: { cmdlet: 'Test-OwaConnectivity', url: EXCHANGE('Test-OwaConnectivity') },
  mailflow: { cmdlet: 'Test-Mailflow', url: EXCHANGE('Test-Mailflow') },
};

export function checkDoc(id: string): { cmdlet: string; url: string } | null {
  return CHECK_CMDLETS[id] ?? null;
}
