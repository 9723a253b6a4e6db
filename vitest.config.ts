import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/setup/slowest-first';

// One runner for every layer: unit (no IO), integration (real pwsh + the lab) and e2e (Chromium).
// Files run three at a time on this two-core machine: measured, two left a core idle a fifth of the time
// (tests waiting on pwsh, Chromium and lab delays) and took 377 s; three kept both busy and took 356 s.
// Integration and e2e tests wait on real PowerShell and lab server processes: alone a step takes seconds,
// but on a busy two-core machine a lab start alone has taken 45 s, so their timeouts bound a hang, not a
// speed. The rest keep the short timeout: when one of them is slow, something is wrong.
// The folders whose tests start pwsh, the lab, the CLI or Chromium:
const INTEGRATION = [
  'test/procedure/**/*.test.ts',
  'test/report/**/*.test.ts',
  'test/lab/**/*.test.ts',
  'test/e2e/**/*.test.ts',
  'test/powershell/**/*.test.ts',
  'test/ps2/**/*.test.ts',
  'test/shells/**/*.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    // The window, the browser wizard and exha share a default state folder in the user's home: a test
    // that forgets --state-dir writes here instead of into the real home (tests that need the default set
    // HOME for the processes they start).
    env: { EXHA_STATE_DIR: mkdtempSync(join(tmpdir(), 'exha-suite-state-')) },
    maxWorkers: 3,
    // Each worker runs file after file in one process, sharing the modules they import (the engine, zod's
    // schemas, xstate, the lab's targets): a fresh process per file spent 37 s importing them again and again,
    // once per worker 13-14 s (measured: the suite ~380 s -> 329-374 s, whose runs differ by ±30 s). Every test cleans up what it starts (servers,
    // browsers, sessions) and restores the environment it changes, so no file sees another's leftovers.
    isolate: false,
    sequence: { sequencer: SlowestFirst },
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION, testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        // One warm pool of lab servers shared by every session of the suite (test/setup/lab-server-pool.ts).
        test: {
          name: 'integration',
          include: INTEGRATION,
          globalSetup: ['test/setup/lab-server-pool.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
