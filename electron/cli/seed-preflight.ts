// exha plan on a lab seed: what preflight's own rules say about the seed's site, judged from the file (a
// plan runs nothing). Only the rules the seed decides; the run reads the servers again and judges all.
import { z } from 'zod';
import type { Check } from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import { evaluatePreflight, type PreflightData } from '../procedure/steps/preflight-rules';

/** Judged on the servers only: replication health is a live test, and an array or role found is recognised by Connect. */
const LIVE_ONLY = new Set(['replication', 'casarray', 'found', 'found-conflict']);

const SeedStateSchema = z.object({
  exchangeServers: z.array(
    z.object({
      name: z.string(),
      autoDatabaseMountDial: z.string(),
      databaseCopyAutoActivationPolicy: z.string(),
      setupWatermark: z.string().nullable(),
      setupAction: z.string().nullable(),
    }),
  ),
  dag: z.object({ witnessServer: z.string().nullable(), witnessDirectory: z.string().nullable(), witnessAvailable: z.boolean() }),
  cluster: z.object({
    nodes: z.array(z.object({ name: z.string(), state: z.string(), nicsEnabled: z.boolean() })),
    groups: z.array(z.object({ name: z.string(), ownerNode: z.string() })),
  }),
  databases: z.array(
    z.object({
      name: z.string(),
      activeServer: z.string(),
      mounted: z.boolean(),
      copies: z.array(
        z.object({
          server: z.string(),
          status: z.string(),
          copyQueueLength: z.number(),
          contentIndexState: z.string(),
          activationSuspended: z.boolean(),
        }),
      ),
    }),
  ),
});

export function seedPreflight(seed: unknown, site: SiteFacts): Check[] {
  const s = SeedStateSchema.parse(seed);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const up = new Set(s.cluster.nodes.filter((n) => n.state === 'Up' && n.nicsEnabled).map((n) => n.name.toLowerCase()));
  const data: PreflightData = {
    site,
    exchange: {
      OperationalServers: site.dag.servers.filter((x) => up.has(x.toLowerCase())),
      PrimaryActiveManager: s.cluster.groups.find((g) => g.name === 'Cluster Group')?.ownerNode ?? '',
      WitnessShareInUse: '',
      Health: [],
      // As the lab shows a copy: on a node that is down, ServiceDown; the active one Mounted or Dismounted.
      Copies: s.databases.flatMap((d) =>
        d.copies.map((c) => {
          const active = same(c.server, d.activeServer);
          return {
            Name: `${d.name}\\${c.server}`,
            DatabaseName: d.name,
            Server: c.server,
            Status: !up.has(c.server.toLowerCase()) ? 'ServiceDown' : active ? (d.mounted ? 'Mounted' : 'Dismounted') : c.status,
            CopyQueueLength: active ? 0 : c.copyQueueLength,
            ContentIndexState: c.contentIndexState,
            ActivationSuspended: c.activationSuspended,
          };
        }),
      ),
      MailboxServers: s.exchangeServers.map((x) => ({
        Name: x.name,
        Policy: x.databaseCopyAutoActivationPolicy,
        MountDial: x.autoDatabaseMountDial,
      })),
      Arrays: [],
    },
    nodes: s.cluster.nodes.map((n) => ({ Name: n.name, State: n.nicsEnabled ? n.state : 'Down' })),
    state: {
      Watermarks: s.exchangeServers.map((x) => ({
        Server: x.name,
        Watermark: x.setupWatermark ?? '',
        Action: x.setupAction ?? '',
        Error: '',
      })),
      Witness: { Server: s.dag.witnessServer ?? '', Directory: s.dag.witnessDirectory ?? '', Reachable: s.dag.witnessAvailable },
    },
  };
  return evaluatePreflight(data).filter((c) => !LIVE_ONLY.has(c.id));
}

/** The plan's lines: every check the seed fails or warns about, with its fix. */
export function seedPreflightLines(seed: unknown, site: SiteFacts): string[] {
  const checks = seedPreflight(seed, site).filter((c) => c.status !== 'pass');
  if (checks.length === 0)
    return ['# Preflight, judged from the seed: nothing blocks (replication health and what is already built are judged on the run).'];
  return [
    '# Preflight, judged from the seed (the run reads the servers again and judges everything):',
    ...checks.map((c) => `#   ${c.status === 'fail' ? '✖' : '!'} ${c.title}: ${c.failing ?? c.evidence}\n#     ${c.fix}`),
  ];
}
