// One wizard behind the operations of shared/contract.ts: Electron main, the browser host and the CLI all drive
// this class. handle() looks the operation up in operations.ts (ROUTES), which calls the method below that does
// it; the methods reach the parts wizard-parts.ts made: run-lifecycle.ts (the state folder's lock; start, resume,
// discard, restart; the Run it drives: run.ts), day2/desk.ts, and view-feed.ts (the views pushed).
import type { Operation, RequestOf, ResultMap, WizardView, ExportResult } from '../../shared/contract';
import type { StepId } from '../../shared/steps';
import type { Day2Operation } from './day2/desk';
import type { Wizard, WizardOptions } from './wizard';
import type { WizardMachineEvent } from './machine-actor';
import { ROUTES, type Route } from './operations';
import { WizardRefusal } from './refusal';
import { snapshotOfRun } from './snapshot-site';
import type { Credential } from './run-session';
import { assembleWizard, type WizardParts } from './wizard-parts';

export { WizardRefusal } from './refusal';
export { damagedJournalMessage } from './run-lifecycle';

export class WizardController implements Wizard {
  readonly stateDir: string;
  private readonly parts: WizardParts;

  constructor(options: WizardOptions) {
    this.stateDir = options.stateDir;
    this.parts = assembleWizard(options);
    this.parts.lifecycle.readExisting();
    this.parts.feed.rebuild();
  }

  async handle<O extends Operation>(op: O, request: RequestOf<O>): Promise<ResultMap[O]> {
    if (!Object.hasOwn(ROUTES, op)) throw new WizardRefusal('invalid-request', `Unknown operation ${op}`);
    const route: Route<O> = ROUTES[op];
    if (!route.readOnly) this.claimStateFolder();
    // A day-2 move or removal runs on the same servers: nothing else changes them until it has returned.
    const day2 = this.parts.desk.busyWith();
    if (day2 && !route.readOnly && !route.day2)
      throw new WizardRefusal('not-allowed', `${day2} is still running on the servers; wait for it to finish. Nothing was changed.`);
    return await route.handle(this, request);
  }

  subscribe(listener: (view: WizardView) => void): () => void {
    return this.parts.feed.subscribe(listener);
  }

  view(): WizardView {
    return this.parts.feed.view();
  }

  /** Resolves when no step is running (for the CLI and tests). */
  idle(): Promise<WizardView> {
    return this.parts.feed.idle();
  }

  async start(request: RequestOf<'start'>): Promise<WizardView> {
    await this.parts.lifecycle.start(request);
    return this.view();
  }

  /** Resumes the interrupted run whose journal is in the state folder. */
  async resumeInterrupted(credential?: Credential): Promise<WizardView> {
    this.claimStateFolder();
    await this.parts.lifecycle.resume(credential ? { credential } : null);
    return this.view();
  }

  discardJournal(): WizardView {
    this.parts.lifecycle.discard();
    return this.view();
  }

  async restart(): Promise<WizardView> {
    await this.parts.lifecycle.restart();
    return this.view();
  }

  /** The report of the run there is (driven, or read back and not resumed). Never writes the journal. */
  exportReport(request: RequestOf<'exportReport'>): Promise<ExportResult> {
    return this.parts.lifecycle.exportReport(request);
  }

  /** A copy of the connected site as a lab seed (read-only: Connect's and Preflight's reads). */
  snapshotSite(): Promise<ExportResult> {
    return snapshotOfRun(this.parts.lifecycle.recorder?.data ?? null, {
      stateDir: this.stateDir,
      credential: this.parts.lifecycle.credential,
    });
  }

  /** Next; on the cluster role screen, the choice to run the cluster's validation too is journalled first, so a resume keeps it. */
  next(validateCluster: boolean | undefined): WizardView {
    const recorder = this.parts.lifecycle.recorder;
    if (validateCluster !== undefined && recorder && this.view().current === 'clusterRole')
      recorder.recordValidationChoice(validateCluster);
    return this.send({ type: 'NEXT' }, 'Next is not possible here');
  }

  /** The CLI's rollback --to: undo the steps after `to` (or everything), newest first. */
  rollbackAll(to?: StepId, includeFound = false): WizardView {
    this.claimStateFolder();
    // --include-found: pieces of a setup found half-made go too; kept in the journal so a resumed rollback keeps the choice.
    if (includeFound) this.parts.lifecycle.recorder?.recordIncludeFound();
    const view = this.send(to ? { type: 'ROLLBACK_ALL', to } : { type: 'ROLLBACK_ALL' }, 'Nothing to roll back now');
    // Who asked, and when: the report's summary names it (recorded once the machine took the event).
    this.parts.lifecycle.recorder?.recordDecision('rollbackRequested', to ?? null, to ? 'to' : 'all');
    return view;
  }

  /** Retries the failed step as the window's Retry does; `consented`: the admin agreed to the step acting again (a failover test takes a node down again only then). */
  retryFailed(consented: boolean): WizardView {
    this.claimStateFolder();
    const runner = this.parts.lifecycle.run?.runner;
    if (consented) runner?.consentToRetry(this.view().current);
    try {
      return this.send({ type: 'RETRY' }, 'There is nothing to retry');
    } catch (error) {
      runner?.consentToRetry(null); // A refused Retry agrees to nothing later.
      throw error;
    }
  }

  /** Sends the run's machine one event, or refuses with `refusal` when it cannot take it where it is. */
  /** The field-technique notice (and any preflight warnings) acknowledged: recorded with who and when once taken. */
  acknowledge(request: RequestOf<'acknowledge'>): WizardView {
    const view = this.send(
      { type: 'ACKNOWLEDGE', notice: request.notice, warnings: request.warnings },
      'Acknowledge the preflight results on the preflight step',
    );
    this.parts.lifecycle.recorder?.recordDecision(
      'acknowledged',
      'preflight',
      request.warnings ? 'notice and preflight warnings' : 'notice',
    );
    return view;
  }

  /** Roll back this step (the window's button): recorded with who and when once the machine took it. */
  rollbackStep(): WizardView {
    const at = this.view().current;
    const view = this.send({ type: 'ROLLBACK_STEP' }, 'This step has nothing to roll back');
    this.parts.lifecycle.recorder?.recordDecision('rollbackRequested', at, 'step');
    return view;
  }

  send(event: WizardMachineEvent, refusal: string): WizardView {
    const machine = this.parts.lifecycle.run?.machine;
    if (!machine) throw new WizardRefusal('not-allowed', 'Start the wizard first (Connect).');
    machine.send(event, refusal);
    return this.view();
  }

  /** Starts a day-2 action on the setup there is; it runs in the background and the view follows it. */
  day2<O extends Day2Operation>(op: O, request: RequestOf<O>): WizardView {
    const run = this.parts.lifecycle.run;
    this.parts.desk.start(op, request, run?.machine.snapshot() ?? null, run?.recorder.data ?? null);
    return this.view();
  }

  /** Takes the state folder's lock for this process (once; kept until dispose) and reads the journal again, or refuses naming the holder. */
  claimStateFolder(): void {
    this.parts.lifecycle.claim();
  }

  /** The journal that could not be read, when there is one (nothing resumes or rolls back from it). */
  damagedJournal(): { path: string; reason: string } | null {
    return this.parts.lifecycle.damaged;
  }

  /** The CLI's --answers, kept in the journal for a resume (they replace any kept before). */
  recordAnswers(answers: { name: string; address: string; network: string }): void {
    this.claimStateFolder();
    this.parts.lifecycle.recorder?.recordAnswers(answers);
  }

  /** The answers the run was given (exha run --answers), or null. */
  recordedAnswers(): { name: string; address: string; network: string } | null {
    return this.parts.lifecycle.recorder?.data.before.answers ?? null;
  }

  journalData() {
    return this.parts.lifecycle.recorder?.data ?? null;
  }

  async dispose(): Promise<void> {
    await this.parts.desk.dispose();
    await this.parts.lifecycle.dispose();
  }
}

export function createWizard(options: WizardOptions): WizardController {
  return new WizardController(options);
}
