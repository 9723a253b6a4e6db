// A lock the kernel keeps for us: a listening local socket (a named pipe on Windows, an abstract socket on
// Linux) whose name is derived from the state folder. Only one process can listen on a name, and the kernel
// closes it when that process exits or is killed (kill -9, a crash), so a lock can never outlive its holder
// and nothing written in a file can free a live one. Node has no flock; the socket is Node's own, no package.
// listen() is asynchronous, so a worker thread does it while this thread waits on a shared flag: the callers
// (the controller's claim, the CLI) keep their synchronous shape.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

const PENDING = 0;
const TAKEN = 1;
const BUSY = 2;
const FREE = 3;
const FAILED = 4;
const RELEASED = 5;

/** Long enough for a worker thread to start on a loaded machine; only a hung thread ever reaches it. */
const ANSWER_LIMIT_MS = 30_000;

// Plain CommonJS run with `eval`: no file to locate next to the bundle.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const net = require('node:net');
const fs = require('node:fs');
const flag = new Int32Array(workerData.flag);
const answer = (n, why) => { if (why) workerData.port.postMessage(why); Atomics.store(flag, 0, n); Atomics.notify(flag, 0); };
const { op, address, socketFile } = workerData;
if (op === 'probe') {
  const c = net.connect(address);
  c.on('connect', () => { c.destroy(); answer(${String(BUSY)}); });
  c.on('error', () => answer(${String(FREE)}));
} else {
  const server = net.createServer((c) => c.destroy());
  let retried = false;
  server.on('listening', () => answer(${String(TAKEN)}));
  server.on('error', (e) => {
    // A socket file (macOS) outlives a killed holder: free it only when nothing answers on it.
    if (e.code === 'EADDRINUSE' && socketFile && !retried) {
      retried = true;
      const c = net.connect(address);
      c.on('connect', () => { c.destroy(); answer(${String(BUSY)}); process.exit(0); });
      c.on('error', () => { try { fs.unlinkSync(address); } catch {} server.listen(address); });
      return;
    }
    if (e.code === 'EADDRINUSE') answer(${String(BUSY)});
    else answer(${String(FAILED)}, e.message);
    process.exit(0);
  });
  parentPort.on('message', () => server.close(() => { answer(${String(RELEASED)}); process.exit(0); }));
  server.listen(address);
}
`;

/** The socket name for a folder (its real path): the same folder always gives the same name. */
function addressFor(key: string): { address: string; socketFile: boolean } {
  const id = createHash('sha256').update(key).digest('hex').slice(0, 32);
  if (process.platform === 'win32') return { address: `\\\\?\\pipe\\exha-lock-${id}`, socketFile: false };
  if (process.platform === 'linux') return { address: `\0exha-lock-${id}`, socketFile: false };
  return { address: join(tmpdir(), `exha-lock-${id.slice(0, 16)}.sock`), socketFile: true };
}

function ask(op: 'take' | 'probe', key: string): { worker: Worker; flag: Int32Array; answer: number } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { op, ...addressFor(key), flag: flag.buffer, port: port2 },
    transferList: [port2],
  });
  // The lock never keeps the process alive: the process's own work decides when it ends.
  worker.unref();
  Atomics.wait(flag, 0, PENDING, ANSWER_LIMIT_MS);
  const answer = Atomics.load(flag, 0);
  if (answer === FAILED || answer === PENDING) {
    const why = receiveMessageOnPort(port1)?.message as string | undefined;
    port1.close();
    void worker.terminate();
    throw new Error(`Could not lock the state folder (${why ?? 'the lock did not answer'}).`);
  }
  port1.close();
  return { worker, flag, answer };
}

export class OsLock {
  #exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly flag: Int32Array,
  ) {
    worker.once('exit', () => {
      this.#exited = true;
    });
  }

  /** Takes the lock named by `key`, or null when a live process (this one included) holds it. */
  static tryTake(key: string): OsLock | null {
    const { worker, flag, answer } = ask('take', key);
    return answer === TAKEN ? new OsLock(worker, flag) : null;
  }

  /** Whether some live process holds the lock named by `key`. Only connects: never takes it, even for an instant. */
  static isHeld(key: string): boolean {
    return ask('probe', key).answer === BUSY;
  }

  /** Still ours: the thread that listens has not stopped and nothing released it. */
  get held(): boolean {
    return !this.#exited && Atomics.load(this.flag, 0) === TAKEN;
  }

  /** Closes the socket and waits until it is closed, so the same folder can be locked again at once. */
  release(): void {
    if (!this.held) return;
    this.worker.postMessage('release');
    Atomics.wait(this.flag, 0, TAKEN, ANSWER_LIMIT_MS);
  }
}
