import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLabTrace, summarizeLabTrace } from './lab-trace';

let folder: string;
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function traceFolder(files: Record<string, string[]>): string {
  folder = mkdtempSync(join(tmpdir(), 'exha-trace-test-'));
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(folder, name), lines.map((l) => `${l}\n`).join(''));
  return folder;
}

describe("the suite's lab trace summary", () => {
  it('counts sessions and servers, and lists sessions opened again apart from those a test closed on purpose', () => {
    const summary = summarizeLabTrace(
      traceFolder({
        'client-10.log': ['10:00:00.000 took pair 0', '10:00:01.000 reopen Exchange pipe exha-lab-5 after Closed: no reason given'],
        'client-11.log': [
          '10:00:02.000 took pair 1',
          '10:00:03.000 reopen Exchange process 7 after Closed: no reason given (on purpose, by a test)',
        ],
        'server-5.log': ['10:00:00.000 started', '10:00:09.000 loop ended'],
        'server-6.log': ['10:00:00.000 started', '10:00:04.000 ready abc'],
        'server-8.log': ['10:00:00.000 started', '10:00:05.000 loop failed: boom', '10:00:05.000 loop ended'],
      }),
    );
    expect(summary).toEqual({
      sessions: 2,
      servers: 3,
      reopened: ['client-10.log: 10:00:01.000 reopen Exchange pipe exha-lab-5 after Closed: no reason given'],
      reopenedOnPurpose: 1,
      serverTrouble: [
        "server-6.log: ends without 'loop ended' (last: 10:00:04.000 ready abc)",
        'server-8.log: 10:00:05.000 loop failed: boom',
      ],
    });
    expect(describeLabTrace(summary).split('\n')[0]).toBe(
      'lab trace: 2 pooled sessions on 3 servers; 1 opened again (and 1 on purpose, by a test); 2 server problems',
    );
  });

  it('says all is well in one line when nothing happened', () => {
    const summary = summarizeLabTrace(traceFolder({ 'server-5.log': ['10:00:00.000 started', '10:00:09.000 loop ended'] }));
    expect(describeLabTrace(summary)).toBe(
      'lab trace: 0 pooled sessions on 1 servers; 0 opened again (and 0 on purpose, by a test); 0 server problems',
    );
  });
});
