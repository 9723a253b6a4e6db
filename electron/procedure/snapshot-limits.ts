// What the lab cannot play of a seed, each part named: the seed loads anyway, and these parts are stored
// and shown but do not behave as on the servers. `exha snapshot`, `exha plan` and `exha run --lab-seed`
// print it when a seed is used, so nothing of an admin's site is silently dropped. Keep it in step with
// the lab (lab/README.md "The state file"): each line is a thing the lab's code does not model.
import { z } from 'zod';

const SeedSchema = z.object({
  adSites: z.array(z.object({ name: z.string() })).default([]),
  dag: z
    .object({
      servers: z.array(z.string()).default([]),
      datacenterActivationMode: z.string().nullish(),
      alternateWitnessServer: z.string().nullish(),
      ipAddresses: z.array(z.string()).default([]),
    })
    .loose(),
  cluster: z
    .object({
      nodes: z.array(z.object({ name: z.string() })).default([]),
      networks: z.array(z.object({ address: z.string() })).default([]),
      resources: z.array(z.object({ name: z.string(), resourceType: z.string() })).default([]),
    })
    .loose(),
  databases: z
    .array(z.object({ name: z.string(), copies: z.array(z.object({ server: z.string(), replayLagTime: z.string().nullish() })) }))
    .default([]),
});

/** The cluster resource types whose online/offline the lab models. */
const PLAYED_RESOURCES = new Set(['IP Address', 'Network Name', 'File Share Witness']);

export function labLimitsOf(seed: unknown): string[] {
  const parsed = SeedSchema.safeParse(seed);
  if (!parsed.success)
    return [
      `the seed is not a site the lab can load: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
    ];
  const s = parsed.data;
  const limits: string[] = [];
  if (s.adSites.length > 1)
    limits.push(
      `${String(s.adSites.length)} AD sites (${s.adSites.map((a) => a.name).join(', ')}): the lab's client access tests run in the first, ${s.adSites[0]?.name ?? ''}, only`,
    );
  if (s.dag.datacenterActivationMode && s.dag.datacenterActivationMode !== 'Off')
    limits.push(
      `Datacenter Activation Coordination mode ${s.dag.datacenterActivationMode}: stored, not played (the lab's quorum is a majority of the nodes and the witness)`,
    );
  if (s.dag.alternateWitnessServer) limits.push(`alternate witness ${s.dag.alternateWitnessServer}: stored, never used`);
  for (const db of s.databases)
    for (const c of db.copies)
      if (c.replayLagTime && /[1-9]/.test(c.replayLagTime))
        limits.push(
          `lagged copy ${db.name}\\${c.server} (${c.replayLagTime}): shown as its ReplayLagTime; the lab does not hold its logs back and activates it like any other copy`,
        );
  for (const r of s.cluster.resources)
    if (!PLAYED_RESOURCES.has(r.resourceType))
      limits.push(`cluster resource '${r.name}' (${r.resourceType}): listed with its state, never brought online or offline by the lab`);
  for (const address of [...s.dag.ipAddresses, ...s.cluster.networks.map((n) => n.address)])
    if (address.includes(':')) limits.push(`IPv6 address ${address}: the lab plays IPv4 only`);
  return limits;
}
