// exha check: the health of a finished setup (by the wizard or by hand), written as a dated report beside
// the earlier ones so a change between two checks is visible. Read-only: it runs the setup's own probes.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { foundInputs, adoptableGroup } from '../../../shared/found';
import type { HealthReport } from '../../../shared/day2';
import { z } from 'zod';
import { asArray } from '../schemas';
import type { SiteFacts } from '../../../shared/site';
import { readChecked, type Checked } from '../files';
import { writeFileAtomic } from '../journal';
import { StepFailure } from '../step';
import { clientChecksStep } from '../steps/client-checks';
import { connectStep } from '../steps/connect';
import { preflightStep } from '../steps/preflight';
import { readGroupOwners } from './scripts';
import type { Day2Session } from './session';

export type { HealthReport } from '../../../shared/day2';

const HEALTH_CHECKS = new Set(['dag', 'witness', 'replication', 'copies', 'activation', 'nodes', 'found', 'found-conflict']);

export async function readSite(day2: Day2Session): Promise<SiteFacts> {
  const ctx = day2.context({ site: null, inputs: null, target: { kind: 'lab', sessionNode: null } });
  try {
    return await connectStep.run(ctx);
  } catch (error) {
    throw notAnswering(error) ?? error;
  }
}

/**
 * A session that could not be opened because its server does not answer (New-PSSession's error, which names
 * it): said as that server not answering, by name, rather than as a failed read or a healthy site.
 */
function notAnswering(error: unknown): StepFailure | null {
  if (!(error instanceof StepFailure) || !error.powershell?.fullyQualifiedErrorId.includes('PSSessionOpenFailed')) return null;
  const target = error.powershell.targetObject;
  const server = /remote server (\S+) failed/i.exec(error.powershell.message)?.[1] ?? (typeof target === 'string' ? target : 'a server');
  return new StepFailure(
    `${server} is not answering: the session to it could not be opened, so nothing was checked.`,
    `Check ${server} (is it running, are its network adapters enabled, does WinRM answer), or check through the other server with --exchange-server and --cluster-node.`,
    error.powershell,
  );
}

/** A check step's table, whether it passed or failed (a failure carries the table as its partial result). */
async function table<T>(run: () => Promise<T[]>): Promise<T[]> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepFailure && Array.isArray(error.partial)) return error.partial as T[];
    throw error;
  }
}

export async function checkSetup(day2: Day2Session, site?: SiteFacts): Promise<HealthReport> {
  const s = site ?? (await readSite(day2));
  const found = s.found ?? null;
  const group = found ? adoptableGroup(found) : null;
  const inputs = found ? foundInputs(found, s) : null;
  const ctx = day2.context({ site: s, inputs, target: { kind: 'lab', sessionNode: null } });
  const checks = (await table(() => preflightStep.run(ctx)))
    .filter((c) => HEALTH_CHECKS.has(c.id))
    // On day 2 the setup is the thing checked, not something to adopt.
    .map((c) => (c.id === 'found' ? { ...c, title: 'The setup: cluster role, array and databases' } : c));
  const clientChecks = found?.array ? await table(() => clientChecksStep.run(ctx)) : [];
  // Where every group runs (the role, and "Cluster Group" with the Primary Active Manager): maintenance moves a node's.
  const groups = (
    await ctx.run(readGroupOwners, {}, asArray(z.object({ Name: z.string(), OwnerNode: z.string(), State: z.string() })))
  ).map((g) => ({ name: g.Name, owner: g.OwnerNode, state: g.State }));
  const arrayFqdn = found?.array?.fqdn.toLowerCase() ?? null;
  const databases = s.databases.map((d) => ({
    name: d.name,
    rpcClientAccessServer: d.rpcClientAccessServer,
    onArray: d.rpcClientAccessServer.toLowerCase() === arrayFqdn,
    activeServer: d.server,
  }));
  const problems = [
    ...checks.filter((c) => c.status !== 'pass').map((c) => `${c.title}: ${c.failing ?? c.evidence}`),
    ...clientChecks.filter((r) => r.result !== 'Success').map((r) => `${r.cmdlet}: ${r.detail}`),
    ...(group && group.state !== 'Online' ? [`Cluster group ${group.name} is ${group.state}`] : []),
    ...(found?.array
      ? databases.filter((d) => !d.onArray).map((d) => `${d.name} does not use the array (${d.rpcClientAccessServer})`)
      : []),
  ];
  return {
    at: new Date().toISOString(),
    site: `${s.domain}, DAG ${s.dag.name}`,
    setup: found ? 'present' : 'none',
    role: group
      ? {
          group: group.name,
          state: group.state,
          owner: group.ownerNode,
          address: group.ipAddress?.address ?? '',
          addressState: group.ipAddress?.state ?? 'missing',
          name: group.networkName?.name ?? '',
          nameState: group.networkName?.state ?? 'missing',
        }
      : null,
    array: found?.array ? { name: found.array.name, fqdn: found.array.fqdn } : null,
    databases,
    nodes: s.cluster.nodes,
    groups,
    checks,
    clientChecks,
    healthy: problems.length === 0 && found !== null,
    problems,
  };
}

function checksDir(stateDir: string): string {
  return join(stateDir, 'checks');
}

export function previousChecks(stateDir: string): string[] {
  try {
    return readdirSync(checksDir(stateDir))
      .filter((f) => /^check-.*\.json$/.test(f))
      .sort()
      .map((f) => join(checksDir(stateDir), f));
  } catch {
    return [];
  }
}

/** What changed since the last check, in the admin's words; empty when nothing did. */
export function changesSince(before: HealthReport, now: HealthReport): string[] {
  const out: string[] = [];
  if (before.role?.owner !== now.role?.owner) out.push(`Role owner: ${before.role?.owner ?? '(none)'} → ${now.role?.owner ?? '(none)'}`);
  if (before.role?.state !== now.role?.state) out.push(`Role state: ${before.role?.state ?? '(none)'} → ${now.role?.state ?? '(none)'}`);
  if (before.array?.fqdn !== now.array?.fqdn)
    out.push(`Client Access array: ${before.array?.fqdn ?? '(none)'} → ${now.array?.fqdn ?? '(none)'}`);
  for (const db of now.databases) {
    const was = before.databases.find((d) => d.name === db.name);
    if (was && was.rpcClientAccessServer !== db.rpcClientAccessServer)
      out.push(`${db.name}: RpcClientAccessServer ${was.rpcClientAccessServer} → ${db.rpcClientAccessServer}`);
    if (was && was.activeServer !== db.activeServer) out.push(`${db.name}: active on ${was.activeServer} → ${db.activeServer}`);
  }
  for (const n of now.nodes) {
    const was = before.nodes.find((x) => x.name === n.name);
    if (was && was.state !== n.state) out.push(`Node ${n.name}: ${was.state} → ${n.state}`);
  }
  for (const c of now.checks) {
    const was = before.checks.find((x) => x.id === c.id);
    if (was && was.status !== c.status)
      out.push(`${c.title}: ${was.status} → ${c.status}${c.status !== 'pass' ? ` (${c.failing ?? c.evidence})` : ''}`);
  }
  for (const r of now.clientChecks) {
    const was = before.clientChecks.find((x) => x.id === r.id);
    if (was && was.result !== r.result) out.push(`${r.cmdlet}: ${was.result} → ${r.result}`);
  }
  return out;
}

const HealthReportSchema = z.object({
  at: z.string(),
  site: z.string(),
  setup: z.enum(['none', 'present']),
  role: z
    .object({
      group: z.string(),
      state: z.string(),
      owner: z.string(),
      address: z.string(),
      addressState: z.string(),
      name: z.string(),
      nameState: z.string(),
    })
    .nullable(),
  array: z.object({ name: z.string(), fqdn: z.string() }).nullable(),
  databases: z.array(z.object({ name: z.string(), rpcClientAccessServer: z.string(), onArray: z.boolean(), activeServer: z.string() })),
  nodes: z.array(z.object({ name: z.string(), state: z.string() })),
  groups: z.array(z.object({ name: z.string(), owner: z.string(), state: z.string() })).optional(),
  checks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(['pass', 'warn', 'fail']),
      evidence: z.string(),
      fix: z.string(),
      failing: z.string().optional(),
    }),
  ),
  clientChecks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      cmdlet: z.string(),
      result: z.enum(['Success', 'Failure']),
      latencyMs: z.number(),
      detail: z.string(),
    }),
  ),
  healthy: z.boolean(),
  problems: z.array(z.string()),
}) satisfies z.ZodType<HealthReport>;

/** A saved check report, checked against the report's shape. */
export function readCheckReport(path: string): Checked<HealthReport> {
  return readChecked(path, HealthReportSchema, 'a check report');
}

export interface SavedCheck {
  path: string;
  /** The report compared with (the latest before this one), or null when there was none. */
  previous: string | null;
  changes: string[];
  /** Why the comparison could not be made: the previous report cannot be read. */
  notCompared: string | null;
}

/** Writes the dated report beside the earlier ones (kept) and compares it with the latest of them. */
export function saveCheck(stateDir: string, report: HealthReport): SavedCheck {
  const earlier = previousChecks(stateDir);
  const previousPath = earlier.at(-1) ?? null;
  mkdirSync(checksDir(stateDir), { recursive: true });
  const path = join(checksDir(stateDir), `check-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileAtomic(path, `${JSON.stringify(report, null, 1)}\n`);
  if (!previousPath) return { path, previous: null, changes: [], notCompared: null };
  // The comparison is a convenience: a damaged earlier report costs it, never the check itself.
  const before = readCheckReport(previousPath);
  if (before.kind !== 'ok')
    return {
      path,
      previous: previousPath,
      changes: [],
      notCompared: `${previousPath} cannot be read: ${before.kind === 'unreadable' ? before.reason : 'it is gone'}`,
    };
  return { path, previous: previousPath, changes: changesSince(before.data, report), notCompared: null };
}
