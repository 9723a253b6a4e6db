// The views the shells see: made of the machine, the run, live progress and day 2, rebuilt on every change,
// numbered, and pushed to every subscriber.
import type { WizardView } from '../../shared/contract';
import type { ActorHost } from './actor-host';
import type { Day2Desk } from './day2/desk';
import type { LiveProgress } from './live-progress';
import { damagedJournalMessage, type RunLifecycle } from './run-lifecycle';
import { buildView } from './view';

/** Everything a view is made of. */
export interface ViewParts {
  stateDir: string;
  machine: Pick<ActorHost, 'snapshot'>;
  run: Pick<RunLifecycle, 'recorder' | 'resumeOffer' | 'notice' | 'damaged'>;
  progress: Pick<LiveProgress, 'activity' | 'running' | 'samples'>;
  desk: Pick<Day2Desk, 'view'>;
}

export function composeView(revision: number, { stateDir, machine, run, progress, desk }: ViewParts): WizardView {
  const snapshot = machine.snapshot();
  const journal = run.recorder?.data ?? null;
  const damaged = run.damaged;
  return buildView({
    revision,
    snapshot,
    journal,
    activity: progress.activity,
    running: progress.running,
    live: progress.samples,
    resume: run.resumeOffer,
    notice: run.notice,
    stateDir,
    damaged: damaged ? { ...damaged, message: damagedJournalMessage(damaged) } : null,
    day2: desk.view(snapshot, journal),
  });
}

export class ViewFeed {
  #revision = 0;
  #last: WizardView | null = null;
  readonly #listeners = new Set<(view: WizardView) => void>();

  constructor(private readonly build: (revision: number) => WizardView) {}

  /** The latest view (built now if none was pushed yet). */
  view(): WizardView {
    this.#last ??= this.build(this.#revision);
    return this.#last;
  }

  /** Rebuilds the view without announcing it (the host's first view, once everything is in place). */
  rebuild(): void {
    this.#last = this.build(this.#revision);
  }

  /** Something changed: a new view, with the next revision, to every subscriber. */
  push(): void {
    this.#revision += 1;
    this.#last = this.build(this.#revision);
    for (const listener of this.#listeners) listener(this.#last);
  }

  subscribe(listener: (view: WizardView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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
}
