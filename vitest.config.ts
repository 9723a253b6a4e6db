import { defineConfig } from 'vitest/config';

// One runner for every layer: unit (no IO), integration (real pwsh + the lab) and e2e (Chromium).
// Two cores here: files run two at a time; each pwsh session is its own process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
