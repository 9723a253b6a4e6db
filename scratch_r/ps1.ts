import { writeFileSync } from 'node:fs';
import { renderPs1 } from '../electron/report/ps1';
import { loadPs2Checker, formatFindings } from '../electron/powershell/ps2/check';
import { completeJournal } from '../test/report/fixtures/journal';
const text = renderPs1(completeJournal());
writeFileSync('/tmp/rep/run.ps1', text);
const check = await loadPs2Checker();
console.log(formatFindings(check(text), 'run.ps1'));
console.log(/[^\x00-\x7f]/.test(text));
