// Runs one step (or its rollback) for the machine's actors: builds the step's context on the one
// PowerShell session, keeps the journal's timings and snapshots, and turns failures into plain data.
import type { SiteFacts } from '../../shared/site';
import { siteIdentity } from '../../shared/site';
import { stepMeta, type StepId } from '../../shared/steps';
import { arrayFqdn } from '../../shared/validation';
import type { PowerShellSession } from '../powershell';
import { buildStepContext, type ContextHooks } from './context';
import type { Journal } from './journal';
import type { LiveProgress } from './live-progress';
import type { StepActorError, StepActorInput } from './machine';
import { StepFailure } from './step';
import { stepDefinition } from './steps';
import { captureTouched } from './steps/touched-read';
import { planContext } from './view';

export interface RunnerDeps {
  journal: () => Journal | null;
  /** The session, connecting first when a run was reopened from its journal. */
  session: (journal: Journal) => Promise<PowerShellSession>;
  progress: LiveProgress;
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

export class StepRunner {
  /** The step whose commands the transcript is recording. */
  currentStep: StepId | null = null;
  /** The step the admin asked to act again (Retry): a resume restarting it on its own is not that. */
  private consented: StepId | null = null;

  constructor(private readonly deps: RunnerDeps) {}

  /** Retry pressed (or exha resume --retest-failover) for this step: its next run may act again. */
  consentToRetry(stepId: StepId | null): void {
    this.consented = stepId;
  }

  hooks(journal: Journal, retryConsented = false): ContextHooks {
    const { progress } = this.deps;
    return {
      session: () => this.deps.session(journal),
      before: () => journal.data.before,
      saveBefore: (before) => {
        journal.data.before = before;
        journal.save();
      },
      setActivity: (activity) => {
        progress.setActivity(activity);
      },
      commandStarted: (script, values) => {
        progress.commandStarted(script, values, journal.data.commands.length + 1);
      },
      sample: (sample) => {
        progress.sample(sample);
        journal.data.failoverLive = progress.samples;
        journal.save();
      },
      sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      outageWatchSeconds: this.deps.outageWatchSeconds,
      retryConsented,
      keptSamples: () => journal.data.failoverLive,
    };
  }

  async run(input: StepActorInput): Promise<unknown> {
    const journal = this.requireJournal();
    const { stepId } = input;
    this.currentStep = stepId;
    const startedAt = new Date().toISOString();
    journal.data.timings[stepId] = { startedAt, endedAt: null };
    const consented = this.consented === stepId;
    this.consented = null;
    // An outage already measured is kept unless the admin agreed to test again (failover.ts decides with it).
    if (stepId === 'failover' && (consented || !journal.data.before.failover)) {
      this.deps.progress.samples = [];
      journal.data.failoverLive = [];
    }
    journal.save();
    const ctx = buildStepContext(planContext(input.context, journal.data), this.hooks(journal, consented));
    try {
      // Just before the first change: what the procedure will touch, for the report's before-and-after.
      if (stepMeta(stepId).changesServers && !journal.data.touched.before && ctx.inputs && ctx.site) {
        journal.data.touched.before = await captureTouched(ctx, ctx.inputs.name, arrayFqdn(ctx.inputs.name, ctx.site.domain));
        journal.save();
      }
      const output = await stepDefinition(stepId).run(ctx);
      if (stepId === 'connect') checkSameSite(journal, output as SiteFacts);
      if (stepId === 'complete') journal.data.touched.after = output as typeof journal.data.touched.after;
      return output;
    } catch (error) {
      throw toActorError(error);
    } finally {
      journal.data.timings[stepId] = { startedAt, endedAt: new Date().toISOString() };
      this.deps.progress.stepSettled();
      this.currentStep = null;
    }
  }

  async rollback(input: StepActorInput): Promise<unknown> {
    // A Retry of a rollback agreed to undoing, not to the step acting again later.
    this.consented = null;
    const journal = this.requireJournal();
    this.currentStep = input.stepId;
    const ctx = buildStepContext(planContext(input.context, journal.data), this.hooks(journal));
    try {
      const notes = await stepDefinition(input.stepId).rollback?.(ctx);
      // A rollback that had to substitute a value or leave something says so; the journal keeps it for the end state.
      if (notes && notes.length > 0)
        journal.data.before = { ...journal.data.before, undoNotes: { ...journal.data.before.undoNotes, [input.stepId]: notes } };
      journal.data.events.push({ at: new Date().toISOString(), type: 'rolledBack', stepId: input.stepId, state: '' });
      return null;
    } catch (error) {
      throw toActorError(error);
    } finally {
      this.deps.progress.stepSettled();
      this.currentStep = null;
    }
  }

  private requireJournal(): Journal {
    const journal = this.deps.journal();
    if (!journal) throw toActorError(new StepFailure('The run has no journal.', 'Start or resume the run from Connect.'));
    return journal;
  }
}

function checkSameSite(journal: Journal, site: SiteFacts): void {
  const identity = siteIdentity(site);
  if (journal.data.siteIdentity && journal.data.siteIdentity !== identity) {
    throw new StepFailure(
      `This run's journal belongs to ${journal.data.siteIdentity}, but these servers are ${identity}.`,
      'Connect to the site the run started on, or restart to begin a new run for this site.',
    );
  }
}
