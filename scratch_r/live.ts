import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWizardHost } from '../electron/procedure/controller';
const dir = mkdtempSync(join(tmpdir(), 'exha-live-'));
const host = createWizardHost({ stateDir: dir, labDelays: { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 } });
const t0 = Date.now();
let view = await host.handle('start', { target: 'lab' });
view = await host.idle();
for (let i = 0; i < 30; i++) {
  console.log(view.current, view.phase, view.error?.message ?? '');
  if (view.current === 'complete' && view.phase === 'done') break;
  if (view.phase === 'failed') break;
  if (view.current === 'preflight' && view.phase === 'done') await host.handle('acknowledge', { notice: true, warnings: true });
  if (view.current === 'accessPoint' && view.phase === 'review') { await host.handle('setInputs', view.inputs!); }
  await host.handle('next', null);
  view = await host.idle();
}
console.log('ms', Date.now() - t0, dir);
const { writeFileSync } = await import('node:fs');
writeFileSync('/tmp/rep/live-journal.json', JSON.stringify(host.journalData(), null, 1));
await host.dispose();
