// The scripts recognition and day 2 send to the servers are PowerShell 2.0, like the catalogue's.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFindings, loadPs2Checker, type Ps2Checker } from '../../electron/powershell/ps2/check';
import { day2Scripts } from '../../electron/procedure/day2/scripts';
import { invocationText } from '../../electron/powershell/script';
import { recognitionScripts } from '../../electron/procedure/steps/recognise';

let check: Ps2Checker;
beforeAll(async () => {
  check = await loadPs2Checker();
});

const scripts = [...recognitionScripts, ...day2Scripts];

describe('recognition and day-2 scripts are PowerShell 2.0', () => {
  it.each(scripts.map((s) => [s.label, s] as const))('%s', (label, script) => {
    const findings = check(script.body).filter((f) => !(script.runsOn === 'cluster' && f.rule === 'module-autoload'));
    expect(findings, formatFindings(findings, label)).toEqual([]);
  });

  it('take their values as parameters', () => {
    for (const script of scripts) {
      expect(script.body).not.toMatch(/CASArray|EX0[12]|rogertech/);
      if (script.runsOn === 'cluster') expect(invocationText(script)).toMatch(/-ArgumentList @\(/);
    }
  });
});
