// The lab seed seen as the site the connect step would read, so `exha plan --lab` runs nothing.
// Mirrors lab/README.md's state shape; unknown fields are ignored.
import { z } from 'zod';
import { DatabaseCopySchema, type SiteFacts } from '../../shared/site';

const SeedSchema = z.object({
  domain: z.object({ fqdn: z.string() }),
  adSites: z.array(z.object({ name: z.string() })).min(1),
  exchangeServers: z.array(
    z.object({ name: z.string(), fqdn: z.string(), adminDisplayVersion: z.string(), serverRole: z.array(z.string()), site: z.string() }),
  ),
  dag: z.object({
    name: z.string(),
    servers: z.array(z.string()),
    witnessServer: z.string().nullable(),
    witnessDirectory: z.string().nullable(),
    ipAddresses: z.array(z.string()),
  }),
  cluster: z.object({
    name: z.string(),
    nodes: z.array(z.object({ name: z.string(), state: z.string(), addresses: z.array(z.string()) })),
    networks: z.array(z.object({ name: z.string(), address: z.string(), addressMask: z.string(), role: z.number() })),
  }),
  databases: z.array(
    z.object({
      name: z.string(),
      activeServer: z.string(),
      rpcClientAccessServer: z.string(),
      copies: z.array(DatabaseCopySchema),
    }),
  ),
  clientAccess: z.object({ owaHostName: z.string(), autodiscoverHostName: z.string() }),
});

export function siteFromSeed(seed: unknown): SiteFacts {
  const s = SeedSchema.parse(seed);
  return {
    domain: s.domain.fqdn,
    adSite: s.adSites[0]?.name ?? '',
    account: '<you>',
    clientHostNames: [s.clientAccess.owaHostName, s.clientAccess.autodiscoverHostName],
    servers: s.exchangeServers.map((x) => ({
      name: x.name,
      fqdn: x.fqdn,
      adminDisplayVersion: x.adminDisplayVersion,
      serverRole: x.serverRole.join(', '),
      site: x.site,
      address: s.cluster.nodes.find((n) => n.name === x.name)?.addresses[0] ?? null,
    })),
    databases: s.databases.map((d) => ({
      name: d.name,
      server: d.activeServer,
      rpcClientAccessServer: d.rpcClientAccessServer,
      copies: d.copies.map((c) => ({ ...c, status: c.server === d.activeServer ? 'Mounted' : c.status })),
    })),
    dag: {
      name: s.dag.name,
      servers: s.dag.servers,
      witnessServer: s.dag.witnessServer ?? '',
      witnessDirectory: s.dag.witnessDirectory ?? '',
      ipAddresses: s.dag.ipAddresses,
    },
    cluster: {
      name: s.cluster.name,
      nodes: s.cluster.nodes.map((n) => ({ name: n.name, state: n.state })),
      networks: s.cluster.networks.map((n) => ({
        name: n.name,
        address: n.address,
        addressMask: n.addressMask,
        role: n.role,
        state: 'Up',
      })),
    },
  };
}
