// The one writer of a run's journal. Every change the run makes to journal.json goes through a method here
// named for what happened. A `record…` method changes the journal and writes it at once (atomically: a kill at
// any instant leaves a whole journal); a `note…` method changes it in memory only, for the write that follows
// (a step's end and the machine's transition it causes land in one write, as the machine moves).
import { userInfo } from 'node:os';
import type { BeforeValues, TimelineSample, TouchedSnapshot } from '../../shared/results';
import type { StepId } from '../../shared/steps';
import type { TranscriptEntry } from '../powershell';
import { withIncludeFound } from './adoption';
import { freshJournal, Journal, journalCommand, type JournalData, type JournalTarget } from './journal';
import { reconnectEvent } from './reconnects';

export class RunRecorder {
  readonly #journal: Journal;
  /** The content the journal writes: the same object, the only handle on it that may change it. */
  readonly #data: JournalData;
  /** The machine's snapshot as last written (JSON): a run reopened from its journal is not written again until the machine moves. */
  #writtenSnapshot: string;

  private constructor(journal: Journal, data: JournalData) {
    this.#journal = journal;
    this.#data = data;
    this.#writtenSnapshot = JSON.stringify(data.snapshot);
  }

  /** A new run: nothing is written until its machine's first snapshot (recordFirstSnapshot). */
  static create(stateDir: string, target: JournalTarget): RunRecorder {
    const data = freshJournal(target);
    return new RunRecorder(Journal.create(stateDir, data), data);
  }

  /** A run read back from its journal (Journal.read): left byte for byte as it is until something happens. */
  static open(stateDir: string, data: JournalData): RunRecorder {
    return new RunRecorder(Journal.open(stateDir, data), data);
  }

  /** The journal as it stands, read-only. */
  get data(): Readonly<JournalData> {
    return this.#journal.data;
  }

  // ---- the machine ---------------------------------------------------------------------------

  /** A new run's machine before it starts: the journal's first write. */
  recordFirstSnapshot(persisted: unknown): void {
    this.#data.snapshot = persisted;
    this.#writtenSnapshot = JSON.stringify(persisted);
    this.#journal.save();
  }

  /**
   * The machine's snapshot after a change, the site it has reached (domain/DAG, once Connect read it) and, when
   * its state changed, the transition. Written only when the persisted snapshot differs from the one written.
   */
  recordSnapshot(persisted: unknown, site: string | null, transition: { stepId: StepId; state: string } | null): void {
    this.#data.snapshot = persisted;
    if (site !== null) this.#data.siteIdentity = site;
    if (transition) this.#data.events.push({ at: new Date().toISOString(), type: 'transition', ...transition });
    const json = JSON.stringify(persisted);
    if (json === this.#writtenSnapshot) return;
    this.#writtenSnapshot = json;
    this.#journal.save();
  }

  // ---- steps ---------------------------------------------------------------------------------

  /** A step starts; `freshSamples` drops the failover samples kept from an earlier run of the test. */
  recordStepStarted(stepId: StepId, startedAt: string, freshSamples: boolean): void {
    this.#data.timings[stepId] = { startedAt, endedAt: null };
    if (freshSamples) this.#data.failoverLive = [];
    this.#journal.save();
  }

  /** A step ended (done or failed): written with the transition that follows. */
  noteStepFinished(stepId: StepId, startedAt: string, endedAt: string): void {
    this.#data.timings[stepId] = { startedAt, endedAt };
  }

  /** A step's rollback finished, with what it had to substitute or leave: written with the transition that follows. */
  noteRolledBack(stepId: StepId, notes: string[]): void {
    if (notes.length > 0) this.#data.before = { ...this.#data.before, undoNotes: { ...this.#data.before.undoNotes, [stepId]: notes } };
    this.#data.events.push({ at: new Date().toISOString(), type: 'rolledBack', stepId, state: '' });
  }

  /** One command's transcript entry, numbered in the run, with the step that ran it. */
  recordCommand(entry: TranscriptEntry, stepId: StepId | null): void {
    this.#data.commands.push(journalCommand(entry, this.#data.commands.length + 1, stepId));
    this.#journal.save();
  }

  /** The sessions were opened again during the run (reconnects.ts): said in the report and by the CLI. */
  recordReconnect(at: string, stepId: StepId | null): void {
    this.#data.events.push(reconnectEvent(at, stepId));
    this.#journal.save();
  }

  /** Values found before a change (what a rollback restores), written before the change is made. */
  recordBefore(before: BeforeValues): void {
    this.#data.before = before;
    this.#journal.save();
  }

  /** The failover test's samples so far (the timeline survives a crash mid-test). */
  recordSamples(samples: TimelineSample[]): void {
    this.#data.failoverLive = samples;
    this.#journal.save();
  }

  /** What the run will touch, read just before its first change (the report's "before"). */
  recordTouchedBefore(touched: TouchedSnapshot): void {
    this.#data.touched.before = touched;
    this.#journal.save();
  }

  /** The same read after the last step (the report's "after"): written with the transition that follows. */
  noteTouchedAfter(touched: TouchedSnapshot | null): void {
    this.#data.touched.after = touched;
  }

  // ---- the admin's choices, kept so a resume keeps them ----------------------------------------

  /** The cluster role screen's choice to run the cluster's own validation too. */
  recordValidationChoice(validateCluster: boolean): void {
    this.#data.before = { ...this.#data.before, validateCluster };
    this.#journal.save();
  }

  /** exha run/resume --answers: the access point's answers, so that a resume uses them too. */
  recordAnswers(answers: { name: string; address: string; network: string }): void {
    this.#data.before = { ...this.#data.before, answers };
    this.#journal.save();
  }

  /** A decision the report must name with who made it and when: the acknowledgement of the unsupported setup, a rollback asked. */
  recordDecision(type: 'acknowledged' | 'rollbackRequested', stepId: StepId | null, state: string): void {
    this.#data.events.push({ at: new Date().toISOString(), type, stepId, state, by: osUser() });
    this.#journal.save();
  }

  /** Roll back everything --include-found: pieces of a setup found half-made go too. */
  recordIncludeFound(): void {
    this.#data.before = withIncludeFound(this.#data.before, true);
    this.#journal.save();
  }
}

/** The signed-in user of the workstation (DOMAIN\\user on Windows); never fails, a user the OS will not name reads as unknown. */
function osUser(): string {
  try {
    const name = userInfo().username;
    const domain = process.env.USERDOMAIN;
    return domain ? `${domain}\\${name}` : name;
  } catch {
    return 'unknown (the operating system did not name the user)';
  }
}
