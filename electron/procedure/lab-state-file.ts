// The lab's state file (the lab's servers as the last session left them), checked on the Node side before
// the prelude hands it to the lab: a damaged one is named with its path, instead of failing inside PowerShell
// as an unreachable server.
import { join } from 'node:path';
import { z } from 'zod';
import type { SessionTarget } from '../targets/factory';
import { readChecked, UnreadableFile } from './files';

// The parts every lab server reads at start; the rest is the lab's own business (lab/ExchangeLab/State.ps1).
const LabStateSchema = z
  .object({
    schemaVersion: z.number(),
    domain: z.object({ fqdn: z.string() }).loose(),
    dag: z.object({ name: z.string() }).loose(),
    cluster: z.object({ nodes: z.array(z.unknown()), groups: z.array(z.unknown()) }).loose(),
    databases: z.array(z.unknown()),
    lab: z.object({}).loose(),
  })
  .loose();

/**
 * Before a session opens on the lab: throws UnreadableFile when the target's lab state file is there but
 * damaged (a missing one is made from the seed). The default path is the one targets/factory.ts gives the lab.
 */
export function assertLabStateReadable(target: Pick<SessionTarget, 'kind' | 'labStatePath'>, stateDir: string): void {
  if (target.kind !== 'lab') return;
  const read = readChecked(target.labStatePath ?? join(stateDir, 'lab-state.json'), LabStateSchema, "the lab's state");
  if (read.kind !== 'unreadable') return;
  throw new UnreadableFile(
    'lab state file',
    read.path,
    read.reason,
    "It holds the lab's servers as this run left them. Restore a copy of it, or delete it: the lab then starts again " +
      "from its seed, without this run's changes (start a new run then: exha run --lab).",
  );
}
