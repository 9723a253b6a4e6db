// One writer per state folder. The process that drives a run (CLI verb, window, browser host) holds
// exha.lock beside the journal; every other writer is refused with who holds it. A lock whose process is
// gone (kill -9, power cut) is recognised as stale and taken over, so a crash never locks an admin out.
import { hostname } from 'node:os';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'exha.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Who holds it, in the admin's words: "exha run", "the wizard window", … */
  holder: string;
}

export class StateFolderBusy extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly stateDir: string,
  ) {
    super(busyMessage(holder, stateDir));
    this.name = 'StateFolderBusy';
  }
}

function busyMessage(h: LockHolder, stateDir: string): string {
  const where = h.hostname === hostname() ? `process ${String(h.pid)}` : `process ${String(h.pid)} on ${h.hostname}`;
  return (
    `The state folder ${stateDir} is in use by ${h.holder} (${where}, since ${h.since}): only one process may change a run at a time. ` +
    'Wait for it to finish, or stop it (Ctrl+C in its terminal, or close that window); `exha status` shows where the run stands meanwhile. ' +
    'A lock left by a process that no longer runs is cleared by itself.'
  );
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof v.pid === 'number' &&
      Number.isInteger(v.pid) &&
      v.pid > 0 &&
      typeof v.hostname === 'string' &&
      typeof v.since === 'string' &&
      typeof v.holder === 'string'
    ) {
      return { pid: v.pid, hostname: v.hostname, since: v.since, holder: v.holder };
    }
  } catch {
    // An unreadable lock cannot name a live holder: treated as stale below.
  }
  return null;
}

function readHolder(path: string): LockHolder | null | 'absent' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  return parseHolder(text);
}

/** A holder on another machine (a shared folder) cannot be checked: it counts as alive. */
function alive(h: LockHolder): boolean {
  if (h.hostname !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sameHolder(a: LockHolder | null, b: LockHolder | null): boolean {
  return a !== null && b !== null && a.pid === b.pid && a.since === b.since && a.hostname === b.hostname;
}

export class StateLock {
  private released = false;
  private readonly onExit = (): void => {
    this.release();
  };

  private constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    // A CLI that ends by process.exit or an uncaught error still leaves no lock behind.
    process.once('exit', this.onExit);
  }

  /** The live holder of the folder's lock, or null (no lock, or a stale one). Reads only. */
  static holderOf(stateDir: string): LockHolder | null {
    const h = readHolder(join(stateDir, LOCK_FILE));
    return h !== 'absent' && h !== null && alive(h) ? h : null;
  }

  /** Takes the folder's lock or throws StateFolderBusy naming the live holder. */
  static acquire(stateDir: string, holder: string): StateLock {
    mkdirSync(stateDir, { recursive: true });
    const path = join(stateDir, LOCK_FILE);
    const mine: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), holder };
    const tmp = `${path}.${String(process.pid)}.tmp`;
    // Written whole first, then linked: link() fails if the lock exists, so there is never a half-written lock.
    writeFileSync(tmp, JSON.stringify(mine));
    try {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          linkSync(tmp, path);
          return new StateLock(path, mine);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const current = readHolder(path);
        if (current === 'absent') continue;
        if (current !== null && alive(current)) throw new StateFolderBusy(current, stateDir);
        StateLock.removeStale(path, current);
      }
      const current = readHolder(path);
      if (current !== 'absent' && current !== null) throw new StateFolderBusy(current, stateDir);
      throw new Error(`Could not take the lock ${path}; remove it if no wizard is running.`);
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
  }

  /** Moves a stale lock out of the way; if another process replaced it meanwhile, puts that one back. */
  private static removeStale(path: string, stale: LockHolder | null): void {
    const aside = `${path}.stale-${String(process.pid)}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const taken = readHolder(aside);
    if (taken !== 'absent' && taken !== null && !sameHolder(taken, stale) && alive(taken)) {
      // We raced with a process that had just taken a fresh lock: give it back.
      try {
        linkSync(aside, path);
      } catch {
        /* a third process holds it now; it stays the holder */
      }
    }
    try {
      unlinkSync(aside);
    } catch {
      /* already gone */
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    const current = readHolder(this.path);
    if (current !== 'absent' && sameHolder(current, this.holder)) {
      try {
        unlinkSync(this.path);
      } catch {
        /* already gone */
      }
    }
  }
}
