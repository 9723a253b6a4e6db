import { writeFileSync } from 'node:fs';
import { exportReport } from '../electron/report/export';
import { partialJournal, completeJournal } from '../test/report/fixtures/journal';
for (const [n, j] of [['partial', partialJournal()], ['complete', completeJournal()]] as const) {
  const r = await exportReport(j, 'pdf');
  writeFileSync(`/tmp/rep/${n}.pdf`, Buffer.from(r.base64, 'base64'));
  console.log(r.fileName);
}
