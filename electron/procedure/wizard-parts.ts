// The parts of one wizard, wired together: the live progress and the views it pushes, the step runner, the
// machine, the PowerShell session, day 2 and the run's lifecycle. The controller routes operations to them.
import type { TranscriptEntry } from '../powershell';
import { ActorHost } from './actor-host';
import { Day2Desk } from './day2/desk';
import type { WizardHostOptions } from './host';
import { LiveProgress } from './live-progress';
import { RunLifecycle } from './run-lifecycle';
import { RunSession } from './run-session';
import { StepRunner } from './step-runner';
import { composeView, ViewFeed } from './view-feed';

export interface WizardParts {
  feed: ViewFeed;
  progress: LiveProgress;
  runner: StepRunner;
  machine: ActorHost;
  session: RunSession;
  /** Day 2: the health of a setup already there, and check / maintenance / remove on it. */
  desk: Day2Desk;
  run: RunLifecycle;
}

/** The parts call one another only once all of them exist: nothing below pushes a view while they are made. */
export function assembleWizard(options: WizardHostOptions): WizardParts {
  const { stateDir } = options;
  const push = () => {
    feed.push();
  };
  const feed: ViewFeed = new ViewFeed((revision) => composeView(revision, { stateDir, machine, run, progress, desk }));
  const progress: LiveProgress = new LiveProgress(push);
  const runner: StepRunner = new StepRunner({
    recorder: () => run.recorder,
    session: (recorder) => session.connected(recorder.data.target),
    progress,
    outageWatchSeconds: options.outageWatchSeconds ?? 180,
  });
  const failed = (err: unknown) => {
    run.notice = `The procedure stopped unexpectedly: ${String(err)}`;
    push();
  };
  const machine: ActorHost = new ActorHost({ runner, progress, changed: push, failed });
  // Every command the session runs goes to the run's journal, numbered, with the step that ran it.
  const transcribe = (entry: TranscriptEntry) => {
    progress.commandFinished();
    const recorder = run.recorder;
    if (!recorder) return;
    recorder.recordCommand(entry, runner.currentStep);
    push();
  };
  const reconnected = (entry: TranscriptEntry) => {
    run.recorder?.recordReconnect(entry.endedAt, runner.currentStep);
    push();
  };
  const session: RunSession = new RunSession({ ...options, onTranscript: transcribe, onReconnect: reconnected });
  const labDelays = options.labDelays ? { labDelays: options.labDelays } : {};
  const desk: Day2Desk = new Day2Desk({ stateDir, ...labDelays, credential: () => session.credential, push });
  const run: RunLifecycle = new RunLifecycle({ options, machine, session, progress, runner, view: () => feed.view(), push });
  return { feed, progress, runner, machine, session, desk, run };
}
