// One wizard behind the operations of shared/contract.ts: Electron main, the browser host and the CLI all drive
// this class. It routes each operation to the part whose job it is (wizard-parts.ts wires them): run-lifecycle.ts
// (the state folder's lock; start, resume, discard, restart), actor-host.ts (the machine), recorder.ts (the
// journal's one writer), run-session.ts (PowerShell), view-feed.ts (the views pushed), operations.ts (the
// machine event each simple operation sends).
import type { Operation, RequestOf, ResultMap, WizardView } from '../../shared/contract';
import type { StepId } from '../../shared/steps';
import type { WizardMachineEvent } from './actor-host';
import { DAY2_OPERATIONS, type Day2Operation } from './day2/desk';
import type { WizardHost, WizardHostOptions } from './host';
import { isMachineOperation, MACHINE_OPERATIONS, READ_ONLY_OPERATIONS, type MachineOperation } from './operations';
import { WizardRefusal } from './refusal';
import { assembleWizard, type WizardParts } from './wizard-parts';

export { WizardRefusal } from './refusal';
export { damagedJournalMessage } from './run-lifecycle';

type NamedOperation = Exclude<Operation, MachineOperation | Day2Operation>;

export class WizardController implements WizardHost {
  readonly stateDir: string;
  private readonly parts: WizardParts;
  private readonly named: { [O in NamedOperation]: (request: RequestOf<O>) => Promise<ResultMap[O]> | ResultMap[O] } = {
    getView: () => this.view(),
    start: (request) => this.parts.run.start(request),
    resume: (request) => this.parts.run.resume(request),
    discardJournal: () => this.parts.run.discard(),
    retry: () => this.retryFailed(true),
    rollbackAll: (request) => this.rollbackAll(undefined, request.includeFound === true),
    restart: () => this.parts.run.restart(),
    exportReport: (request) => this.parts.run.exportReport(request),
  };

  constructor(options: WizardHostOptions) {
    this.stateDir = options.stateDir;
    this.parts = assembleWizard(options);
    this.parts.run.readExisting();
    this.parts.feed.rebuild();
  }

  async handle<O extends Operation>(op: O, request: RequestOf<O>): Promise<ResultMap[O]> {
    if (!READ_ONLY_OPERATIONS.has(op)) this.claimStateFolder();
    // A day-2 move or removal runs on the same servers: nothing else changes them until it has returned.
    const day2 = this.parts.desk.busyWith();
    if (day2 && !READ_ONLY_OPERATIONS.has(op) && !DAY2_OPERATIONS.has(op))
      throw new WizardRefusal('not-allowed', `${day2} is still running on the servers; wait for it to finish. Nothing was changed.`);
    if (DAY2_OPERATIONS.has(op)) {
      const journal = this.parts.run.recorder?.data ?? null;
      this.parts.desk.start(op as Day2Operation, request as RequestOf<Day2Operation>, this.parts.machine.snapshot(), journal);
      return this.view() as ResultMap[O];
    }
    if (isMachineOperation(op)) return this.sendOperation(op, request as RequestOf<MachineOperation>) as ResultMap[O];
    const named = this.named[op as NamedOperation] as ((request: unknown) => unknown) | undefined;
    if (!named) throw new WizardRefusal('invalid-request', `Unknown operation ${op}`);
    return (await named(request)) as ResultMap[O];
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

  /** The CLI's rollback --to: undo the steps after `to` (or everything), newest first. */
  rollbackAll(to?: StepId, includeFound = false): WizardView {
    this.claimStateFolder();
    // --include-found: pieces of a setup found half-made go too; kept in the journal so a resumed rollback keeps the choice.
    if (includeFound) this.parts.run.recorder?.recordIncludeFound();
    const view = this.send(to ? { type: 'ROLLBACK_ALL', to } : { type: 'ROLLBACK_ALL' }, 'Nothing to roll back now');
    this.parts.run.recorder?.recordDecision('rollbackRequested', to ?? null, to ? 'to' : 'all');
    return view;
  }

  /** Resumes the interrupted run whose journal is in the state folder. */
  resumeInterrupted(credential?: { userName: string; password: string }): Promise<WizardView> {
    this.claimStateFolder();
    return this.parts.run.resume(credential ? { credential } : null);
  }

  /** Retries the failed step as the window's Retry does; `consented`: the admin agreed to the step acting again (a failover test takes a node down again only then). */
  retryFailed(consented: boolean): WizardView {
    this.claimStateFolder();
    if (consented) this.parts.runner.consentToRetry(this.view().current);
    try {
      return this.send({ type: 'RETRY' }, 'There is nothing to retry');
    } catch (error) {
      this.parts.runner.consentToRetry(null); // A refused Retry agrees to nothing later.
      throw error;
    }
  }

  /** Takes the state folder's lock for this process (once; kept until dispose) and reads the journal again, or refuses naming the holder. */
  claimStateFolder(): void {
    if (this.parts.run.claim()) this.parts.feed.push();
  }

  /** The journal that could not be read, when there is one (nothing resumes or rolls back from it). */
  damagedJournal(): { path: string; reason: string } | null {
    return this.parts.run.damaged;
  }

  journalData() {
    return this.parts.run.recorder?.data ?? null;
  }

  async dispose(): Promise<void> {
    this.parts.progress.dispose();
    await this.parts.desk.dispose();
    this.parts.machine.stop();
    await this.parts.session.close();
    this.parts.run.release();
  }

  private sendOperation<O extends MachineOperation>(op: O, request: RequestOf<O>): WizardView {
    const spec = MACHINE_OPERATIONS[op];
    const recorder = this.parts.run.recorder;
    const at = this.view().current;
    if (spec.record && recorder) spec.record(request, recorder, at);
    const view = this.send(spec.event(request), spec.refusal);
    if (spec.recordTaken && recorder) spec.recordTaken(request, recorder, at);
    return view;
  }

  private send(event: WizardMachineEvent, refusal: string): WizardView {
    this.parts.machine.send(event, refusal);
    return this.view();
  }
}

export function createWizardHost(options: WizardHostOptions): WizardController {
  return new WizardController(options);
}
