// The views the shells see: made of the run (its machine, journal and live progress), the lifecycle's offers and
// day 2, rebuilt on every change the wizard's Changes announces, numbered, and pushed to every subscriber.
import type { WizardView } from '../../shared/contract';
import type { Changes } from './changes';
import type { Day2Desk } from './day2/desk';
import { damagedJournalMessage, type RunLifecycle } from './run-lifecycle';
import { buildView } from './view';

/** Everything a view is made of. */
export interface ViewSources {
  stateDir: string;
  lifecycle: Pick<RunLifecycle, 'run' | 'resumeOffer' | 'notice' | 'damaged'>;
  desk: Pick<Day2Desk, 'view'>;
}

export function composeView(revision: number, { stateDir, lifecycle, desk }: ViewSources): WizardView {
  const run = lifecycle.run;
  const snapshot = run?.machine.snapshot() ?? null;
  const journal = run?.recorder.data ?? null;
  const damaged = lifecycle.damaged;
  return buildView({
    revision,
    snapshot,
    journal,
    activity: run?.progress.activity ?? null,
    running: run?.progress.running ?? null,
    live: run?.progress.samples ?? [],
    resume: lifecycle.resumeOffer,
    notice: lifecycle.notice,
    stateDir,
    damaged: damaged ? { ...damaged, message: damagedJournalMessage(damaged) } : null,
    day2: desk.view(snapshot, journal),
  });
}

export class ViewFeed {
  #revision = 0;
  #last: WizardView | null = null;
  readonly #listeners = new Set<(view: WizardView) => void>();

  /** Made last, on parts that exist: it reads them, and hears of every change through `changes`. */
  constructor(
    private readonly sources: ViewSources,
    changes: Changes,
  ) {
    changes.subscribe(() => {
      this.push();
    });
  }

  /** The latest view (built now if none was pushed yet). */
  view(): WizardView {
    this.#last ??= composeView(this.#revision, this.sources);
    return this.#last;
  }

  /** Rebuilds the view without announcing it (the wizard's first view, once the state folder has been read). */
  rebuild(): void {
    this.#last = composeView(this.#revision, this.sources);
  }

  /** Something changed: a new view, with the next revision, to every subscriber. */
  private push(): void {
    this.#revision += 1;
    this.#last = composeView(this.#revision, this.sources);
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
