// The running procedure machine: started on a run's recorder (fresh, or from the snapshot its journal kept), its
// steps run by the step runner, every change of its snapshot handed to the recorder, every event checked first.
import { createActor, fromPromise, type Actor, type EventFromLogic } from 'xstate';
import { siteIdentity, type SiteFacts } from '../../shared/site';
import { stepMeta } from '../../shared/steps';
import type { LiveProgress } from './live-progress';
import { locate, wizardMachine, type StepActorInput, type WizardSnapshot } from './machine';
import type { RunRecorder } from './recorder';
import type { StepRunner } from './step-runner';
import { WizardRefusal } from './refusal';

export type WizardMachineEvent = EventFromLogic<typeof wizardMachine>;

export interface ActorHostDeps {
  /** Runs the machine's steps and their rollbacks. */
  runner: Pick<StepRunner, 'run' | 'rollback'>;
  /** Told when the machine settles in a state where no step runs. */
  progress: Pick<LiveProgress, 'stepSettled'>;
  /** The machine's snapshot changed: push a view. */
  changed: () => void;
  /** The machine itself failed (not a step: those are states). */
  failed: (error: unknown) => void;
}

export class ActorHost {
  #actor: Actor<typeof wizardMachine> | null = null;

  constructor(private readonly deps: ActorHostDeps) {}

  get running(): boolean {
    return this.#actor !== null;
  }

  snapshot(): WizardSnapshot | null {
    return this.#actor?.getSnapshot() ?? null;
  }

  /** Starts the machine of a run: a new one (its first snapshot is the journal's first write) or one read back. */
  start(recorder: RunRecorder, snapshot: WizardSnapshot | undefined): void {
    this.#actor?.stop();
    const machine = wizardMachine.provide({
      actors: {
        runStep: fromPromise<unknown, StepActorInput>(({ input }) => this.deps.runner.run(input)),
        rollbackStep: fromPromise<unknown, StepActorInput>(({ input }) => this.deps.runner.rollback(input)),
      },
    });
    const actor = createActor(machine, snapshot ? { snapshot } : {});
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
          const where = locate(snap);
          transition = { stepId: where.stepId, state: value };
          if (where.phase !== 'running' && where.phase !== 'rollingBack') this.deps.progress.stepSettled();
        }
        recorder.recordSnapshot(persisted, site ? siteIdentity(site) : null, transition);
        this.deps.changed();
      },
      error: (err) => {
        this.deps.failed(err);
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
