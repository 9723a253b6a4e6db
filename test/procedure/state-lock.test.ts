// The state folder's lock: one holder at a time, the holder named to whoever is refused, a lock left by a
// process that no longer runs free at once, and a live holder's lock never freed by damage to its description
// (exha.lock); the day-2 verbs that change the servers (remove, maintenance) are refused like run/resume/rollback.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exha } from '../helpers/exha';
import { DAMAGE } from '../helpers/damage';
import { freshJournal, Journal } from '../../electron/procedure/journal';
import { LOCK_FILE, StateFolderBusy, StateLock, StateLockLost } from '../../electron/procedure/state-lock';

const ROOT = join(import.meta.dirname, '..', '..');

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Another process holding the folder's lock (test/helpers/hold-lock.ts); resolves once it holds it. */
function holdInAnotherProcess(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'hold-lock.ts'), dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('held')) resolve(child);
    });
    child.on('exit', (code) => {
      reject(new Error(`the holder exited (${String(code)}) before holding the lock`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => {
      resolve();
    });
    child.kill('SIGKILL');
  });
}

/** The pid of a process that has ended (its number is free again only after many more processes). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('state folder lock', () => {
  it('refuses a second holder, naming the first, until it is released', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-lock-'));
    const first = StateLock.acquire(dir, 'exha run');
    let refusal: unknown;
    try {
      StateLock.acquire(dir, 'exha rollback');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StateFolderBusy);
    expect((refusal as StateFolderBusy).message).toContain(
      `in use by exha run (process ${String(process.pid)}, since ${first.holder.since})`,
    );
    expect(StateLock.holderOf(dir)?.holder).toBe('exha run');
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const second = StateLock.acquire(dir, 'exha rollback');
    expect(StateLock.holderOf(dir)?.holder).toBe('exha rollback');
    second.release();
  });

  it('takes over the lock of a process that no longer runs, and of an unreadable lock file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-lock-'));
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), hostname: hostname(), since: '2020-01-01T00:00:00.000Z', holder: 'exha run' }),
    );
    expect(StateLock.holderOf(dir)).toBeNull();
    const lock = StateLock.acquire(dir, 'exha resume');
    expect((JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number }).pid).toBe(process.pid);
    lock.release();

    writeFileSync(join(dir, LOCK_FILE), '\0\0\0');
    StateLock.acquire(dir, 'exha resume').release();
  });

  it("never frees a live holder's lock for a damaged description, and frees it the moment the holder is killed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-lock-live-'));
    const holder = await holdInAnotherProcess(dir);
    const described = readFileSync(join(dir, LOCK_FILE), 'utf8');
    for (const [name, damage] of Object.entries(DAMAGE)) {
      writeFileSync(join(dir, LOCK_FILE), damage(described));
      expect(() => StateLock.acquire(dir, 'exha resume'), name).toThrow(
        /in use by another exha process \(it cannot be named: .*exha\.lock is damaged/,
      );
      expect(StateLock.holderOf(dir)?.pid, name).toBeNull();
    }
    await killed(holder);
    // The kernel freed the lock with the process: the damaged description does not keep anyone out.
    expect(StateLock.holderOf(dir)).toBeNull();
    StateLock.acquire(dir, 'exha resume').release();
  });

  it('the holder carries on through a damaged description (written again at its next write) and stops if another claims the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-lock-holder-'));
    const lock = StateLock.acquire(dir, 'exha run');
    const journal = Journal.create(dir, freshJournal({ kind: 'lab', sessionNode: null }));
    try {
      for (const [name, damage] of Object.entries(DAMAGE)) {
        writeFileSync(join(dir, LOCK_FILE), damage(JSON.stringify(lock.holder)));
        expect(() => StateLock.acquire(dir, 'exha rollback'), name).toThrow(StateFolderBusy);
        journal.save();
        expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')), name).toEqual(lock.holder);
      }
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...lock.holder, pid: (lock.holder.pid ?? 0) + 1, holder: 'exha rollback' }));
      const journalBefore = readFileSync(journal.path, 'utf8');
      expect(() => {
        journal.save();
      }).toThrow(StateLockLost);
      expect(() => {
        journal.save();
      }).toThrow(/no longer holds the state folder .*exha\.lock now names exha rollback/);
      expect(readFileSync(journal.path, 'utf8')).toBe(journalBefore);
    } finally {
      lock.release();
    }
  });

  it('counts a holder on another machine as alive (a shared folder cannot be checked)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-lock-'));
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), hostname: 'OTHER-WORKSTATION', since: '2020-01-01T00:00:00.000Z', holder: 'the wizard window' }),
    );
    expect(() => StateLock.acquire(dir, 'exha run')).toThrow(/the wizard window \(process \d+ on OTHER-WORKSTATION/);
  });

  it('refuses exha remove and exha maintenance while another process holds the folder (exit 3, nothing started)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-lock-day2-'));
    const held = StateLock.acquire(dir, 'the wizard window');
    try {
      for (const verb of [['remove'], ['maintenance', '--node', 'EX01'], ['maintenance', '--end']]) {
        const r = exha([...verb, '--lab', '--state-dir', dir, '--json']);
        expect(r.status, `${verb.join(' ')}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toContain(`in use by the wizard window (process ${String(process.pid)}, since ${held.holder.since})`);
        expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
        // Refused before any PowerShell started: no lab state, no maintenance record.
        expect(existsSync(join(dir, 'lab-state.json'))).toBe(false);
        expect(existsSync(join(dir, 'maintenance.json'))).toBe(false);
      }
      expect(StateLock.holderOf(dir)?.pid).toBe(process.pid);
    } finally {
      held.release();
    }
  });
});
