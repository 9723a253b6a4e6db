// The window's "Rehearse on a copy of this site": the same file as `exha snapshot`, read from the run's own
// target (the servers Connect reached, with the credential the session holds) and handed back as bytes
// for the shell to save. Read-only: it never touches the run's journal or its session.
import type { ExportResult } from '../../shared/contract';
import { SNAPSHOT_TOOL } from '../../shared/tool';
import { Day2Session } from './day2/session';
import type { JournalData } from './journal';
import { WizardRefusal } from './refusal';
import { readSiteForSnapshot } from './snapshot-read';
import { seedFromReading } from './snapshot-seed';

/** exha-site-<domain>-<yyyymmdd-hhmm>.json, in UTC. */
export function snapshotFileName(domain: string, at: Date): string {
  const safe = domain.toLowerCase().replace(/[^a-z0-9.-]+/g, '-') || 'site';
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `exha-site-${safe}-${stamp}.json`;
}

export async function snapshotOfRun(
  journal: JournalData | null,
  options: { stateDir: string; credential: { userName: string; password: string } | null },
): Promise<ExportResult> {
  if (!journal) throw new WizardRefusal('not-allowed', 'Connect to the servers first: the copy is read from the servers Connect reached.');
  const target = journal.target;
  const session = new Day2Session({ stateDir: options.stateDir, target, credential: options.credential });
  try {
    const reading = await readSiteForSnapshot(session, target.kind);
    const now = new Date();
    const seed = seedFromReading(
      reading,
      { kind: target.kind, exchangeServer: target.exchangeServer ?? '', clusterNode: target.clusterNode ?? '' },
      SNAPSHOT_TOOL,
      now,
    );
    return {
      fileName: snapshotFileName(reading.site.domain, now),
      mimeType: 'application/json',
      base64: Buffer.from(`${JSON.stringify(seed, null, 2)}\n`, 'utf8').toString('base64'),
      savedTo: null,
    };
  } finally {
    await session.dispose();
  }
}
