// The delays a lab run played, always: the ones the run set, or else the seed's own (read from the seed
// file the run used), so every lab number in the report can say which delays produced it.
import { readFileSync } from 'node:fs';
import type { JournalData } from '../procedure/journal';
import { defaultLabSeed, type LabDelays } from '../targets/lab';

interface SeedDelays {
  lab?: { delays?: { nodeLossDetectionSeconds?: unknown; groupOnlineSeconds?: unknown; databaseMountSeconds?: unknown } };
}

function seedDelays(path: string): LabDelays | null {
  try {
    const d = (JSON.parse(readFileSync(path, 'utf8')) as SeedDelays).lab?.delays;
    const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const nodeLossDetection = n(d?.nodeLossDetectionSeconds);
    const groupOnline = n(d?.groupOnlineSeconds);
    const databaseMount = n(d?.databaseMountSeconds);
    if (nodeLossDetection === null || groupOnline === null || databaseMount === null) return null;
    return { nodeLossDetection, groupOnline, databaseMount };
  } catch {
    return null;
  }
}

export function effectiveLabDelays(target: JournalData['target']): { delays: LabDelays | null; source: 'run' | 'seed' | null } {
  if (target.kind !== 'lab') return { delays: null, source: null };
  if (target.labDelays) return { delays: target.labDelays, source: 'run' };
  let seed = target.labSeedPath;
  if (!seed) {
    try {
      seed = defaultLabSeed();
    } catch {
      return { delays: null, source: null };
    }
  }
  const delays = seedDelays(seed);
  return { delays, source: delays ? 'seed' : null };
}
