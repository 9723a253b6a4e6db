// A run's procedure machine, running: started fresh or from the snapshot its journal kept, its steps run and
// undone by the run's StepActions (step-runner.ts), every change of its snapshot handed to the run's recorder and
// announced, every event checked before it is sent.
import { createActor, type Actor, type EventFromLogic } from 'xstate';
import { siteIdentity, type SiteFacts } from '../../shared/site';
import { stepMeta } from '../../shared/steps';
import type { ChangeSink } from './changes';
import { createWizardMachine, locate, type StepActions, type WizardMachine, type WizardSnapshot } from './machine';
import { currentVocabulary } from './old-journals';
import type { RunRecorder } from './recorder';
import { WizardRefusal } from './refusal';

export type WizardMachineEvent = EventFromLogic<WizardMachine>;

export interface MachineActorDeps {
  recorder: RunRecorder;
  /** What the machine's actors call to run and undo steps. */
  steps: StepActions;
  changes: ChangeSink;
}

export class MachineActor {
  readonly #machine: WizardMachine;
  #actor: Actor<WizardMachine> | null = null;
  /** Said in the view: the machine itself stopped unexpectedly (not a step: those are states). */
  #failure: string | null = null;

  constructor(private readonly deps: MachineActorDeps) {
    this.#machine = createWizardMachine(deps.steps);
  }

  get running(): boolean {
    return this.#actor !== null;
  }

  get failure(): string | null {
    return this.#failure;
  }

  snapshot(): WizardSnapshot | null {
    return this.#actor?.getSnapshot() ?? null;
  }

  /** Starts the machine: a new one (its first snapshot is the journal's first write) or one read back. */
  start(snapshot: WizardSnapshot | undefined): void {
    this.#actor?.stop();
    const { recorder, changes } = this.deps;
    const actor = createActor(this.#machine, snapshot ? { snapshot: currentVocabulary(snapshot) } : {});
    this.#actor = actor;
    // A run reopened from its journal (to report or roll back) is not a transition: reading it must
    // leave journal.json byte for byte as it was, so nothing is recorded until the machine moves.
    let lastValue = snapshot ? JSON.stringify(snapshot.value) : '';
    actor.subscribe({
      next: (snap) => {
        if (this.#actor !== actor) return;
        const persisted = actor.getPersistedSnapshot();
        const site = snap.context.outputs.connect as SiteFacts | undefined;
        const value = JSON.stringify(snap.value);
        let transition = null;
        if (value !== lastValue) {
          lastValue = value;
          transition = { stepId: locate(snap).stepId, state: value };
        }
        recorder.recordSnapshot(persisted, site ? siteIdentity(site) : null, transition);
        changes.emit();
      },
      error: (err) => {
        this.#failure = `The procedure stopped unexpectedly: ${String(err)}`;
        changes.emit();
      },
    });
    if (!snapshot) recorder.recordFirstSnapshot(actor.getPersistedSnapshot());
    actor.start();
  }

  /** Sends an event the machine must accept here, or refuses with the reason (a step running, or `refusal`). */
  send(event: WizardMachineEvent, refusal: string): void {
    const actor = this.#actor;
    if (!actor) throw new WizardRefusal('not-allowed', 'Start the wizard first (Connect).');
    const snap = actor.getSnapshot();
    if (!snap.can(event)) {
      const where = locate(snap);
      const why = where.phase === 'running' || where.phase === 'rollingBack' ? 'a step is running; wait for it to finish' : refusal;
      throw new WizardRefusal('not-allowed', `${why} (at ${stepMeta(where.stepId).title}, ${where.phase}).`);
    }
    actor.send(event);
  }

  /** Sends an event unchecked (the new run's START). */
  post(event: WizardMachineEvent): void {
    this.#actor?.send(event);
  }

  stop(): void {
    this.#actor?.stop();
    this.#actor = null;
  }
}
