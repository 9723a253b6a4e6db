// A run's life in the state folder: its lock, the journal found there (an offer to resume, a finished run kept
// for its report, or a damaged one), and start, resume, discard and restart. One run at a time, one start or resume at once.
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ExportResult, RequestOf, ResumeOffer, WizardView } from '../../shared/contract';
import { siteIdentity, type SiteFacts } from '../../shared/site';
import { stepMeta } from '../../shared/steps';
import { targetOf } from '../targets/factory';
import type { ActorHost } from './actor-host';
import { buildStepContext } from './context';
import type { WizardHostOptions } from './host';
import { Journal } from './journal';
import type { LiveProgress } from './live-progress';
import { locate, type WizardSnapshot } from './machine';
import { RunRecorder } from './recorder';
import { WizardRefusal } from './refusal';
import type { RunSession } from './run-session';
import type { StepRunner } from './step-runner';
import { StateFolderBusy, StateLock } from './state-lock';
import { stepDefinition } from './steps';
import { planContext } from './view';

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

export interface RunLifecycleDeps {
  options: WizardHostOptions;
  machine: ActorHost;
  session: RunSession;
  progress: LiveProgress;
  runner: StepRunner;
  view: () => WizardView;
  push: () => void;
}

export class RunLifecycle {
  /** The run the wizard drives, through the one writer of its journal. */
  #recorder: RunRecorder | null = null;
  /** The run read from the state folder and not resumed yet (or finished: kept for its report). */
  #pending: RunRecorder | null = null;
  #resume: ResumeOffer | null = null;
  /** A journal that could not be read: where it is and why. Nothing resumes or rolls back from it. */
  #damaged: { path: string; reason: string } | null = null;
  /** start/resume are in flight: a second one is refused rather than racing it for the session. */
  #busy = false;
  /** The state folder's lock, taken by the first operation that changes the run. */
  #lock: StateLock | null = null;
  /** Said in the view: the machine stopped unexpectedly. */
  notice: string | null = null;

  constructor(private readonly deps: RunLifecycleDeps) {}

  get recorder(): RunRecorder | null {
    return this.#recorder;
  }
  get resumeOffer(): ResumeOffer | null {
    return this.#resume;
  }
  get damaged(): { path: string; reason: string } | null {
    return this.#damaged;
  }

  /**
   * Takes the state folder's lock for this process (once; kept until release), or throws a refusal naming the
   * process that holds it. The journal is read again on taking it: until now another process may have been
   * writing it, and nothing here has written anything yet. True when it was taken now.
   */
  claim(): boolean {
    if (this.#lock) return false;
    try {
      this.#lock = StateLock.acquire(this.deps.options.stateDir, this.deps.options.holderName ?? 'the wizard window');
    } catch (error) {
      if (error instanceof StateFolderBusy) throw new WizardRefusal('not-allowed', error.message);
      throw error;
    }
    this.forgetAndReread();
    return true;
  }

  release(): void {
    this.#lock?.release();
    this.#lock = null;
  }

  private forgetAndReread(): void {
    this.deps.machine.stop();
    this.#recorder = null;
    this.#pending = null;
    this.#resume = null;
    this.notice = null;
    this.#damaged = null;
    this.readExisting();
  }

  readExisting(): void {
    const { stateDir } = this.deps.options;
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
      this.#recorder = recorder;
      this.deps.machine.start(recorder, snapshot);
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
  async start(request: RequestOf<'start'>): Promise<WizardView> {
    return await this.exclusive('A run is already starting in this wizard; one run at a time.', () => {
      const v = this.deps.view();
      if (this.deps.machine.running && v.started && !(v.current === 'connect' && (v.phase === 'review' || v.phase === 'failed'))) {
        throw new WizardRefusal(
          'not-allowed',
          `A run is in progress (at ${stepMeta(v.current).title}, ${v.phase}); one run at a time: finish it, roll it back or restart before starting another.`,
        );
      }
      return this.startRun(request);
    });
  }

  async resume(request: RequestOf<'resume'> = null): Promise<WizardView> {
    if (this.#damaged) throw new WizardRefusal('not-allowed', damagedJournalMessage(this.#damaged));
    return await this.exclusive('The run is already being resumed or started in this wizard.', () => this.resumeJournal(request));
  }

  discard(): WizardView {
    if (this.#damaged) {
      // Discarding a damaged journal keeps it aside too: support may need what it still holds.
      Journal.keepAside(this.deps.options.stateDir);
      this.#damaged = null;
      this.notice = null;
      this.deps.push();
      return this.deps.view();
    }
    if (!this.#pending) throw new WizardRefusal('not-allowed', 'There is no journal to discard.');
    Journal.archive(this.deps.options.stateDir);
    this.#pending = null;
    this.#resume = null;
    this.#recorder = null;
    this.deps.machine.stop();
    this.deps.push();
    return this.deps.view();
  }

  async restart(): Promise<WizardView> {
    if (!this.deps.view().can.restart && this.deps.view().started)
      throw new WizardRefusal('not-allowed', 'Finish or roll back the run before starting a new one.');
    this.deps.machine.stop();
    this.#recorder = null;
    this.#pending = null;
    Journal.archive(this.deps.options.stateDir);
    await this.deps.session.close();
    this.deps.progress.samples = [];
    this.deps.push();
    return this.deps.view();
  }

  /** The report of the run there is (driven, or read back and not resumed). Never writes the journal. */
  async exportReport(request: RequestOf<'exportReport'>): Promise<ExportResult> {
    const recorder = this.#recorder ?? this.#pending;
    if (!recorder) throw new WizardRefusal('not-allowed', 'There is no run to report on yet.');
    const { exportReport, pdfPrinter } = this.deps.options;
    // The state folder: a real run's report looks there for a rehearsal of the same site.
    return await exportReport(recorder.data, request.format, {
      ...(pdfPrinter ? { pdfPrinter } : {}),
      stateDir: this.deps.options.stateDir,
    });
  }

  private async exclusive(refusal: string, run: () => Promise<WizardView>): Promise<WizardView> {
    if (this.#busy) throw new WizardRefusal('not-allowed', refusal);
    this.#busy = true;
    try {
      return await run();
    } finally {
      this.#busy = false;
    }
  }

  private async startRun(request: RequestOf<'start'>): Promise<WizardView> {
    const { options, session, machine } = this.deps;
    const described = targetOf(request, options);
    if ('problem' in described) throw new WizardRefusal('invalid-request', described.problem);
    const target = { ...described, workstation: hostname() };
    // A new run on purpose: the damaged journal is kept beside it, out of the new run's way.
    if (this.#damaged) Journal.keepAside(options.stateDir);
    this.#damaged = null;
    Journal.archive(options.stateDir);
    this.#resume = null;
    this.#pending = null;
    this.notice = null;
    if (target.kind === 'lab' && options.labFreshStart !== false && target.labStatePath) {
      // A rehearsal starts from the seed: the lab creates its state from it when the file is missing.
      rmSync(target.labStatePath, { force: true });
    }
    session.credential = request.credential ?? null;
    await session.open(target);
    const recorder = RunRecorder.create(options.stateDir, target);
    this.#recorder = recorder;
    this.deps.progress.samples = [];
    machine.start(recorder, undefined);
    machine.post({ type: 'START', target: { kind: target.kind, sessionNode: target.sessionNode } });
    return this.deps.view();
  }

  private async resumeJournal(request: RequestOf<'resume'>): Promise<WizardView> {
    const recorder = this.#pending;
    if (!recorder || !this.#resume) throw new WizardRefusal('not-allowed', 'There is no interrupted run to resume.');
    if (this.#resume.credentialFor !== null && !request?.credential) {
      throw new WizardRefusal(
        'invalid-request',
        `This run used the account ${this.#resume.credentialFor}; enter its password to resume (it is never stored).`,
      );
    }
    this.deps.session.credential = request?.credential ?? null;
    await this.deps.session.open(recorder.data.target);
    const snapshot = recorder.data.snapshot as WizardSnapshot;
    const site = snapshot.context.outputs.connect as SiteFacts | undefined;
    const journalSite = recorder.data.siteIdentity;
    if (site && journalSite) {
      // Reality over the journal: the servers must still be the site the run started on.
      const current = await this.readSiteIdentity(recorder);
      if (current && current !== journalSite) {
        throw new WizardRefusal(
          'not-allowed',
          `This journal belongs to ${journalSite}, but the servers are now ${current}. Resume refused: discard the journal or connect to the right site.`,
        );
      }
    }
    this.#recorder = recorder;
    this.#resume = null;
    this.#pending = null;
    this.deps.progress.samples = recorder.data.failoverLive;
    this.deps.machine.start(recorder, snapshot);
    return this.deps.view();
  }

  private async readSiteIdentity(recorder: RunRecorder): Promise<string | null> {
    const snapshot = recorder.data.snapshot as WizardSnapshot;
    const ctx = buildStepContext(planContext(snapshot.context, recorder.data), this.deps.runner.hooks(recorder));
    try {
      const site = (await stepDefinition('connect').run(ctx)) as SiteFacts;
      return siteIdentity(site);
    } catch {
      return null;
    }
  }
}
