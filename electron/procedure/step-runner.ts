// Runs one step (or its undo) for the machine's actors (machine-setup.ts: runStep, undoStep): builds the step's
// context on the run's PowerShell session, tells the run's recorder what happened (timings, values found, the
// touched read) and turns failures into plain data. One per run (run.ts).
import type { TouchedSnapshot } from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import { siteIdentity } from '../../shared/site';
import { stepMeta, type StepId } from '../../shared/steps';
import { arrayFqdn } from '../../shared/validation';
import type { CommandLog } from './command-log';
import { buildStepContext, type ContextHooks } from './context';
import type { LiveProgress } from './live-progress';
import type { StepActions, StepActorError, StepActorInput, WizardSnapshot } from './machine';
import type { RunRecorder } from './recorder';
import type { RunSession } from './run-session';
import { StepFailure } from './step';
import { stepDefinition } from './steps';
import { captureTouched } from './steps/touched-read';
import { planContext } from './view';

export interface RunnerDeps {
  recorder: RunRecorder;
  /** The run's session: it connects on first use when the run was reopened from its journal. */
  session: RunSession;
  progress: LiveProgress;
  /** Told which step the commands that follow belong to. */
  commands: CommandLog;
  outageWatchSeconds: number;
}

/** What the machine records: the message, PowerShell's error, the advice and any partial result. */
function toActorError(error: unknown): Error & StepActorError {
  const failure =
    error instanceof StepFailure
      ? error
      : new StepFailure(error instanceof Error ? error.message : String(error), 'Retry; if it fails again, roll back this step.');
  return Object.assign(new Error(failure.message), {
    ...failure.toInfo(),
    ...(failure.partial !== undefined ? { partial: failure.partial } : {}),
  });
}

export class StepRunner implements StepActions {
  /** The step the admin asked to act again (Retry): a resume restarting it on its own is not that. */
  private consented: StepId | null = null;

  constructor(private readonly deps: RunnerDeps) {}

  /** Retry pressed (or exha resume --retest-failover) for this step: its next run may act again. */
  consentToRetry(stepId: StepId | null): void {
    this.consented = stepId;
  }

  private hooks(retryConsented = false): ContextHooks {
    const { progress, recorder, session } = this.deps;
    return {
      session: () => session.connected(recorder.data.target),
      before: () => recorder.data.before,
      saveBefore: (before) => {
        recorder.recordBefore(before);
      },
      setActivity: (activity) => {
        progress.setActivity(activity);
      },
      commandStarted: (script, values) => {
        progress.commandStarted(script, values, recorder.data.commands.length + 1);
      },
      sample: (sample) => {
        recorder.recordSamples(progress.sample(sample));
      },
      sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      outageWatchSeconds: this.deps.outageWatchSeconds,
      retryConsented,
      keptSamples: () => recorder.data.failoverLive,
      placement: () => session.placement(recorder.data.target),
      placeSessions: (placement, label) => session.place(recorder.data.target, placement, label),
    };
  }

  async run(input: StepActorInput): Promise<unknown> {
    const { recorder, commands } = this.deps;
    const { stepId } = input;
    commands.step = stepId;
    const startedAt = new Date().toISOString();
    const consented = this.consented === stepId;
    this.consented = null;
    // An outage already measured is kept unless the admin agreed to test again (failover.ts decides with it).
    const freshSamples = stepId === 'failover' && (consented || !recorder.data.before.failover);
    if (freshSamples) this.deps.progress.clearSamples();
    recorder.recordStepStarted(stepId, startedAt, freshSamples);
    const ctx = buildStepContext(planContext(input.context, recorder.data), this.hooks(consented));
    try {
      // Just before the first change: what the procedure will touch, for the report's before-and-after.
      if (stepMeta(stepId).changesServers && !recorder.data.touched.before && ctx.inputs && ctx.site) {
        recorder.recordTouchedBefore(await captureTouched(ctx, ctx.inputs.name, arrayFqdn(ctx.inputs.name, ctx.site.domain)));
      }
      const output = await stepDefinition(stepId).run(ctx);
      if (stepId === 'connect') checkSameSite(recorder, output as SiteFacts);
      if (stepId === 'complete') recorder.noteTouchedAfter(output as TouchedSnapshot | null);
      return output;
    } catch (error) {
      throw toActorError(error);
    } finally {
      recorder.noteStepFinished(stepId, startedAt, new Date().toISOString());
      this.deps.progress.stepSettled();
      commands.step = null;
    }
  }

  async undo(input: StepActorInput): Promise<unknown> {
    // A Retry of a rollback agreed to undoing, not to the step acting again later.
    this.consented = null;
    const { recorder, commands } = this.deps;
    commands.step = input.stepId;
    const ctx = buildStepContext(planContext(input.context, recorder.data), this.hooks());
    try {
      const notes = await stepDefinition(input.stepId).rollback?.(ctx);
      // A rollback that had to substitute a value or leave something says so; the journal keeps it for the end state.
      recorder.noteRolledBack(input.stepId, notes ?? []);
      return null;
    } catch (error) {
      throw toActorError(error);
    } finally {
      this.deps.progress.stepSettled();
      commands.step = null;
    }
  }

  /**
   * The site the servers are now (domain/DAG), read by Connect outside the machine before a resume: reality over
   * the journal. Null when it cannot be read (the resume goes on; Connect itself would fail clearly).
   */
  async readSiteIdentity(snapshot: WizardSnapshot): Promise<string | null> {
    const ctx = buildStepContext(planContext(snapshot.context, this.deps.recorder.data), this.hooks());
    try {
      const site = (await stepDefinition('connect').run(ctx)) as SiteFacts;
      return siteIdentity(site);
    } catch {
      return null;
    }
  }
}

function checkSameSite(recorder: RunRecorder, site: SiteFacts): void {
  const identity = siteIdentity(site);
  const journalSite = recorder.data.siteIdentity;
  if (journalSite && journalSite !== identity) {
    throw new StepFailure(
      `This run's journal belongs to ${journalSite}, but these servers are ${identity}.`,
      'Connect to the site the run started on, or restart to begin a new run for this site.',
    );
  }
}
