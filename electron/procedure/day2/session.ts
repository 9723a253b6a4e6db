// Day 2 (after the setup): one PowerShell session to the same target as the run, and a step context on it
// whose every command is shown before it runs and kept in a journal of its own.
import type { PsValue } from '../../powershell/quote';
import { PowerShellSession, type TranscriptEntry } from '../../powershell';
import type { LabDelays } from '../../targets/lab';
import { preludeOf, type SessionTarget } from '../../targets/factory';
import { placementOf } from '../../targets/placement';
import { buildStepContext } from '../context';
import { UnreadableFile } from '../files';
import { assertLabStateReadable } from '../lab-state-file';
import { Journal } from '../journal';
import { renderScript, type StepScript } from '../../powershell/script';
import type { PlanContext, StepContext } from '../step';

/** The servers a day-2 session reaches: the run's own target, or the one named on the command line. */
export type Day2Target = SessionTarget;

export interface Day2Command {
  at: string;
  label: string;
  kind: StepScript['kind'];
  /** The copyable text with the values as literals: exactly what was shown before it ran. */
  text: string;
  outcome: string;
  durationMs: number;
  error: string | null;
}

export interface Day2Options {
  stateDir: string;
  target: Day2Target;
  labDelays?: LabDelays;
  credential?: { userName: string; password: string } | null;
  /** Every script, shown before it runs (the CLI prints it; the window lists it). */
  show?: (text: string, script: StepScript) => void;
}

/**
 * The run's own target when the state folder holds a journal: day 2 talks to the servers the setup changed.
 * Null when there is no journal; a journal that cannot be read throws UnreadableFile: it may name other
 * servers than the default, so nothing falls back to another target.
 */
export function targetFromJournal(stateDir: string): Day2Target | null {
  const read = Journal.read(stateDir);
  if (read.kind === 'none') return null;
  if (read.kind === 'ok') return read.data.target;
  throw new UnreadableFile(
    "run's journal",
    read.path,
    read.reason,
    'It names the servers this setup was made on, so nothing is read from or changed on any others: name them yourself, ' +
      'with --exchange-server FQDN --cluster-node NAME (or --lab for the lab). `exha status` says more about the journal.',
  );
}

export class Day2Session {
  readonly commands: Day2Command[] = [];
  private readonly session: PowerShellSession;
  private readonly shown = new Map<string, { text: string; kind: StepScript['kind'] }>();

  constructor(private readonly options: Day2Options) {
    assertLabStateReadable(options.target, options.stateDir);
    const prelude = preludeOf(options.target, {
      stateDir: options.stateDir,
      ...(options.labDelays ? { labDelays: options.labDelays } : {}),
      credential: options.credential ?? null,
    });
    this.session = new PowerShellSession({
      prelude,
      onTranscript: (entry) => {
        this.record(entry);
      },
    });
  }

  /** A context for the step code the setup uses, with no run behind it: nothing is recorded as "before". */
  context(plan: Omit<PlanContext, 'before'> & { before?: PlanContext['before'] }): StepContext {
    let before = plan.before ?? {};
    const hooks = {
      session: () => Promise.resolve(this.session),
      before: () => before,
      saveBefore: (next: typeof before) => {
        before = next;
      },
      setActivity: () => undefined,
      commandStarted: (script: StepScript, values: Record<string, PsValue>) => {
        const text = renderScript(script, values).text;
        this.shown.set(script.label, { text, kind: script.kind });
        this.options.show?.(text, script);
      },
      sample: () => undefined,
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      outageWatchSeconds: 60,
      retryConsented: false,
      keptSamples: () => [],
      placement: () => placementOf(this.options.target),
      // Day 2 never takes a node down: its sessions stay where the admin connected them.
      placeSessions: () => Promise.reject(new Error('Day 2 keeps its sessions where they were opened.')),
    };
    return buildStepContext({ ...plan, before }, hooks);
  }

  private record(entry: TranscriptEntry): void {
    const label = entry.label ?? '';
    const shown = this.shown.get(label);
    const result = entry.result;
    this.commands.push({
      at: entry.startedAt,
      label,
      kind: shown?.kind ?? 'probe',
      text: shown?.text ?? entry.script,
      outcome: entry.outcome,
      durationMs: entry.durationMs,
      error: result && !result.ok ? result.error.message : (entry.failure ?? null),
    });
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }
}
