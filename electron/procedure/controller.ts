// One wizard: the machine, its journal, the PowerShell session and the live progress, behind the
// operations of shared/contract.ts. Electron main, the browser host and the CLI all drive this class.
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createActor, fromPromise, type Actor } from 'xstate';
import type { ExportResult, Operation, RequestOf, ResultMap, ResumeOffer, WizardView } from '../../shared/contract';
import { siteIdentity, type SiteFacts } from '../../shared/site';
import { stepMeta, type StepId } from '../../shared/steps';
import { PowerShellSession, type TranscriptEntry } from '../powershell';
import { defaultLabSeed, labPrelude } from '../targets/lab';
import { realPrelude } from '../targets/real';
import { buildStepContext } from './context';
import type { WizardHost, WizardHostOptions } from './host';
import { Journal, journalCommand, type JournalTarget } from './journal';
import { LiveProgress } from './live-progress';
import { StateFolderBusy, StateLock } from './state-lock';
import { locate, wizardMachine, type StepActorInput, type WizardSnapshot } from './machine';
import { StepFailure, type TargetInfo } from './step';
import { StepRunner } from './step-runner';
import { stepDefinition } from './steps';
import { buildView, planContext } from './view';
import { withIncludeFound } from './adoption';
import { DAY2_OPERATIONS, Day2Desk, type Day2Operation } from './day2/desk';

/** Operations that only read: every other one changes the run, so it needs the state folder's lock. */
const READ_ONLY_OPS: ReadonlySet<Operation> = new Set<Operation>(['getView', 'exportReport']);

export class WizardRefusal extends Error {
  constructor(
    readonly code: 'not-allowed' | 'invalid-request' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'WizardRefusal';
  }
}

function describeSite(site: SiteFacts | undefined): string | null {
  return site ? `${site.domain}, DAG ${site.dag.name}` : null;
}

export class WizardController implements WizardHost {
  readonly stateDir: string;
  private readonly options: WizardHostOptions;
  private session: PowerShellSession | null = null;
  private journal: Journal | null = null;
  private actor: Actor<typeof wizardMachine> | null = null;
  private readonly listeners = new Set<(view: WizardView) => void>();
  private revision = 0;
  private readonly progress = new LiveProgress(() => {
    this.push();
  });
  private readonly runner: StepRunner;
  private resume: ResumeOffer | null = null;
  private notice: string | null = null;
  private pendingResume: Journal | null = null;
  private lastView: WizardView;
  /** Held in memory for the session only; the journal keeps the user name at most. */
  private credential: { userName: string; password: string } | null = null;
  /** The state folder's lock, taken by the first operation that changes the run, kept until dispose. */
  private lock: StateLock | null = null;
  /** A journal that could not be read: where it is and why. Nothing resumes or rolls back from it. */
  private damaged: { path: string; reason: string } | null = null;
  /** start/resume are in flight: a second one is refused rather than racing it for the session. */
  private lifecycleBusy = false;
  /** Day 2: the health of a setup already there, and check / maintenance / remove on it. */
  private readonly desk: Day2Desk;

  constructor(options: WizardHostOptions) {
    this.options = options;
    this.stateDir = options.stateDir;
    this.runner = new StepRunner({
      journal: () => this.journal,
      session: (journal) => this.connectedSession(journal),
      progress: this.progress,
      outageWatchSeconds: options.outageWatchSeconds ?? 180,
    });
    this.desk = new Day2Desk({
      stateDir: this.stateDir,
      ...(options.labDelays ? { labDelays: options.labDelays } : {}),
      credential: () => this.credential,
      push: () => {
        this.push();
      },
    });
    this.readExistingJournal();
    this.lastView = this.buildView();
  }

  // ---- the API -------------------------------------------------------------------------------

  async handle<O extends Operation>(op: O, request: RequestOf<O>): Promise<ResultMap[O]> {
    const result = await this.dispatch(op, request);
    return result as ResultMap[O];
  }

  private async dispatch(op: Operation, request: unknown): Promise<unknown> {
    if (!READ_ONLY_OPS.has(op)) this.claimStateFolder();
    if (DAY2_OPERATIONS.has(op)) {
      this.desk.start(
        op as Day2Operation,
        request as RequestOf<Day2Operation>,
        this.actor?.getSnapshot() ?? null,
        this.journal?.data ?? null,
      );
      return this.view();
    }
    switch (op) {
      case 'getView':
        return this.view();
      case 'start':
        return this.start(request as RequestOf<'start'>);
      case 'resume':
        return this.resumeRun(request as RequestOf<'resume'>);
      case 'discardJournal':
        return this.discard();
      case 'next': {
        this.keepValidationChoice(request as RequestOf<'next'>);
        return this.send({ type: 'NEXT' }, 'Next is not possible here');
      }
      case 'back':
        return this.send({ type: 'BACK' }, 'Back is not possible here');
      case 'retry':
        return this.retryFailed(true);
      case 'skip':
        return this.send({ type: 'SKIP' }, 'This step cannot be skipped');
      case 'acknowledge': {
        const r = request as RequestOf<'acknowledge'>;
        return this.send(
          { type: 'ACKNOWLEDGE', notice: r.notice, warnings: r.warnings },
          'Acknowledge the preflight results on the preflight step',
        );
      }
      case 'setInputs':
        return this.send(
          { type: 'SET_INPUTS', inputs: request as RequestOf<'setInputs'> },
          'The client access point can only be changed before it is created',
        );
      case 'rollbackStep':
        return this.send({ type: 'ROLLBACK_STEP' }, 'This step has nothing to roll back');
      case 'rollbackAll':
        return this.rollbackAll(undefined, (request as RequestOf<'rollbackAll'>).includeFound === true);
      case 'restart':
        return this.restart();
      case 'exportReport':
        return this.export(request as RequestOf<'exportReport'>);
      default:
        throw new WizardRefusal('invalid-request', `Unknown operation ${op}`);
    }
  }

  subscribe(listener: (view: WizardView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  view(): WizardView {
    return this.lastView;
  }

  /** Resolves when no step is running (for the CLI and tests). */
  idle(): Promise<WizardView> {
    return new Promise((resolve) => {
      const check = (view: WizardView) => {
        if (view.phase !== 'running' && view.phase !== 'rollingBack') {
          unsubscribe();
          resolve(view);
          return true;
        }
        return false;
      };
      const unsubscribe = this.subscribe((view) => {
        check(view);
      });
      if (check(this.view())) return;
    });
  }

  /** The cluster role screen's choice to run the cluster's validation too, kept in the journal so a resume keeps it. */
  private keepValidationChoice(request: RequestOf<'next'>): void {
    const choice = request?.validateCluster;
    if (choice === undefined || !this.journal || this.view().current !== 'clusterRole') return;
    this.journal.data.before = { ...this.journal.data.before, validateCluster: choice };
    this.journal.save();
  }

  /** The CLI's rollback --to: undo the steps after `to` (or everything), newest first. */
  rollbackAll(to?: StepId, includeFound = false): WizardView {
    this.claimStateFolder();
    // --include-found: pieces of a setup found half-made go too; kept in the journal so a resumed rollback keeps the choice.
    if (includeFound && this.journal) {
      this.journal.data.before = withIncludeFound(this.journal.data.before, true);
      this.journal.save();
    }
    return this.send(to ? { type: 'ROLLBACK_ALL', to } : { type: 'ROLLBACK_ALL' }, 'Nothing to roll back now');
  }

  /** Resumes the interrupted run whose journal is in the state folder. */
  resumeInterrupted(credential?: { userName: string; password: string }): Promise<WizardView> {
    this.claimStateFolder();
    return this.resumeRun(credential ? { credential } : null);
  }

  /**
   * Retries the failed step, as the window's Retry does. `consented` says the admin agreed to the step acting
   * again where that matters (the failover test takes a node down again only then).
   */
  retryFailed(consented: boolean): WizardView {
    this.claimStateFolder();
    if (consented) this.runner.consentToRetry(this.view().current);
    try {
      return this.send({ type: 'RETRY' }, 'There is nothing to retry');
    } catch (error) {
      // A refused Retry agrees to nothing later.
      this.runner.consentToRetry(null);
      throw error;
    }
  }

  /**
   * Takes the state folder's lock for this process (once; kept until dispose), or throws a refusal naming
   * the process that holds it. The journal is read again on taking it: until now another process may have
   * been writing it, and nothing here has written anything yet.
   */
  claimStateFolder(): void {
    if (this.lock) return;
    try {
      this.lock = StateLock.acquire(this.stateDir, this.options.holderName ?? 'the wizard window');
    } catch (error) {
      if (error instanceof StateFolderBusy) throw new WizardRefusal('not-allowed', error.message);
      throw error;
    }
    this.actor?.stop();
    this.actor = null;
    this.journal = null;
    this.pendingResume = null;
    this.resume = null;
    this.notice = null;
    this.damaged = null;
    this.readExistingJournal();
    this.push();
  }

  /** The journal that could not be read, when there is one (nothing resumes or rolls back from it). */
  damagedJournal(): { path: string; reason: string } | null {
    return this.damaged;
  }

  journalData() {
    return this.journal?.data ?? null;
  }

  async dispose(): Promise<void> {
    this.progress.dispose();
    await this.desk.dispose();
    this.actor?.stop();
    this.actor = null;
    await this.session?.dispose();
    this.session = null;
    this.lock?.release();
    this.lock = null;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  private readExistingJournal(): void {
    const read = Journal.read(this.stateDir);
    if (read.kind === 'unreadable') {
      // Shown on Connect and Preflight (view.damagedJournal), not folded into the field-technique notice.
      this.damaged = { path: read.path, reason: read.reason };
      return;
    }
    if (read.kind !== 'ok') return;
    const journal = Journal.open(this.stateDir, read.data);
    const snapshot = read.data.snapshot as WizardSnapshot;
    const where = locate(snapshot);
    if (where.phase === 'rolledBack' || (where.stepId === 'complete' && where.phase === 'done')) {
      // A finished or fully rolled-back run: keep it for the report, nothing to resume.
      this.pendingResume = journal;
      this.journal = journal;
      this.startActor(journal, snapshot);
      return;
    }
    this.pendingResume = journal;
    this.resume = {
      stepId: where.stepId,
      stepTitle: stepMeta(where.stepId).title,
      phase: where.phase === 'aborted' ? 'failed' : where.phase,
      updatedAt: read.data.updatedAt,
      site: describeSite(snapshot.context.outputs.connect as SiteFacts | undefined) ?? read.data.siteIdentity ?? '(not read yet)',
      credentialFor: read.data.target.useCredential ? (read.data.target.userName ?? '') : null,
    };
  }

  private targetInfo(request: RequestOf<'start'>): JournalTarget {
    return { ...this.targetOf(request), workstation: hostname() };
  }

  private targetOf(request: RequestOf<'start'>): JournalTarget {
    if (request.target === 'lab') {
      return {
        kind: 'lab',
        sessionNode: null,
        labSeedPath: this.options.labSeedPath ?? defaultLabSeed(),
        labStatePath: this.options.labStatePath ?? join(this.stateDir, 'lab-state.json'),
        labDelays: this.options.labDelays ?? null,
      };
    }
    const exchangeServer = request.exchangeServer ?? '';
    // The cluster session defaults to the Exchange server: both are DAG members.
    const clusterNode = request.clusterNode || exchangeServer;
    if (!exchangeServer)
      throw new WizardRefusal('invalid-request', 'Name the Exchange server to connect to (its FQDN, e.g. EX01.rogertech.local).');
    if (!/^[A-Za-z0-9.-]{1,255}$/.test(exchangeServer) || !/^[A-Za-z0-9.-]{1,255}$/.test(clusterNode)) {
      throw new WizardRefusal('invalid-request', 'Server names may contain only letters, digits, dots and hyphens.');
    }
    if (request.useCredential && !request.credential)
      throw new WizardRefusal('invalid-request', 'Enter the user name and password to use, or untick "Use other credentials".');
    return {
      kind: 'real',
      sessionNode: clusterNode.split('.')[0] ?? null,
      exchangeServer,
      clusterNode,
      useCredential: Boolean(request.credential),
      ...(request.credential ? { userName: request.credential.userName } : {}),
    };
  }

  /** One run at a time: a second start while one is starting or running is refused with the reason. */
  private async start(request: RequestOf<'start'>): Promise<WizardView> {
    const v = this.view();
    if (this.lifecycleBusy) throw new WizardRefusal('not-allowed', 'A run is already starting in this wizard; one run at a time.');
    if (this.actor && v.started && !(v.current === 'connect' && (v.phase === 'review' || v.phase === 'failed'))) {
      throw new WizardRefusal(
        'not-allowed',
        `A run is in progress (at ${stepMeta(v.current).title}, ${v.phase}); one run at a time: finish it, roll it back or restart before starting another.`,
      );
    }
    this.lifecycleBusy = true;
    try {
      return await this.startRun(request);
    } finally {
      this.lifecycleBusy = false;
    }
  }

  private async startRun(request: RequestOf<'start'>): Promise<WizardView> {
    const target = this.targetInfo(request);
    // A new run on purpose: the damaged journal is kept beside it, out of the new run's way.
    if (this.damaged) Journal.keepAside(this.stateDir);
    this.damaged = null;
    Journal.archive(this.stateDir);
    this.resume = null;
    this.pendingResume = null;
    this.notice = null;
    if (target.kind === 'lab' && this.options.labFreshStart !== false && target.labStatePath) {
      // A rehearsal starts from the seed: the lab creates its state from it when the file is missing.
      rmSync(target.labStatePath, { force: true });
    }
    this.credential = request.credential ?? null;
    await this.replaceSession(target);
    const journal = Journal.create(this.stateDir, target);
    this.journal = journal;
    this.progress.samples = [];
    this.startActor(journal, undefined);
    const info: TargetInfo = { kind: target.kind, sessionNode: target.sessionNode };
    this.actor?.send({ type: 'START', target: info });
    return this.view();
  }

  private async resumeRun(request: RequestOf<'resume'> = null): Promise<WizardView> {
    if (this.damaged) throw new WizardRefusal('not-allowed', damagedJournalMessage(this.damaged));
    if (this.lifecycleBusy) throw new WizardRefusal('not-allowed', 'The run is already being resumed or started in this wizard.');
    this.lifecycleBusy = true;
    try {
      return await this.resumeJournal(request);
    } finally {
      this.lifecycleBusy = false;
    }
  }

  private async resumeJournal(request: RequestOf<'resume'>): Promise<WizardView> {
    const journal = this.pendingResume;
    if (!journal || !this.resume) throw new WizardRefusal('not-allowed', 'There is no interrupted run to resume.');
    if (this.resume.credentialFor !== null && !request?.credential) {
      throw new WizardRefusal(
        'invalid-request',
        `This run used the account ${this.resume.credentialFor}; enter its password to resume (it is never stored).`,
      );
    }
    this.credential = request?.credential ?? null;
    await this.replaceSession(journal.data.target);
    const snapshot = journal.data.snapshot as WizardSnapshot;
    const site = snapshot.context.outputs.connect as SiteFacts | undefined;
    if (site && journal.data.siteIdentity) {
      // Reality over the journal: the servers must still be the site the run started on.
      const current = await this.readSiteIdentity(journal);
      if (current && current !== journal.data.siteIdentity) {
        throw new WizardRefusal(
          'not-allowed',
          `This journal belongs to ${journal.data.siteIdentity}, but the servers are now ${current}. Resume refused: discard the journal or connect to the right site.`,
        );
      }
    }
    this.journal = journal;
    this.resume = null;
    this.pendingResume = null;
    this.progress.samples = journal.data.failoverLive;
    this.startActor(journal, snapshot);
    return this.view();
  }

  private async readSiteIdentity(journal: Journal): Promise<string | null> {
    const snapshot = journal.data.snapshot as WizardSnapshot;
    const ctx = buildStepContext(planContext(snapshot.context, journal.data), this.runner.hooks(journal));
    try {
      const site = (await stepDefinition('connect').run(ctx)) as SiteFacts;
      return siteIdentity(site);
    } catch {
      return null;
    }
  }

  private discard(): WizardView {
    if (this.damaged) {
      // Discarding a damaged journal keeps it aside too: support may need what it still holds.
      Journal.keepAside(this.stateDir);
      this.damaged = null;
      this.notice = null;
      this.push();
      return this.view();
    }
    if (!this.pendingResume) throw new WizardRefusal('not-allowed', 'There is no journal to discard.');
    Journal.archive(this.stateDir);
    this.pendingResume = null;
    this.resume = null;
    this.journal = null;
    this.actor?.stop();
    this.actor = null;
    this.push();
    return this.view();
  }

  private async restart(): Promise<WizardView> {
    if (!this.view().can.restart && this.view().started)
      throw new WizardRefusal('not-allowed', 'Finish or roll back the run before starting a new one.');
    this.actor?.stop();
    this.actor = null;
    this.journal = null;
    this.pendingResume = null;
    Journal.archive(this.stateDir);
    await this.session?.dispose();
    this.session = null;
    this.progress.samples = [];
    this.push();
    return this.view();
  }

  private async replaceSession(target: JournalTarget): Promise<void> {
    await this.session?.dispose();
    const prelude =
      target.kind === 'lab'
        ? labPrelude(
            target.labStatePath ?? join(this.stateDir, 'lab-state.json'),
            target.labSeedPath ?? defaultLabSeed(),
            this.options.labDelays,
            this.options.powershell,
          )
        : realPrelude({ exchangeServer: target.exchangeServer ?? '', clusterNode: target.clusterNode ?? '', credential: this.credential });
    this.session = new PowerShellSession({
      ...(this.options.powershell ? { executable: this.options.powershell } : {}),
      prelude,
      onTranscript: (entry) => {
        this.recordCommand(entry);
      },
    });
  }

  // ---- the machine ---------------------------------------------------------------------------

  private startActor(journal: Journal, snapshot: WizardSnapshot | undefined): void {
    this.actor?.stop();
    const machine = wizardMachine.provide({
      actors: {
        runStep: fromPromise<unknown, StepActorInput>(({ input }) => this.runner.run(input)),
        rollbackStep: fromPromise<unknown, StepActorInput>(({ input }) => this.runner.rollback(input)),
      },
    });
    const actor = createActor(machine, snapshot ? { snapshot } : {});
    this.actor = actor;
    // A run reopened from its journal (to report or roll back) is not a transition: reading it must
    // leave journal.json byte for byte as it was, so nothing is recorded until the machine moves.
    let lastValue = snapshot ? JSON.stringify(snapshot.value) : '';
    let lastSaved = snapshot ? JSON.stringify(journal.data.snapshot) : '';
    actor.subscribe({
      next: (snap) => {
        if (this.actor !== actor) return;
        journal.data.snapshot = actor.getPersistedSnapshot();
        const site = snap.context.outputs.connect as SiteFacts | undefined;
        if (site) journal.data.siteIdentity = siteIdentity(site);
        const value = JSON.stringify(snap.value);
        if (value !== lastValue) {
          lastValue = value;
          const where = locate(snap);
          journal.data.events.push({ at: new Date().toISOString(), type: 'transition', stepId: where.stepId, state: value });
          if (where.phase !== 'running' && where.phase !== 'rollingBack') this.progress.stepSettled();
        }
        const persisted = JSON.stringify(journal.data.snapshot);
        if (persisted !== lastSaved) {
          lastSaved = persisted;
          journal.save();
        }
        this.push();
      },
      error: (err) => {
        this.notice = `The procedure stopped unexpectedly: ${String(err)}`;
        this.push();
      },
    });
    if (!snapshot) {
      journal.data.snapshot = actor.getPersistedSnapshot();
      lastSaved = JSON.stringify(journal.data.snapshot);
      journal.save();
    }
    actor.start();
  }

  private send(event: Parameters<Actor<typeof wizardMachine>['send']>[0], refusal: string): WizardView {
    const actor = this.actor;
    if (!actor) throw new WizardRefusal('not-allowed', 'Start the wizard first (Connect).');
    const snap = actor.getSnapshot();
    if (!snap.can(event)) {
      const where = locate(snap);
      const why = where.phase === 'running' || where.phase === 'rollingBack' ? 'a step is running; wait for it to finish' : refusal;
      throw new WizardRefusal('not-allowed', `${why} (at ${stepMeta(where.stepId).title}, ${where.phase}).`);
    }
    actor.send(event);
    return this.view();
  }

  /** A run reopened from its journal (to roll back or report) connects on first use. */
  private async connectedSession(journal: Journal): Promise<PowerShellSession> {
    if (!this.session) await this.replaceSession(journal.data.target);
    if (!this.session) throw new StepFailure('There is no PowerShell session.', 'Start or resume the run from Connect.');
    return this.session;
  }

  // ---- transcript and view -------------------------------------------------------------------

  private recordCommand(entry: TranscriptEntry): void {
    this.progress.commandFinished();
    const journal = this.journal;
    if (!journal) return;
    journal.data.commands.push(journalCommand(entry, journal.data.commands.length + 1, this.runner.currentStep));
    journal.save();
    this.push();
  }

  private buildView(): WizardView {
    return buildView({
      revision: this.revision,
      snapshot: this.actor?.getSnapshot() ?? null,
      journal: this.journal?.data ?? null,
      activity: this.progress.activity,
      running: this.progress.running,
      live: this.progress.samples,
      resume: this.resume,
      notice: this.notice,
      stateDir: this.stateDir,
      damaged: this.damaged ? { ...this.damaged, message: damagedJournalMessage(this.damaged) } : null,
      day2: this.desk.view(this.actor?.getSnapshot() ?? null, this.journal?.data ?? null),
    });
  }

  private push(): void {
    this.revision += 1;
    this.lastView = this.buildView();
    for (const listener of this.listeners) listener(this.lastView);
  }

  private async export(request: RequestOf<'exportReport'>): Promise<ExportResult> {
    const journal = this.journal ?? this.pendingResume;
    if (!journal) throw new WizardRefusal('not-allowed', 'There is no run to report on yet.');
    return this.options.exportReport(journal.data, request.format, this.options.pdfPrinter ? { pdfPrinter: this.options.pdfPrinter } : {});
  }
}

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

export function createWizardHost(options: WizardHostOptions): WizardController {
  return new WizardController(options);
}
