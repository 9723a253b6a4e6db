// What the connect step reads about the site. It travels in the journal, the view and the report.
import { z } from 'zod';

export const ClusterNetworkSchema = z.object({
  name: z.string(),
  address: z.string(),
  addressMask: z.string(),
  /** 0 = not used by the cluster, 1 = cluster only (replication), 3 = cluster and client. */
  role: z.number(),
  state: z.string(),
});
export type ClusterNetwork = z.infer<typeof ClusterNetworkSchema>;

export const ExchangeServerSchema = z.object({
  name: z.string(),
  fqdn: z.string(),
  adminDisplayVersion: z.string(),
  serverRole: z.string(),
  site: z.string(),
  address: z.string().nullable(),
});
export type ExchangeServer = z.infer<typeof ExchangeServerSchema>;

export const DatabaseCopySchema = z.object({
  server: z.string(),
  status: z.string(),
  activationPreference: z.number(),
  copyQueueLength: z.number(),
  replayQueueLength: z.number(),
  contentIndexState: z.string(),
});

export const DatabaseSchema = z.object({
  name: z.string(),
  server: z.string(),
  rpcClientAccessServer: z.string(),
  copies: z.array(DatabaseCopySchema),
});
export type Database = z.infer<typeof DatabaseSchema>;

/** A setup someone started by hand (the write-up followed part way): what Connect found, piece by piece. */
export const FoundSetupSchema = z.object({
  /** Extra groups in the DAG's cluster holding an IP Address or a Network Name (more than one is a contradiction). */
  groups: z.array(
    z.object({
      name: z.string(),
      ownerNode: z.string(),
      state: z.string(),
      ipAddress: z
        .object({ resource: z.string(), address: z.string(), subnetMask: z.string(), network: z.string(), state: z.string() })
        .nullable(),
      networkName: z.object({ resource: z.string(), name: z.string(), state: z.string(), detail: z.string() }).nullable(),
    }),
  ),
  /** The Client Access array of the AD site, if any. */
  array: z.object({ name: z.string(), fqdn: z.string(), site: z.string(), addresses: z.array(z.string()) }).nullable(),
  /** Databases whose RpcClientAccessServer already is the array's FQDN. */
  pointed: z.array(z.string()),
  /** Names the setup uses that already resolve (the network name's FQDN), with their addresses. */
  nameAddresses: z.array(z.string()),
});
export type FoundSetup = z.infer<typeof FoundSetupSchema>;

export const SiteFactsSchema = z.object({
  domain: z.string(),
  adSite: z.string(),
  servers: z.array(ExchangeServerSchema),
  dag: z.object({
    name: z.string(),
    servers: z.array(z.string()),
    witnessServer: z.string(),
    witnessDirectory: z.string(),
    ipAddresses: z.array(z.string()),
  }),
  cluster: z.object({
    name: z.string(),
    nodes: z.array(z.object({ name: z.string(), state: z.string() })),
    networks: z.array(ClusterNetworkSchema),
  }),
  databases: z.array(DatabaseSchema),
  /** Host names clients already use for OWA and Autodiscover: the array must not reuse them. */
  clientHostNames: z.array(z.string()),
  account: z.string(),
  /** A setup started by hand, when Connect found one (null: nothing found; absent: read by an older version). */
  found: FoundSetupSchema.nullable().optional(),
});
export type SiteFacts = z.infer<typeof SiteFactsSchema>;

/** Two journals belong to the same site when domain and DAG match. */
export function siteIdentity(site: Pick<SiteFacts, 'domain' | 'dag'>): string {
  return `${site.domain.toLowerCase()}/${site.dag.name.toLowerCase()}`;
}

export function clientNetworks(site: SiteFacts): ClusterNetwork[] {
  return site.cluster.networks.filter((n) => n.role === 3);
}
