// exha remove: take a finished setup down cleanly, whoever made it and whenever: the databases go back to
// the server holding their active copy (Exchange's own default), then the array, then the cluster role with
// the DNS record and computer object it leaves. Refused while a failover test runs.
import { join } from 'node:path';
import { z } from 'zod';
import { adoptableGroup, contradictions } from '../../../shared/found';
import type { FoundSetup } from '../../../shared/site';
import { asArray } from '../schemas';
import { Journal, writeFileAtomic } from '../journal';
import { StepFailure } from '../step';
import { removeArray } from '../steps/cas-array';
import { cleanLeftovers, removeRole } from '../steps/cluster-role';
import { restoreDatabases } from '../steps/databases';
import { readSite } from './check';
import { Day2Refusal } from './maintenance';
import type { Day2Command, Day2Session } from './session';

export interface RemoveRecord {
  at: string;
  /** The setup as found before anything was removed. */
  found: FoundSetup;
  databases: { name: string; setTo: string; error: string }[];
  left: string[];
  commands: Day2Command[];
}

const RestoredSchema = asArray(
  z.object({ Name: z.string(), Wanted: z.string(), Before: z.string(), SetTo: z.string(), Substituted: z.boolean(), Error: z.string() }),
);

/** The wizard's own run, when its journal says the failover test is running (a node may be down). */
export function failoverRunning(stateDir: string): boolean {
  const read = Journal.read(stateDir);
  // An unreadable journal cannot say: remove then runs only on servers named explicitly (targetFromJournal).
  if (read.kind !== 'ok') return false;
  const value = (read.data.snapshot as { value?: unknown } | null)?.value;
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).failover === 'running';
}

export async function removeSetup(day2: Day2Session, stateDir: string): Promise<RemoveRecord> {
  if (failoverRunning(stateDir)) {
    throw new Day2Refusal(
      'A failover test is running (or was interrupted while running): a node may be down and the role mid-move. Let it finish, or resume it (exha resume) or roll it back (exha rollback), then remove. Nothing was changed.',
    );
  }
  const site = await readSite(day2);
  const found = site.found;
  if (!found)
    throw new Day2Refusal(
      'Nothing to remove: no client access role, Client Access array or database pointed at an array was found. Nothing was changed.',
    );
  const conflicts = contradictions(found, site).filter((c) => /groups in the cluster look like/.test(c.what));
  if (conflicts.length > 0) throw new Day2Refusal(`${conflicts.map((c) => `${c.what} ${c.fix}`).join(' ')} Nothing was changed.`);
  const record: RemoveRecord = { at: new Date().toISOString(), found, databases: [], left: [], commands: [] };
  const path = join(stateDir, `remove-${record.at.replace(/[:.]/g, '-')}.json`);
  const save = () => {
    record.commands = [...day2.commands];
    writeFileAtomic(path, `${JSON.stringify(record, null, 1)}\n`);
  };
  save();
  const ctx = day2.context({ site, inputs: null, target: { kind: 'lab', sessionNode: null } });
  try {
    if (found.array) {
      const arrayFqdn = found.array.fqdn.toLowerCase();
      const pointed = site.databases.filter((d) => d.rpcClientAccessServer.toLowerCase() === arrayFqdn).map((d) => d.name);
      // '' asks for the server holding the active copy: the value Exchange itself gives a new database.
      const rows =
        pointed.length > 0
          ? await ctx.run(restoreDatabases, { Previous: Object.fromEntries(pointed.map((n) => [n, ''])) }, RestoredSchema)
          : [];
      record.databases = rows.map((r) => ({ name: r.Name, setTo: r.SetTo, error: r.Error }));
      record.left.push(...rows.filter((r) => r.Error).map((r) => `${r.Name} still uses ${r.Before} (${r.Error})`));
      if (rows.some((r) => r.Error))
        throw new StepFailure(
          `Some databases could not be moved off the array: ${record.left.join('; ')}.`,
          'The array is kept while a database uses it. Fix what the error names, then run exha remove again.',
        );
      await ctx.run(removeArray, { Name: found.array.name }, z.unknown());
    }
    const group = adoptableGroup(found);
    if (group) {
      await ctx.run(removeRole, { Name: group.name }, z.object({ Removed: z.boolean() }));
      const name = group.networkName?.name || group.name;
      const address = group.ipAddress?.address ?? '';
      await ctx.run(
        cleanLeftovers,
        { Name: name, Address: address, RemoveDnsRecord: address !== '', RemoveComputerObject: true },
        z.unknown(),
      );
    }
    const after = await readSite(day2);
    if (after.found) {
      record.left.push(
        ...after.found.groups.map((g) => `cluster group ${g.name}`),
        ...(after.found.array ? [`array ${after.found.array.name}`] : []),
      );
      throw new StepFailure(
        `Still there after removal: ${record.left.join('; ')}.`,
        'Run exha check to see its state, fix what it names, then run exha remove again.',
      );
    }
  } finally {
    save();
  }
  return record;
}
