// The lab seed seen as the site the connect step would read, so `exha plan --lab` runs nothing.
import type { SiteFacts } from '../../shared/site';

type Json = Record<string, unknown>;
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function siteFromSeed(seed: unknown): SiteFacts {
  const s = seed as Json;
  const domain = str(s.domain ?? (s.Domain as Json | undefined)?.Name);
  const adSite = str(s.adSite ?? s.AdSite ?? 'Default-First-Site-Name');
  const dag = (s.dag ?? s.Dag ?? {}) as Json;
  const cluster = (s.cluster ?? s.Cluster ?? {}) as Json;
  const servers = arr(s.servers ?? s.Servers);
  return {
    domain,
    adSite,
    account: '<you>',
    clientHostNames: [],
    servers: servers.map((x) => ({ name: str(x.name ?? x.Name), fqdn: `${str(x.name ?? x.Name)}.${domain}`, adminDisplayVersion: str(x.adminDisplayVersion ?? x.AdminDisplayVersion), serverRole: str(x.serverRole ?? x.ServerRole), site: adSite, address: str(x.address ?? x.Address ?? x.IPAddress) || null })),
    databases: arr(s.databases ?? s.Databases).map((d) => ({ name: str(d.name ?? d.Name), server: str(d.server ?? d.Server), rpcClientAccessServer: str(d.rpcClientAccessServer ?? d.RpcClientAccessServer), copies: [] })),
    dag: { name: str(dag.name ?? dag.Name), servers: arr(dag.servers ?? dag.Servers).map(str), witnessServer: str(dag.witnessServer ?? dag.WitnessServer), witnessDirectory: str(dag.witnessDirectory ?? dag.WitnessDirectory), ipAddresses: arr(dag.ipAddresses ?? dag.IpAddresses).map(str) },
    cluster: {
      name: str(cluster.name ?? cluster.Name ?? dag.name ?? dag.Name),
      nodes: servers.map((x) => ({ name: str(x.name ?? x.Name), state: 'Up' })),
      networks: arr(cluster.networks ?? cluster.Networks ?? s.networks ?? s.Networks).map((n) => ({ name: str(n.name ?? n.Name), address: str(n.address ?? n.Address), addressMask: str(n.addressMask ?? n.AddressMask), role: Number(n.role ?? n.Role ?? 0), state: 'Up' })),
    },
  };
}
