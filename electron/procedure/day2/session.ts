// Day 2 (after the setup): one PowerShell session to the same target as the run, and a step context on it
// whose every command is shown before it runs and kept in a journal of its own.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PsValue } from '../../powershell/quote';
import { PowerShellSession, type TranscriptEntry } from '../../powershell';
import type { LabDelays } from '../../targets/lab';
import { preludeOf, type SessionTarget } from '../../targets/factory';
import { placementOf } from '../../targets/placement';
import { buildStepContext } from '../context';
import { JOURNAL_FILE } from '../journal';
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

/** The run's own target when the state folder holds a journal: day 2 talks to the servers the setup changed. */
export function targetFromJournal(stateDir: string): Day2Target | null {
  const path = join(stateDir, JOURNAL_FILE);
  if (!existsSync(path)) return null;
  try {
    const target = (JSON.parse(readFileSync(path, 'utf8')) as { target?: Day2Target }).target;
    return target?.kind === 'lab' || target?.kind === 'real' ? target : null;
  } catch {
    return null;
  }
}

export class Day2Session {
  readonly commands: Day2Command[] = [];
  private readonly session: PowerShellSession;
  private readonly shown = new Map<string, { text: string; kind: StepScript['kind'] }>();

  constructor(private readonly options: Day2Options) {
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
