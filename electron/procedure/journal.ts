// The journal: the source of truth for resume and the report. One JSON file in the state folder,
// rewritten atomically (temporary file, fsync, rename, fsync of the folder) after every transition, so a
// kill at any instant leaves either the old or the new journal, never half of one. Never a password.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { BeforeValues, TimelineSample, TouchedSnapshot } from '../../shared/results';
import type { TranscriptEntry } from '../powershell';
import type { RunTarget } from '../targets/factory';
import type { StepId } from '../../shared/steps';
import { textProblem } from './files';
import { snapshotProblem } from './snapshot-check';
import { StateLock } from './state-lock';

export const JOURNAL_SCHEMA_VERSION = 1;
export const JOURNAL_FILE = 'journal.json';

/** The target as the journal records it (targets/factory.ts builds it from the start request). */
export type JournalTarget = RunTarget;

export interface JournalCommand {
  id: number;
  stepId: StepId | null;
  label: string;
  script: string;
  params: Record<string, unknown>;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: 'ok' | 'error' | 'timeout' | 'died';
  /** The result as JSON, cut to a readable length. */
  output: string;
  error: { message: string; fullyQualifiedErrorId: string; category: string; targetObject: string | null } | null;
  warnings: string[];
}

export interface JournalEvent {
  at: string;
  type: string;
  stepId: StepId | null;
  state: string;
  /** Decisions the report names (acknowledging the unsupported setup, asking a rollback): the OS user who made them. */
  by?: string;
}

export interface JournalData {
  schemaVersion: typeof JOURNAL_SCHEMA_VERSION;
  createdAt: string;
  updatedAt: string;
  target: JournalTarget;
  /** domain/DAG, to refuse resuming against another site. */
  siteIdentity: string | null;
  /** xstate's persisted snapshot of the procedure machine. */
  snapshot: unknown;
  before: BeforeValues;
  touched: { before: TouchedSnapshot | null; after: TouchedSnapshot | null };
  timings: Partial<Record<StepId, { startedAt: string; endedAt: string | null }>>;
  failoverLive: TimelineSample[];
  commands: JournalCommand[];
  events: JournalEvent[];
}

const JournalSchema = z.object({
  schemaVersion: z.literal(JOURNAL_SCHEMA_VERSION),
  createdAt: z.string(),
  updatedAt: z.string(),
  target: z.object({ kind: z.enum(['lab', 'real']), sessionNode: z.string().nullable() }).loose(),
  siteIdentity: z.string().nullable(),
  snapshot: z.object({ status: z.string(), value: z.unknown(), context: z.object({}).loose() }).loose(),
  before: z.object({}).loose(),
  touched: z.object({ before: z.unknown(), after: z.unknown() }),
  timings: z.record(z.string(), z.object({ startedAt: z.string(), endedAt: z.string().nullable() })),
  failoverLive: z.array(z.unknown()),
  commands: z.array(z.object({ id: z.number(), label: z.string(), script: z.string() }).loose()),
  events: z.array(z.unknown()),
});

export type JournalRead =
  | { kind: 'none' }
  | { kind: 'ok'; data: JournalData }
  /** Left where it is: reading never renames. `path` is where the bad copy is kept. */
  | { kind: 'unreadable'; reason: string; path: string };

/** A new run's journal content: its target and nothing recorded yet. */
export function freshJournal(target: JournalTarget): JournalData {
  const now = new Date().toISOString();
  return {
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    createdAt: now,
    updatedAt: now,
    target,
    siteIdentity: null,
    snapshot: null,
    before: {},
    touched: { before: null, after: null },
    timings: {},
    failoverLive: [],
    commands: [],
    events: [],
  };
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Writes a file so that a crash leaves either the old or the new content. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${String(process.pid)}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(join(path, '..'), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Windows cannot open a directory for fsync; its rename is already durable enough (MoveFileEx).
  }
}

/**
 * The journal file and the content it writes. The content is read-only here: recorder.ts (RunRecorder) is the
 * one writer, and it alone holds the content as it was handed to `open`/`create`, to change and then `save`.
 */
export class Journal {
  readonly path: string;
  readonly #data: JournalData;

  private constructor(
    readonly stateDir: string,
    data: JournalData,
  ) {
    this.path = join(stateDir, JOURNAL_FILE);
    this.#data = data;
  }

  /** The journal as it stands (what the view, the report and day 2 read). */
  get data(): Readonly<JournalData> {
    return this.#data;
  }

  /** Reads the journal without changing anything in the folder, whatever it finds. */
  static read(stateDir: string): JournalRead {
    const path = join(stateDir, JOURNAL_FILE);
    if (!existsSync(path)) return { kind: 'none' };
    let reason: string;
    try {
      const text = readFileSync(path, 'utf8');
      // An empty or NUL-filled file (a disk that lost the write) says so, rather than "Unexpected end of JSON".
      const empty = textProblem(text);
      if (empty) return { kind: 'unreadable', reason: empty, path };
      const raw: unknown = JSON.parse(text);
      const parsed = JournalSchema.safeParse(raw);
      if (parsed.success) {
        const problem = snapshotProblem(parsed.data.snapshot);
        // The file as written, not zod's copy: that one reorders keys, and a run reopened to report
        // would then be saved back different (exporting must leave journal.json byte for byte).
        if (problem === null) return { kind: 'ok', data: raw as JournalData };
        reason = problem;
      } else {
        reason = `it does not match journal schema ${String(JOURNAL_SCHEMA_VERSION)}: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`;
      }
    } catch (error) {
      reason = `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
    }
    return { kind: 'unreadable', reason, path };
  }

  /** A damaged journal moved out of the way of a new run, kept for the admin (or support). */
  static keepAside(stateDir: string): string | null {
    const path = join(stateDir, JOURNAL_FILE);
    if (!existsSync(path)) return null;
    const movedTo = join(stateDir, `journal.unreadable-${stamp()}.json`);
    renameSync(path, movedTo);
    return movedTo;
  }

  static open(stateDir: string, data: JournalData): Journal {
    return new Journal(stateDir, data);
  }

  /** A new run's journal (its folder made): `data` is freshJournal's, held by the recorder that writes it. */
  static create(stateDir: string, data: JournalData): Journal {
    mkdirSync(stateDir, { recursive: true });
    return new Journal(stateDir, data);
  }

  /** Moves an existing journal aside (Discard and start over keeps the old run's record). */
  static archive(stateDir: string): string | null {
    const path = join(stateDir, JOURNAL_FILE);
    if (!existsSync(path)) return null;
    const movedTo = join(stateDir, `journal.archived-${stamp()}.json`);
    renameSync(path, movedTo);
    return movedTo;
  }

  /** Writes the content as it stands now, stamped, atomically. */
  save(): void {
    // Never beside another writer: a process that lost the folder's lock stops here (StateLockLost).
    StateLock.assertHeld(this.stateDir);
    this.#data.updatedAt = new Date().toISOString();
    writeFileAtomic(this.path, JSON.stringify(this.#data, null, 1));
  }
}

const OUTPUT_LIMIT = 4000;

/** A transcript entry as the journal keeps it: the result cut to a readable length (secrets already masked by the engine). */
export function journalCommand(entry: TranscriptEntry, id: number, stepId: StepId | null): JournalCommand {
  const result = entry.result;
  let output = entry.failure ?? '';
  if (result?.ok) {
    const text = JSON.stringify(result.data);
    output = text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT)}… (${String(text.length)} characters)` : text;
  }
  return {
    id,
    stepId,
    label: entry.label ?? '',
    script: entry.script,
    params: entry.params,
    startedAt: entry.startedAt,
    endedAt: entry.endedAt,
    durationMs: entry.durationMs,
    outcome: entry.outcome,
    output,
    error:
      result && !result.ok
        ? {
            message: result.error.message,
            fullyQualifiedErrorId: result.error.fullyQualifiedErrorId,
            category: result.error.category,
            targetObject: result.error.targetObject,
          }
        : null,
    warnings: result?.warnings ?? [],
  };
}

/**
 * Moves the state folder's journal out of a new run's way (the one way lifecycle code does it): a damaged one
 * is kept aside as journal.unreadable-<time>.json for the admin or support, any other archived as
 * journal.archived-<time>.json. Returns where it went, or null when there was none.
 */
export function setJournalAside(stateDir: string, damaged: boolean): string | null {
  return damaged ? Journal.keepAside(stateDir) : Journal.archive(stateDir);
}
