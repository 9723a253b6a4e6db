// docs/machine.md is drawn from the machine object: when the machine changes and the picture does not,
// this fails (regenerate with npx tsx scripts/machine-chart.ts). The top level is written out by hand in
// machine.ts, so it is held to the catalogue here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../shared/steps';
import { wizardMachine } from '../../electron/procedure/machine';
import { CHART_PATH, machineChart } from '../../scripts/machine-chart';

describe('machine chart', () => {
  it('docs/machine.md is the chart of today’s machine (npx tsx scripts/machine-chart.ts)', async () => {
    expect(readFileSync(CHART_PATH, 'utf8')).toBe(await machineChart());
  });

  it('the top level names every step of the catalogue, in its order, then the roll back and the ends', () => {
    expect(Object.keys(wizardMachine.root.states)).toEqual([...STEP_IDS, 'rollingBackAll', 'rollbackFailed', 'rolledBack', 'aborted']);
  });
});
