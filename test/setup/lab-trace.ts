// What the suite's lab servers and sessions wrote to EXHA_LAB_TRACE (lab/README.md), in a few lines for
// the suite's output: a session opened again, or a pooled server that did not end its loop, is absorbed
// by the lab or shows only as a later failure, and CI's output is the only place it can be seen.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabTraceSummary {
  sessions: number;
  servers: number;
  /** Each session the lab opened again, in the client's words (`reopen <role> <endpoint> after <why>`). */
  reopened: string[];
  /** Sessions a test closed as they opened, to see them opened again. */
  reopenedOnPurpose: number;
  /** Each server whose loop failed, or whose log stops without the loop's end (it crashed or was killed). */
  serverTrouble: string[];
}

export function summarizeLabTrace(folder: string): LabTraceSummary {
  const summary: LabTraceSummary = { sessions: 0, servers: 0, reopened: [], reopenedOnPurpose: 0, serverTrouble: [] };
  for (const file of readdirSync(folder).sort()) {
    const lines = readFileSync(join(folder, file), 'utf8').split('\n').filter(Boolean);
    if (file.startsWith('client-')) {
      summary.sessions += lines.filter((line) => line.includes(' took pair ')).length;
      const reopened = lines.filter((line) => line.includes(' reopen '));
      const onPurpose = reopened.filter((line) => line.endsWith('(on purpose, by a test)'));
      summary.reopenedOnPurpose += onPurpose.length;
      summary.reopened.push(...reopened.filter((line) => !onPurpose.includes(line)).map((line) => `${file}: ${line}`));
    } else if (file.startsWith('server-')) {
      summary.servers += 1;
      const failed = lines.filter((line) => line.includes(' loop failed'));
      summary.serverTrouble.push(...failed.map((line) => `${file}: ${line}`));
      if (failed.length === 0 && !lines.some((line) => line.endsWith(' loop ended'))) {
        summary.serverTrouble.push(`${file}: ends without 'loop ended' (last: ${lines.at(-1) ?? 'nothing'})`);
      }
    }
  }
  return summary;
}

export function describeLabTrace(summary: LabTraceSummary): string {
  const head =
    `lab trace: ${summary.sessions} pooled sessions on ${summary.servers} servers; ` +
    `${summary.reopened.length} opened again (and ${summary.reopenedOnPurpose} on purpose, by a test); ` +
    `${summary.serverTrouble.length} server problems`;
  return [head, ...summary.reopened, ...summary.serverTrouble].join('\n  ');
}
