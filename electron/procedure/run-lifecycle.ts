// A run's life in the state folder: its lock, the journal found there (an offer to resume, a finished run kept
// for its report, or a damaged one), and start, resume, discard and restart. One run at a time, one start or resume
// at once. It makes each Run (run.ts) and drops it; what the window shows of that leaves through Changes.
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ExportResult, RequestOf, ResumeOffer } from '../../shared/contract';
import type { SiteFacts } from '../../shared/site';
import { stepMeta } from '../../shared/steps';
import { targetOf } from '../targets/factory';
import type { ChangeSink } from './changes';
import type { WizardOptions } from './wizard';
import { Journal, setJournalAside } from './journal';
import { locate, type WizardSnapshot } from './machine';
import { RunRecorder } from './recorder';
import { WizardRefusal } from './refusal';
import { Run } from './run';
import type { Credential } from './run-session';
import { StateFolderBusy, StateLock } from './state-lock';
import { restartAllowed, runStarted } from './view';

/** What every shell says about a journal it cannot use: where it is, why, and the way back without it. */
export function damagedJournalMessage(d: { path: string; reason: string }): string {
  return (
    `The run's journal cannot be read: ${d.reason}. It is kept, unchanged, at ${d.path}. ` +
    'Without it the wizard cannot resume or roll back this run, but the changes it made may still be on the servers: ' +
    "`exha remove` finds this wizard's changes on the servers (the cluster group, the Client Access array, databases pointing at it) and removes them " +
    '(name the servers with --exchange-server and --cluster-node, or --lab: the journal cannot say which). ' +
    'To start afresh, move that file out of the state folder (a new run started in the window keeps it aside for you).'
  );
}

function describeSite(site: SiteFacts | undefined): string | null {
  return site ? `${site.domain}, DAG ${site.dag.name}` : null;
}

export class RunLifecycle {
  /** The run the wizard drives (or a finished one, reopened for its report and day 2). */
  #run: Run | null = null;
  /** The run read from the state folder and not resumed yet (or finished: kept for its report). */
  #pending: RunRecorder | null = null;
  #resume: ResumeOffer | null = null;
  /** A journal that could not be read: where it is and why. Nothing resumes or rolls back from it. */
  #damaged: { path: string; reason: string } | null = null;
  /** start/resume are in flight: a second one is refused rather than racing it for the session. */
  #busy = false;
  /** The state folder's lock, taken by the first operation that changes the run. */
  #lock: StateLock | null = null;
  /** The account given with the last start or resume (real servers), in memory only; day 2 uses it too. */
  #credential: Credential | null = null;

  constructor(
    private readonly options: WizardOptions,
    private readonly changes: ChangeSink,
  ) {}

  /** The run there is, driven or reopened; null before a start or resume. */
  get run(): Run | null {
    return this.#run;
  }
  get recorder(): RunRecorder | null {
    return this.#run?.recorder ?? null;
  }
  get resumeOffer(): ResumeOffer | null {
    return this.#resume;
  }
  get damaged(): { path: string; reason: string } | null {
    return this.#damaged;
  }
  /** Said in the view: the run's machine stopped unexpectedly. */
  get notice(): string | null {
    return this.#run?.machine.failure ?? null;
  }
  get credential(): Credential | null {
    return this.#credential;
  }

  /**
   * Takes the state folder's lock for this process (once; kept until release), or throws a refusal naming the
   * process that holds it. The journal is read again on taking it: until now another process may have been
   * writing it, and nothing here has written anything yet. Announces the state read when it was taken now.
   */
  claim(): void {
    if (this.#lock) return;
    try {
      this.#lock = StateLock.acquire(this.options.stateDir, this.options.holderName ?? 'the wizard window');
    } catch (error) {
      if (error instanceof StateFolderBusy) throw new WizardRefusal('not-allowed', error.message);
      throw error;
    }
    this.forgetAndReread();
    this.changes.emit();
  }

  release(): void {
    this.#lock?.release();
    this.#lock = null;
  }

  private forgetAndReread(): void {
    this.dropRun();
    this.#pending = null;
    this.#resume = null;
    this.#damaged = null;
    this.readExisting();
  }

  readExisting(): void {
    const { stateDir } = this.options;
    const read = Journal.read(stateDir);
    if (read.kind === 'unreadable') {
      // Shown on Connect and Preflight (view.damagedJournal), not folded into the field-technique notice.
      this.#damaged = { path: read.path, reason: read.reason };
      return;
    }
    if (read.kind !== 'ok') return;
    const recorder = RunRecorder.open(stateDir, read.data);
    const snapshot = read.data.snapshot as WizardSnapshot;
    const where = locate(snapshot);
    this.#pending = recorder;
    if (where.phase === 'rolledBack' || (where.stepId === 'complete' && where.phase === 'done')) {
      // A finished or fully rolled-back run: keep it for the report, nothing to resume.
      this.#run = this.newRun(recorder);
      this.#run.start(snapshot);
      return;
    }
    this.#resume = {
      stepId: where.stepId,
      stepTitle: stepMeta(where.stepId).title,
      phase: where.phase === 'aborted' ? 'failed' : where.phase,
      updatedAt: read.data.updatedAt,
      site: describeSite(snapshot.context.outputs.connect as SiteFacts | undefined) ?? read.data.siteIdentity ?? '(not read yet)',
      credentialFor: read.data.target.useCredential ? (read.data.target.userName ?? '') : null,
    };
  }

  /** One run at a time: a second start while one is starting or running is refused with the reason. */
  async start(request: RequestOf<'start'>): Promise<void> {
    await this.exclusive('A run is already starting in this wizard; one run at a time.', () => {
      const snapshot = this.#run?.machine.snapshot() ?? null;
      if (snapshot && runStarted(snapshot)) {
        const where = locate(snapshot);
        const phase = where.phase === 'aborted' ? 'failed' : where.phase;
        if (!(where.stepId === 'connect' && (phase === 'review' || phase === 'failed'))) {
          throw new WizardRefusal(
            'not-allowed',
            `A run is in progress (at ${stepMeta(where.stepId).title}, ${phase}); one run at a time: finish it, roll it back or restart before starting another.`,
          );
        }
      }
      return this.startRun(request);
    });
  }

  async resume(request: RequestOf<'resume'> = null): Promise<void> {
    if (this.#damaged) throw new WizardRefusal('not-allowed', damagedJournalMessage(this.#damaged));
    await this.exclusive('The run is already being resumed or started in this wizard.', () => this.resumeJournal(request));
  }

  discard(): void {
    if (this.#damaged) {
      // Discarding a damaged journal keeps it aside too: support may need what it still holds.
      this.setAside();
      this.changes.emit();
      return;
    }
    if (!this.#pending) throw new WizardRefusal('not-allowed', 'There is no journal to discard.');
    this.setAside();
    this.dropRun();
    this.changes.emit();
  }

  async restart(): Promise<void> {
    const snapshot = this.#run?.machine.snapshot() ?? null;
    if (!restartAllowed(snapshot) && runStarted(snapshot))
      throw new WizardRefusal('not-allowed', 'Finish or roll back the run before starting a new one.');
    const run = this.#run;
    this.#run = null;
    this.#pending = null;
    // Archived, as a finished run is (a damaged journal is only kept aside by Discard or a new start).
    setJournalAside(this.options.stateDir, false);
    await run?.dispose();
    this.changes.emit();
  }

  /** The report of the run there is (driven, or read back and not resumed). Never writes the journal. */
  async exportReport(request: RequestOf<'exportReport'>): Promise<ExportResult> {
    const recorder = this.recorder ?? this.#pending;
    if (!recorder) throw new WizardRefusal('not-allowed', 'There is no run to report on yet.');
    const { exportReport, pdfPrinter } = this.options;
    // The state folder: a real run's report looks there for a rehearsal of the same site.
    return await exportReport(recorder.data, request.format, {
      ...(pdfPrinter ? { pdfPrinter } : {}),
      stateDir: this.options.stateDir,
    });
  }

  /** Stops the run there is and closes its session (quitting). */
  async dispose(): Promise<void> {
    const run = this.#run;
    this.#run = null;
    await run?.dispose();
    this.release();
  }

  private newRun(recorder: RunRecorder, shownSamples: RunRecorder['data']['failoverLive'] = []): Run {
    return new Run(recorder, { options: this.options, changes: this.changes, credential: this.#credential, shownSamples });
  }

  /** The run is no longer the one shown: stopped now, its session closed in the background. */
  private dropRun(): void {
    const run = this.#run;
    this.#run = null;
    void run?.dispose().catch(() => undefined);
  }

  /** The journal leaves the state folder (journal.ts moves it): nothing is pending, damaged or offered after. */
  private setAside(): void {
    setJournalAside(this.options.stateDir, this.#damaged !== null);
    this.#damaged = null;
    this.#pending = null;
    this.#resume = null;
  }

  private async exclusive(refusal: string, run: () => Promise<void>): Promise<void> {
    if (this.#busy) throw new WizardRefusal('not-allowed', refusal);
    this.#busy = true;
    try {
      await run();
    } finally {
      this.#busy = false;
    }
  }

  private async startRun(request: RequestOf<'start'>): Promise<void> {
    const { options } = this;
    const described = targetOf(request, options);
    if ('problem' in described) throw new WizardRefusal('invalid-request', described.problem);
    const target = { ...described, workstation: hostname() };
    // A new run on purpose: a damaged journal is kept beside it, out of the new run's way.
    this.setAside();
    if (target.kind === 'lab' && options.labFreshStart !== false && target.labStatePath) {
      // A rehearsal starts from the seed: the lab creates its state from it when the file is missing.
      rmSync(target.labStatePath, { force: true });
    }
    this.#credential = request.credential ?? null;
    const previous = this.#run;
    this.#run = null;
    await previous?.dispose();
    const run = this.newRun(RunRecorder.create(options.stateDir, target));
    await run.session.open(target);
    this.#run = run;
    run.start();
    run.machine.post({ type: 'START', target: { kind: target.kind, sessionNode: target.sessionNode } });
  }

  private async resumeJournal(request: RequestOf<'resume'>): Promise<void> {
    const recorder = this.#pending;
    if (!recorder || !this.#resume) throw new WizardRefusal('not-allowed', 'There is no interrupted run to resume.');
    if (this.#resume.credentialFor !== null && !request?.credential) {
      throw new WizardRefusal(
        'invalid-request',
        `This run used the account ${this.#resume.credentialFor}; enter its password to resume (it is never stored).`,
      );
    }
    this.#credential = request?.credential ?? null;
    const previous = this.#run;
    this.#run = null;
    await previous?.dispose();
    const run = this.newRun(recorder, recorder.data.failoverLive);
    await run.session.open(recorder.data.target);
    const snapshot = recorder.data.snapshot as WizardSnapshot;
    const site = snapshot.context.outputs.connect as SiteFacts | undefined;
    const journalSite = recorder.data.siteIdentity;
    if (site && journalSite) {
      // Reality over the journal: the servers must still be the site the run started on.
      const current = await run.runner.readSiteIdentity(snapshot);
      if (current && current !== journalSite) {
        await run.dispose();
        throw new WizardRefusal(
          'not-allowed',
          `This journal belongs to ${journalSite}, but the servers are now ${current}. Resume refused: discard the journal or connect to the right site.`,
        );
      }
    }
    this.#resume = null;
    this.#pending = null;
    this.#run = run;
    run.start(snapshot);
  }
}
