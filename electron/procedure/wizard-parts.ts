// The parts of one wizard, made once, top down, each with what it needs: the Changes emitter, the run's lifecycle
// (which makes each Run: recorder, session, step runner, machine), day 2, and last the view feed, which reads
// them and pushes a view on every change. The controller routes operations to them (operations.ts).
import { Changes } from './changes';
import { Day2Desk } from './day2/desk';
import type { WizardOptions } from './wizard';
import { RunLifecycle } from './run-lifecycle';
import { ViewFeed } from './view-feed';

export interface WizardParts {
  /** A run's life in the state folder, and the run there is (lifecycle.run). */
  lifecycle: RunLifecycle;
  /** Day 2: the health of a setup already there, and check / maintenance / remove on it. */
  desk: Day2Desk;
  feed: ViewFeed;
}

export function assembleWizard(options: WizardOptions): WizardParts {
  const { stateDir } = options;
  const changes = new Changes();
  const lifecycle = new RunLifecycle(options, changes);
  const desk = new Day2Desk({
    stateDir,
    ...(options.labDelays ? { labDelays: options.labDelays } : {}),
    credential: () => lifecycle.credential,
    emitter: changes,
  });
  const feed = new ViewFeed({ stateDir, lifecycle, desk }, changes);
  return { lifecycle, desk, feed };
}
