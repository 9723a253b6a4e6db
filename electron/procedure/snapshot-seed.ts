// `exha snapshot`, the writing half: what was read (snapshot-read.ts) as a lab seed in the lab state
// file's schema (lab/README.md "The state file", docs/site.schema.json), without the lab's runtime parts
// (faults, pending events, timeline), under a header saying whose site it is and when it was read. What
// was not read is filled with a stand-in and NAMED in snapshot.assumed, never passed off as observed.
import { createHash } from 'node:crypto';
import type { SiteReading } from './snapshot-read';

export const SITE_SNAPSHOT_VERSION = 1;

export interface SnapshotSource {
  kind: 'lab' | 'real';
  exchangeServer: string;
  clusterNode: string;
}

export interface SnapshotHeader {
  takenAt: string;
  source: SnapshotSource & { domain: string; adSite: string; dag: string };
  tool: { name: string; version: string };
  /** Values the snapshot could not read and filled in; each names the field and why. */
  assumed: string[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type LabSeed = { schemaVersion: number; snapshot: SnapshotHeader } & Record<string, Json | SnapshotHeader>;

/** Stable ids for what the servers do not expose (2008 R2 groups and resources have none): the same site, the same file. */
function stableId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000').toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function guidOr(read: string | undefined, ...parts: string[]): string {
  return read && GUID.test(read) ? read.toLowerCase() : stableId(...parts);
}

/** Exchange shows a lag as d.hh:mm:ss. */
export function lagText(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const d = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return d > 0 ? `${String(d)}.${hms}` : hms;
}

function dependsOn(expression: string): string[] {
  return [...expression.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? '').filter(Boolean);
}

export function seedFromReading(
  reading: SiteReading,
  source: SnapshotSource,
  tool: { name: string; version: string },
  takenAt: Date,
): LabSeed {
  const { site, preflight, exchange, cluster, names } = reading;
  const assumed: string[] = [];
  const domain = site.domain;
  const shortOf = (name: string) => (name.split('.')[0] ?? name).toUpperCase();
  const domainDn = domain
    .split('.')
    .map((p) => `DC=${p}`)
    .join(',');

  const serverDetail = new Map(exchange.Servers.map((s) => [s.Name.toLowerCase(), s]));
  const mailboxServer = new Map(preflight.exchange.MailboxServers.map((m) => [m.Name.toLowerCase(), m]));
  const watermark = new Map(preflight.state.Watermarks.map((w) => [w.Server.toLowerCase(), w]));
  const siteNames = [...new Set(site.servers.map((s) => s.site))];
  const sites = siteNames.map((name) => {
    const read = exchange.Sites.find((s) => s.Name === name);
    return { name, guid: guidOr(read?.Guid, 'site', name), hubSiteEnabled: read?.HubSiteEnabled ?? false };
  });

  const exchangeServers = site.servers.map((s) => {
    const detail = serverDetail.get(s.name.toLowerCase());
    const mbx = mailboxServer.get(s.name.toLowerCase());
    const mark = watermark.get(s.name.toLowerCase());
    return {
      name: s.name,
      fqdn: s.fqdn,
      guid: guidOr(detail?.Guid, 'server', s.fqdn),
      site: s.site,
      edition: detail?.Edition || 'Enterprise',
      adminDisplayVersion: s.adminDisplayVersion,
      serverRole: s.serverRole
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
      autoDatabaseMountDial: mbx?.MountDial || 'GoodAvailability',
      databaseCopyAutoActivationPolicy: mbx?.Policy || 'Unrestricted',
      setupWatermark: mark?.Watermark || null,
      setupAction: mark?.Action || null,
    };
  });
  for (const s of exchangeServers)
    if (!mailboxServer.has(s.name.toLowerCase()))
      assumed.push(`exchangeServers[${s.name}].autoDatabaseMountDial: not a mailbox server as read; GoodAvailability`);

  const dagDetail = exchange.Dag;
  const dag = {
    name: site.dag.name,
    guid: guidOr(dagDetail?.Guid, 'dag', site.dag.name),
    servers: site.dag.servers,
    witnessServer: site.dag.witnessServer || null,
    witnessDirectory: site.dag.witnessDirectory || null,
    witnessAvailable: preflight.state.Witness.Reachable,
    alternateWitnessServer: dagDetail?.AlternateWitnessServer || null,
    alternateWitnessDirectory: dagDetail?.AlternateWitnessDirectory || null,
    datacenterActivationMode: dagDetail?.DatacenterActivationMode || 'Off',
    ipAddresses: site.dag.ipAddresses,
    replicationPort: dagDetail?.ReplicationPort || 64327,
  };

  const addressOf = new Map(site.servers.map((s) => [s.name.toLowerCase(), s.address]));
  const nodes = cluster.Nodes.map((n, i) => {
    const state = n.State === 'Down' || n.State === 'Paused' ? n.State : 'Up';
    const address = addressOf.get(n.Name.toLowerCase());
    if (!address) assumed.push(`cluster.nodes[${n.Name}].addresses: not resolved; none`);
    return {
      name: n.Name,
      id: /^\d+$/.test(n.Id) ? Number(n.Id) : i + 1,
      instanceId: stableId('node', site.cluster.name, n.Name),
      state,
      // A node that is down cannot be asked whether its NICs are: the lab's Down is "all NICs disabled".
      nicsEnabled: state !== 'Down',
      addresses: address ? [address] : [],
    };
  });
  const networks = site.cluster.networks.map((n) => ({
    name: n.name,
    id: stableId('network', site.cluster.name, n.name),
    address: n.address,
    addressMask: n.addressMask,
    role: n.role,
    metric: n.role === 3 ? 10000 : 1000,
  }));
  if (networks.length > 0) assumed.push('cluster.networks[].metric: not read; 10000 for client networks, 1000 for the others');
  const groups = cluster.Groups.map((g) => ({
    name: g.Name,
    id: stableId('group', site.cluster.name, g.Name),
    ownerNode: g.OwnerNode,
    isCoreGroup: g.IsCoreGroup,
    persistentState: g.PersistentState,
    description: g.Description,
  }));
  const foundDetail = new Map(
    (site.found?.groups ?? []).flatMap((g) => (g.networkName ? [[g.networkName.resource, g.networkName.detail]] : [])),
  );
  const resourceId = (name: string) => stableId('resource', site.cluster.name, name);
  const resources = cluster.Resources.map((r) => ({
    name: r.Name,
    id: resourceId(r.Name),
    resourceType: r.ResourceType,
    group: r.Group,
    state: r.State,
    isCoreResource: r.IsCoreResource,
    dependsOn: dependsOn(r.DependencyExpression),
    lastError: foundDetail.get(r.Name) || null,
    // Sorted: a hashtable's order is not the site's, and the same site must give the same file.
    parameters: Object.fromEntries(Object.entries(r.Parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  }));

  // A DNS record or computer object belongs to the Network Name resource of that name (the cluster registered it).
  const networkNameOwner = new Map(
    resources.filter((r) => r.resourceType === 'Network Name').map((r) => [String(r.parameters.Name ?? r.name).toUpperCase(), r.id]),
  );
  const records = names.Records.map((rec) => ({
    name: rec.Name,
    type: 'A',
    address: rec.Address,
    owner: networkNameOwner.get(shortOf(rec.Name)) ?? null,
  }));
  const computers = names.Computers.map((c) => {
    const owner = networkNameOwner.get(shortOf(c.Name)) ?? null;
    return {
      name: c.Name.toUpperCase(),
      enabled: c.Enabled,
      distinguishedName: c.DistinguishedName || `CN=${c.Name.toUpperCase()},CN=Computers,${domainDn}`,
      owner,
      // The cluster name object is pre-staged for a DAG; any other disabled object is what a removed role left.
      prestaged: owner !== null && shortOf(c.Name) === shortOf(site.cluster.name),
    };
  });
  const suggestedExists = names.Computers.some((c) => shortOf(c.Name) === shortOf(reading.suggestedName));
  if (suggestedExists) assumed.push('activeDirectory.cnoCanCreateComputerObjects: a computer object of the suggested name exists; true');

  const suspended = new Map(preflight.exchange.Copies.map((c) => [`${c.DatabaseName}\\${c.Server}`.toLowerCase(), c.ActivationSuspended]));
  const dbDetail = new Map(exchange.Databases.map((d) => [d.Name, d]));
  const databases = site.databases.map((d) => {
    const detail = dbDetail.get(d.name);
    const active = d.copies.find((c) => c.server.toLowerCase() === d.server.toLowerCase());
    return {
      name: d.name,
      guid: guidOr(detail?.Guid, 'database', d.name),
      activeServer: d.server,
      mounted: active ? active.status === 'Mounted' : true,
      rpcClientAccessServer: d.rpcClientAccessServer,
      edbFilePath: detail?.EdbFilePath ?? '',
      logFolderPath: detail?.LogFolderPath ?? '',
      copies: d.copies.map((c) => {
        const isActive = c === active;
        const lag = detail?.Lags.find((l) => l.Server.toLowerCase() === c.server.toLowerCase())?.Seconds ?? 0;
        return {
          server: c.server,
          activationPreference: c.activationPreference,
          // The active copy's own status is Mounted/Dismounted, which the lab derives from `mounted`.
          status: isActive && (c.status === 'Mounted' || c.status === 'Dismounted') ? 'Healthy' : c.status,
          copyQueueLength: c.copyQueueLength,
          replayQueueLength: c.replayQueueLength,
          contentIndexState: c.contentIndexState,
          activationSuspended: suspended.get(`${d.name}\\${c.server}`.toLowerCase()) ?? false,
          errorMessage: null,
          ...(lag > 0 ? { replayLagTime: lagText(lag) } : {}),
        };
      }),
    };
  });

  const arrays = preflight.exchange.Arrays.map((a) => {
    const detail = exchange.Arrays.find((x) => x.Name === a.Name);
    return {
      name: a.Name,
      fqdn: a.Fqdn,
      site: a.Site,
      guid: guidOr(detail?.Guid, 'array', a.Fqdn),
      exchangeLegacyDN: detail?.ExchangeLegacyDN ?? '',
    };
  });

  const autodiscover =
    site.clientHostNames.find((h) => h.startsWith('autodiscover.')) ?? site.clientHostNames[0] ?? `autodiscover.${domain}`;
  const owa = site.clientHostNames.find((h) => h !== autodiscover);
  if (!owa) assumed.push(`clientAccess.owaHostName: no OWA URL was read; ${autodiscover}`);
  if (!site.clientHostNames.length) assumed.push(`clientAccess.autodiscoverHostName: no Autodiscover URL was read; ${autodiscover}`);

  const witnessShort = site.dag.witnessServer ? shortOf(site.dag.witnessServer) : '';
  const witnessAddresses = names.Records.filter((r) => witnessShort && shortOf(r.Name) === witnessShort).map((r) => r.Address);
  assumed.push(`domain.netbiosName: not read; ${shortOf(domain)}`);
  assumed.push(`domain.domainController: not read; the witness server ${witnessShort || '(none)'}`);
  assumed.push('mailboxes: no mailbox is read (personal data); one stand-in mailbox per database');
  assumed.push('activeDirectory.testCasConnectivityUser: not read; true');

  return {
    schemaVersion: 1,
    snapshot: {
      takenAt: takenAt.toISOString(),
      source: { ...source, domain, adSite: site.adSite, dag: site.dag.name },
      tool,
      assumed,
    },
    domain: { fqdn: domain, netbiosName: shortOf(domain), domainController: witnessShort || shortOf(site.servers[0]?.name ?? 'DC') },
    adSites: sites,
    exchangeServers,
    dag,
    cluster: {
      name: site.cluster.name,
      id: guidOr(cluster.Id, 'cluster', site.cluster.name),
      hasQuorum: true,
      nodes,
      networks,
      groups,
      resources,
    },
    databases,
    mailboxes: databases.map((d, i) => ({
      name: `Rehearsal mailbox ${String(i + 1)}`,
      alias: `rehearsal${String(i + 1)}`,
      primarySmtpAddress: `rehearsal${String(i + 1)}@${domain}`,
      database: d.name,
    })),
    clientAccessArrays: arrays,
    clientAccess: { owaHostName: owa ?? autodiscover, autodiscoverHostName: autodiscover },
    dns: { records },
    network: { answering: [...new Set(witnessAddresses)] },
    activeDirectory: {
      cnoCanCreateComputerObjects: suggestedExists ? true : names.CanCreate,
      testCasConnectivityUser: true,
      computers,
    },
  };
}
