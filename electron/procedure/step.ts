// The shape every step of the catalogue has: what it would run (plan), how it runs (probe before apply,
// verify after), and how it is undone with the values recorded before it changed anything.
import type { z } from 'zod';
import type { ErrorInfo, FixAt } from '../../shared/contract';
import type { BeforeValues, TimelineSample } from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import type { StepId } from '../../shared/steps';
import type { AccessPointInputs } from '../../shared/validation';
import type { ScriptValues, StepScript } from '../powershell/script';
import type { SessionPlacement } from '../targets/placement';

export interface TargetInfo {
  kind: 'lab' | 'real';
  /** The node the admin connected the cluster session to (the sessions' live placement: StepContext.sessionPlacement). */
  sessionNode: string | null;
}

export interface PlanContext {
  site: SiteFacts | null;
  inputs: AccessPointInputs | null;
  target: TargetInfo;
  before: BeforeValues;
}

export interface StepContext extends PlanContext {
  /** Runs one script through the engine; throws StepFailure with PowerShell's error on failure. */
  run<T>(script: StepScript, values: ScriptValues, schema: z.ZodType<T>): Promise<T>;
  /** Records values found before a change; kept in the journal before the change is made. The first record wins. */
  recordBefore<K extends keyof BeforeValues>(key: K, value: NonNullable<BeforeValues[K]>): Promise<NonNullable<BeforeValues[K]>>;
  /** Shows what the step is waiting for (anything longer than a second). */
  activity(activity: { label: string; waitingFor: string; timeoutSeconds: number | null } | null): void;
  /** Live failover samples for the timeline. */
  sample(sample: TimelineSample): void;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** How long the failover test watches an outage before it calls the recovery failed. */
  readonly outageWatchSeconds: number;
  /**
   * The admin asked this step to act again (Retry, or exha resume --retest-failover). False when a resume
   * restarts a step that was interrupted: a step whose action is disruptive (an outage) must not repeat it then.
   */
  readonly retryConsented: boolean;
  /** Failover samples an earlier, interrupted attempt of this step recorded (empty when it starts afresh). */
  readonly keptSamples: readonly TimelineSample[];
  /** The servers the wizard's two remote sessions belong to now (a call to a server that is down does not answer). */
  readonly sessionPlacement: SessionPlacement;
  /**
   * Reopens the sessions on other servers (null: back where the admin connected them) and connects at once;
   * `label` says why in the transcript. Nothing happens when they are there already. A server that does not
   * answer fails it (StepFailure naming it).
   */
  placeSessions(placement: SessionPlacement | null, label: string): Promise<void>;
}

export interface PlannedCall {
  script: StepScript;
  values: ScriptValues;
}

export interface StepDefinition<Output = unknown> {
  readonly id: StepId;
  /** The scripts the step will run with the values known now, shown before it runs. */
  plan(ctx: PlanContext): PlannedCall[];
  run(ctx: StepContext): Promise<Output>;
  /** Scripts the rollback will run; empty for steps that change nothing. */
  rollbackPlan(ctx: PlanContext): PlannedCall[];
  /** Undoes the step; returns notes for what it did other than a plain undo, and what it left behind. */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- most rollbacks have nothing to add and return nothing
  rollback?(ctx: StepContext): Promise<void | string[]>;
  /** One line for the Roll back everything confirmation. */
  undoSummary?(ctx: PlanContext): string;
}

/** A step that failed, in words the admin can act on, with PowerShell's own error when there is one. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly advice: string,
    readonly powershell: ErrorInfo['powershell'] = null,
    /** What the step found before failing (check tables), shown beside the error. */
    readonly partial?: unknown,
    /** The fix is another value on an earlier screen (Back there, the field named). */
    readonly fixAt?: FixAt,
  ) {
    super(message);
    this.name = 'StepFailure';
  }

  toInfo(): ErrorInfo {
    return { message: this.message, powershell: this.powershell, advice: this.advice, ...(this.fixAt ? { fixAt: this.fixAt } : {}) };
  }
}

export function requireSite(ctx: PlanContext): SiteFacts {
  if (!ctx.site) throw new StepFailure('The site has not been read yet.', 'Go back to Connect and run it first.');
  return ctx.site;
}

export function requireInputs(ctx: PlanContext): AccessPointInputs {
  if (!ctx.inputs)
    throw new StepFailure('The client access point has no name and address yet.', 'Go back to Client access point and fill it in.');
  return ctx.inputs;
}

/** Check steps: a failed check blocks the next step; the table still shows every check. */
/** A failed check in one line: its title and the failing item itself (which copy, its status and queue). */
function failedItem(c: { title: string; evidence?: string; failing?: string }): string {
  const item = c.failing ?? c.evidence ?? '';
  const short = item.length > 240 ? `${item.slice(0, 240)}…` : item;
  return short ? `${c.title} (${short})` : c.title;
}

export function failOnBlockingChecks<T extends { status: string; title: string; evidence?: string; failing?: string }>(
  checks: T[],
  what: string,
  fixAt?: (failed: T[]) => { advice: string; fixAt: FixAt } | null,
): T[] {
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    const back = fixAt?.(failed) ?? null;
    throw new StepFailure(
      `${String(failed.length)} ${what} ${failed.length === 1 ? 'check' : 'checks'} failed: ${failed.map(failedItem).join('; ')}.`,
      back?.advice ?? 'Fix what each failed check says, then Retry. Nothing has been changed.',
      null,
      checks,
      back?.fixAt,
    );
  }
  return checks;
}
