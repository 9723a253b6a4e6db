// One writer per state folder. The process that drives a run (CLI verb, window, browser host) holds the
// folder's OS lock (os-lock.ts: the kernel frees it when the process ends, however it ends) and describes
// itself in exha.lock beside the journal; every other writer is refused with who holds it. The description
// only names the holder: an emptied or garbled exha.lock never frees a live lock, and a lock left by a killed
// process is free at once, whatever its description says.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { OsLock } from './os-lock';

export const LOCK_FILE = 'exha.lock';

export interface LockHolder {
  /** null: the holder is alive but its description cannot be read. */
  pid: number | null;
  hostname: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Who holds it, in the admin's words: "exha run", "the wizard window", … */
  holder: string;
}

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  since: z.string(),
  holder: z.string(),
});

export class StateFolderBusy extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly stateDir: string,
  ) {
    super(busyMessage(holder, stateDir));
    this.name = 'StateFolderBusy';
  }
}

/** The holder found the folder's lock no longer its own: it stops rather than write beside another writer. */
export class StateLockLost extends Error {
  constructor(stateDir: string, why: string) {
    super(
      `This process no longer holds the state folder ${stateDir} (${why}), so it stops here without writing the journal again: ` +
        'another process may be changing the run. See where it stands with `exha status`, then resume or roll back from one process only.',
    );
    this.name = 'StateLockLost';
  }
}

function busyMessage(h: LockHolder, stateDir: string): string {
  const pid = h.pid === null ? 'a live process' : `process ${String(h.pid)}`;
  const where = h.hostname === hostname() || h.hostname === '' ? pid : `${pid} on ${h.hostname}`;
  return (
    `The state folder ${stateDir} is in use by ${h.holder} (${where}, since ${h.since}): only one process may change a run at a time. ` +
    'Wait for it to finish, or stop it (Ctrl+C in its terminal, or close that window); `exha status` shows where the run stands meanwhile. ' +
    'A lock left by a process that no longer runs is cleared by itself.'
  );
}

type Description = { kind: 'absent' } | { kind: 'ok'; holder: LockHolder } | { kind: 'damaged'; reason: string };

function readDescription(path: string): Description {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'damaged', reason: (error as Error).message };
  }
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? { kind: 'ok', holder: parsed.data } : { kind: 'damaged', reason: 'it does not describe a holder' };
  } catch {
    return { kind: 'damaged', reason: text.replace(/\0/g, '').trim() === '' ? 'it is empty' : 'it is not valid JSON' };
  }
}

/** Whoever holds a live lock whose description is unreadable (or was removed): alive, not named. */
function undescribed(d: Description, path: string): LockHolder {
  const why = d.kind === 'damaged' ? `${path} is damaged: ${d.reason}` : `${path} is missing`;
  return { pid: null, hostname: '', since: 'an unknown time', holder: `another exha process (it cannot be named: ${why})` };
}

/** The folder as the kernel sees it: two spellings of one folder (a symlink, ..) are one lock. */
function folderKey(stateDir: string): string {
  const real = realpathSync(stateDir);
  return process.platform === 'win32' ? real.toLowerCase() : real;
}

/** The locks this process holds, by folder: the journal checks its own before each write. */
const heldHere = new Map<string, StateLock>();

function writeDescription(path: string, holder: LockHolder): void {
  // Whole or not at all (temporary file, then rename): a reader never sees half a description.
  const tmp = `${path}.${String(process.pid)}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(holder));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export class StateLock {
  private released = false;
  // At exit the kernel frees the lock itself; only the description is tidied (no waiting on the lock's thread).
  private readonly onExit = (): void => {
    this.release(false);
  };

  private constructor(
    readonly path: string,
    readonly holder: LockHolder,
    private readonly stateDir: string,
    private readonly os: OsLock,
  ) {
    // A CLI that ends by process.exit or an uncaught error leaves no description behind (the kernel frees the lock anyway).
    process.once('exit', this.onExit);
  }

  /** The live holder of the folder's lock, or null when no process holds it. Reads only; never takes the lock. */
  static holderOf(stateDir: string): LockHolder | null {
    const path = join(stateDir, LOCK_FILE);
    let key: string;
    try {
      key = folderKey(stateDir);
    } catch {
      return null; // No folder: no lock.
    }
    const d = readDescription(path);
    // A holder on another machine (a shared folder) is beyond this kernel's lock: its description counts as alive.
    if (d.kind === 'ok' && d.holder.hostname !== hostname()) return d.holder;
    if (!OsLock.isHeld(key)) return null;
    return d.kind === 'ok' ? d.holder : undescribed(d, path);
  }

  /** Takes the folder's lock or throws StateFolderBusy naming the live holder (as far as it can be named). */
  static acquire(stateDir: string, holder: string): StateLock {
    mkdirSync(stateDir, { recursive: true });
    const path = join(stateDir, LOCK_FILE);
    const key = folderKey(stateDir);
    const os = OsLock.tryTake(key);
    const d = readDescription(path);
    if (!os) throw new StateFolderBusy(d.kind === 'ok' ? d.holder : undescribed(d, path), stateDir);
    if (d.kind === 'ok' && d.holder.hostname !== hostname()) {
      os.release();
      throw new StateFolderBusy(d.holder, stateDir);
    }
    // Any description left here is a dead holder's (the kernel freed its lock): replaced by ours.
    const mine: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), holder };
    try {
      writeDescription(path, mine);
    } catch (error) {
      os.release();
      throw error;
    }
    const lock = new StateLock(path, mine, resolve(stateDir), os);
    heldHere.set(key, lock);
    return lock;
  }

  /**
   * Before a write to the folder: throws StateLockLost unless this process still holds the lock there. A
   * description emptied or damaged meanwhile is written again (the lock itself is still ours); one naming
   * another holder means another process believes it holds the folder. Folders this process never locked
   * (tests writing a journal directly) are not checked.
   */
  static assertHeld(stateDir: string): void {
    let key: string;
    try {
      key = folderKey(stateDir);
    } catch {
      return;
    }
    heldHere.get(key)?.verify();
  }

  private verify(): void {
    if (this.released) throw new StateLockLost(this.stateDir, 'its lock was released');
    if (!this.os.held) throw new StateLockLost(this.stateDir, 'the thread holding its lock stopped');
    const d = readDescription(this.path);
    if (d.kind === 'ok') {
      if (d.holder.pid !== this.holder.pid || d.holder.since !== this.holder.since || d.holder.hostname !== this.holder.hostname)
        throw new StateLockLost(
          this.stateDir,
          `${LOCK_FILE} now names ${d.holder.holder}, process ${String(d.holder.pid)} on ${d.holder.hostname}`,
        );
      return;
    }
    writeDescription(this.path, this.holder);
  }

  release(unlock = true): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    for (const [key, lock] of heldHere) if (lock === this) heldHere.delete(key);
    // The description goes first, while the lock still keeps others out: a new holder never loses its own.
    const d = readDescription(this.path);
    if (d.kind !== 'ok' || (d.holder.pid === this.holder.pid && d.holder.since === this.holder.since)) {
      try {
        unlinkSync(this.path);
      } catch {
        /* already gone */
      }
    }
    if (unlock) this.os.release();
  }
}
