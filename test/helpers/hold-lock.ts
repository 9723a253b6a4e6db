// A process that holds a state folder's lock until it is killed: says "held" on stdout once it holds it.
// Run with `node --import tsx test/helpers/hold-lock.ts <state-dir>`.
import { StateLock } from '../../electron/procedure/state-lock';

const lock = StateLock.acquire(process.argv[2] ?? '.', 'exha run');
process.stdout.write(`held ${lock.holder.since}\n`);
setInterval(() => undefined, 60_000);
