// exha maintenance --node EX01 / --end: before patching a node, move the cluster groups it owns (the
// client access role, and "Cluster Group" with the Primary Active Manager) and its active databases to the
// other node; afterwards move them back. Each move is shown, verified and journaled with where things were.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { asArray } from '../schemas';
import type { ScriptKind } from '../../powershell/script';
import { readChecked, UnreadableFile } from '../files';
import { writeFileAtomic } from '../journal';
import { StepFailure } from '../step';
import { readSite } from './check';
import { moveDatabases, moveGroups, readActiveServers, readGroupOwners } from './scripts';
import type { Day2Command, Day2Session } from './session';

export const MAINTENANCE_FILE = 'maintenance.json';

export interface MaintenanceRecord {
  node: string;
  to: string;
  startedAt: string;
  /** When every move off the node had returned and been verified; null until then (absent in older records). */
  movedAt?: string | null;
  endedAt: string | null;
  /** Where each moved group and database was before: --end puts them back there. */
  groupOwners: Record<string, string>;
  activeServers: Record<string, string>;
  commands: Day2Command[];
}

/** Bad input: nothing was changed. */
export class Day2Refusal extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'refused' = 'refused',
  ) {
    super(message);
    this.name = 'Day2Refusal';
  }
}

const GroupsSchema = asArray(z.object({ Name: z.string(), OwnerNode: z.string(), State: z.string() }));
const ActiveSchema = asArray(z.object({ Name: z.string(), Server: z.string() }));

const SCRIPT_KINDS = ['probe', 'apply', 'verify', 'rollback'] as const satisfies readonly ScriptKind[];

const MaintenanceSchema = z
  .object({
    node: z.string(),
    to: z.string(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    groupOwners: z.record(z.string(), z.string()),
    activeServers: z.record(z.string(), z.string()),
    commands: z.array(
      z.object({
        at: z.string(),
        label: z.string(),
        kind: z.enum(SCRIPT_KINDS),
        text: z.string(),
        outcome: z.string(),
        durationMs: z.number(),
        error: z.string().nullable(),
      }),
    ),
  })
  .loose() satisfies z.ZodType<MaintenanceRecord>;

/** The open maintenance, or null; a damaged record throws UnreadableFile (it holds where things go back to). */
export function openMaintenance(stateDir: string): MaintenanceRecord | null {
  const read = readChecked(join(stateDir, MAINTENANCE_FILE), MaintenanceSchema, 'a maintenance record');
  if (read.kind === 'none') return null;
  if (read.kind === 'ok') return read.data;
  throw new UnreadableFile(
    'maintenance record',
    read.path,
    read.reason,
    'It says which groups and databases maintenance moved and where they were. Put them back by hand where you want them ' +
      '(Move-ClusterGroup, Move-ActiveMailboxDatabase; `exha check` shows where everything is now), then move that file out of the state folder.',
  );
}

/** For a view: the open maintenance, or null when there is none or its record cannot be read (the actions report that). */
export function readableMaintenance(stateDir: string): MaintenanceRecord | null {
  try {
    return openMaintenance(stateDir);
  } catch (error) {
    if (error instanceof UnreadableFile) return null;
    throw error;
  }
}

function save(stateDir: string, record: MaintenanceRecord, day2: Day2Session): void {
  record.commands = [...day2.commands];
  writeFileAtomic(join(stateDir, MAINTENANCE_FILE), `${JSON.stringify(record, null, 1)}\n`);
}

async function moveAndVerify(day2: Day2Session, groups: Record<string, string>, databases: Record<string, string>): Promise<void> {
  const ctx = day2.context({ site: null, inputs: null, target: { kind: 'lab', sessionNode: null } });
  const g = Object.entries(groups);
  if (g.length > 0) await ctx.run(moveGroups, { Groups: g.map(([n]) => n), Nodes: g.map(([, o]) => o) }, GroupsSchema);
  const d = Object.entries(databases);
  if (d.length > 0) await ctx.run(moveDatabases, { Databases: d.map(([n]) => n), Servers: d.map(([, s]) => s) }, z.unknown());
  const nowGroups = await ctx.run({ ...readGroupOwners, kind: 'verify', label: 'Verify each group is on its node' }, {}, GroupsSchema);
  const nowDbs = await ctx.run(
    { ...readActiveServers, kind: 'verify', label: 'Verify each database is active on its server' },
    {},
    ActiveSchema,
  );
  const wrong = [
    ...g
      .filter(([n, o]) => nowGroups.find((x) => x.Name === n)?.OwnerNode.toLowerCase() !== o.toLowerCase())
      .map(([n, o]) => `group ${n} is not on ${o}`),
    ...d
      .filter(([n, s]) => nowDbs.find((x) => x.Name === n)?.Server.toLowerCase() !== s.toLowerCase())
      .map(([n, s]) => `${n} is not active on ${s}`),
  ];
  if (wrong.length > 0)
    throw new StepFailure(
      `The move did not finish: ${wrong.join('; ')}.`,
      'Check the node and the copies (Get-ClusterGroup, Get-MailboxDatabaseCopyStatus), then run the same command again: what is already moved is left alone.',
    );
}

/** Moves everything off `node`; refuses (changing nothing) a node not in the cluster or when no other node is up. */
export async function startMaintenance(day2: Day2Session, stateDir: string, node: string): Promise<MaintenanceRecord> {
  const open = openMaintenance(stateDir);
  if (open)
    throw new Day2Refusal(
      `Maintenance of ${open.node} is still open (since ${open.startedAt}). End it first: exha maintenance --end. Nothing was changed.`,
    );
  const site = await readSite(day2);
  const nodes = site.cluster.nodes;
  const target = nodes.find((n) => n.name.toLowerCase() === node.toLowerCase());
  if (!target)
    throw new Day2Refusal(
      `${node} is not a node of cluster ${site.cluster.name} (its nodes: ${nodes.map((n) => n.name).join(', ')}). Nothing was changed.`,
      'usage',
    );
  const other = nodes.find((n) => n !== target && n.state === 'Up');
  if (!other)
    throw new Day2Refusal(
      `${target.name} is the only node up (${nodes.map((n) => `${n.name} ${n.state}`).join(', ')}): there is nowhere to move the role and the databases. Nothing was changed.`,
    );
  const ctx = day2.context({ site, inputs: null, target: { kind: 'lab', sessionNode: null } });
  const groups = await ctx.run(readGroupOwners, {}, GroupsSchema);
  const dbs = await ctx.run(readActiveServers, {}, ActiveSchema);
  const record: MaintenanceRecord = {
    node: target.name,
    to: other.name,
    startedAt: new Date().toISOString(),
    movedAt: null,
    endedAt: null,
    groupOwners: Object.fromEntries(
      groups.filter((g) => g.OwnerNode.toLowerCase() === target.name.toLowerCase()).map((g) => [g.Name, g.OwnerNode]),
    ),
    activeServers: Object.fromEntries(
      dbs.filter((d) => d.Server.toLowerCase() === target.name.toLowerCase()).map((d) => [d.Name, d.Server]),
    ),
    commands: [],
  };
  // Journaled before the first move, so --end knows where everything was even after a crash.
  save(stateDir, record, day2);
  try {
    await moveAndVerify(
      day2,
      Object.fromEntries(Object.keys(record.groupOwners).map((g) => [g, other.name])),
      Object.fromEntries(Object.keys(record.activeServers).map((d) => [d, other.name])),
    );
    record.movedAt = new Date().toISOString();
  } finally {
    save(stateDir, record, day2);
  }
  return record;
}

/** Moves back what maintenance moved, to where it was, and closes the maintenance record. */
export async function endMaintenance(day2: Day2Session, stateDir: string): Promise<MaintenanceRecord> {
  const record = openMaintenance(stateDir);
  if (!record) throw new Day2Refusal('No maintenance is open: nothing to move back. Nothing was changed.');
  const site = await readSite(day2);
  const node = site.cluster.nodes.find((n) => n.name.toLowerCase() === record.node.toLowerCase());
  if (node?.state !== 'Up')
    throw new Day2Refusal(
      `${record.node} is ${node?.state ?? 'not in the cluster'}: bring it back up (and let its copies resynchronise) before ending maintenance. Nothing was changed.`,
    );
  const before = day2.commands.length;
  try {
    await moveAndVerify(day2, record.groupOwners, record.activeServers);
  } finally {
    record.commands = [...record.commands, ...day2.commands.slice(before)];
    writeFileAtomic(join(stateDir, MAINTENANCE_FILE), `${JSON.stringify(record, null, 1)}\n`);
  }
  record.endedAt = new Date().toISOString();
  writeFileAtomic(join(stateDir, MAINTENANCE_FILE), `${JSON.stringify(record, null, 1)}\n`);
  // Kept, dated, beside the checks: the history of what was moved when.
  renameSync(join(stateDir, MAINTENANCE_FILE), join(stateDir, `maintenance-${record.startedAt.replace(/[:.]/g, '-')}.json`));
  return record;
}
