// Builds the StepContext a step runs with: every script goes through the one engine session, its
// failures become StepFailures quoting PowerShell, and values found before a change land in the journal first.
import type { z } from 'zod';
import type { Activity, ErrorInfo } from '../../shared/contract';
import type { BeforeValues, TimelineSample } from '../../shared/results';
import {
  PowerShellPreludeError,
  PowerShellSessionDiedError,
  PowerShellTimeoutError,
  type PowerShellSession,
  type PsErrorRecord,
} from '../powershell';
import { checkValues, invocationText, type ScriptValues, type StepScript } from '../powershell/script';
import type { SessionPlacement } from '../targets/placement';
import { EXCHANGE_COMMANDS } from '../targets/session-prelude';
import { StepFailure, type PlanContext, type StepContext } from './step';

export interface ContextHooks {
  session: () => Promise<PowerShellSession>;
  before: () => BeforeValues;
  saveBefore: (before: BeforeValues) => void;
  setActivity: (activity: Activity | null) => void;
  /** A command is about to run: the live transcript shows it, and a wait longer than a second shows what it waits for. */
  commandStarted: (script: StepScript, values: ScriptValues) => void;
  sample: (sample: TimelineSample) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  outageWatchSeconds: number;
  retryConsented: boolean;
  keptSamples: () => TimelineSample[];
  /** Where the two remote sessions are now, and a way to reopen them elsewhere (RunSession.place). */
  placement: () => SessionPlacement;
  placeSessions: (placement: SessionPlacement | null, label: string) => Promise<void>;
}

const ADVICE: Record<StepScript['kind'], string> = {
  probe: 'Nothing was changed. Check the servers are reachable and the account has Exchange and cluster admin rights, then Retry.',
  verify:
    'The change was made but could not be confirmed. Check the object named in the error, then Retry (the step checks before it acts).',
  apply: 'The change may be partly made. Retry (the step checks what is already there before it acts again), or Roll back this step.',
  rollback: 'The undo did not finish. Fix what the error names, then try the rollback again; nothing is undone twice.',
};

/** Which remote sessions (and so which servers) a script's calls go through, in the admin's words; '' for none. */
function sessionsOf(script: StepScript, placement: SessionPlacement): string {
  const exchange = `the Exchange session on ${placement.exchangeServer}`;
  const cluster = `the cluster session on ${placement.clusterNode}`;
  if (script.runsOn === 'exchange') return exchange;
  if (script.runsOn === 'cluster') return cluster;
  // A workstation script may call into either session (the failover test's one-tick sample calls both).
  const through = [
    ...(EXCHANGE_COMMANDS.some((c) => script.body.includes(c)) ? [exchange] : []),
    ...(script.body.includes('Invoke-ExhaCluster') ? [cluster] : []),
  ];
  return through.join(' or ');
}

/** The session a lost script ran in, as the admin knows it: the Exchange endpoint or the cluster node, with its server. */
function lostSessionName(script: StepScript, placement: SessionPlacement): string {
  if (script.runsOn === 'exchange') return `the Exchange endpoint on ${placement.exchangeServer} (the remote Exchange PowerShell session)`;
  if (script.runsOn === 'cluster') return `the cluster node ${placement.clusterNode} (its PowerShell session, FailoverClusters)`;
  return sessionsOf(script, placement) || "the workstation's PowerShell";
}

function engineFailure(error: unknown, script: StepScript, placement: SessionPlacement): StepFailure {
  if (error instanceof StepFailure) return error;
  if (error instanceof PowerShellTimeoutError) {
    // A server whose network is gone does not answer: the call hangs until this timeout (as over WinRM).
    const through = sessionsOf(script, placement);
    return new StepFailure(
      `"${script.label}" did not answer within ${String(Math.round(error.timeoutMs / 1000))} seconds${through ? `, through ${through}: that server may not be answering` : ''}.`,
      'PowerShell was restarted. A server that is down or unreachable, a slow server or a hung remote session is the usual cause; Retry, and the step checks what is already done.',
    );
  }
  if (error instanceof PowerShellSessionDiedError) {
    // One line for the admin: how it ended. The stderr tail the engine adds stays in the transcript.
    const how = /\((exit code [^)]*|signal [^)]*)\)/.exec(error.message)?.[1];
    return new StepFailure(
      `PowerShell stopped${how ? ` (${how})` : ''} while running "${script.label}".`,
      'A new PowerShell session starts on Retry (exha resume); the step checks what is already done.',
    );
  }
  if (error instanceof PowerShellPreludeError) {
    return new StepFailure(
      `Could not connect: ${error.record.message}`,
      'Check the server names, that PowerShell remoting is enabled (Enable-PSRemoting) and that your account is an Exchange and cluster administrator; then Retry.',
      {
        message: error.record.message,
        fullyQualifiedErrorId: error.record.fullyQualifiedErrorId,
        category: error.record.category,
        targetObject: error.record.targetObject,
      },
    );
  }
  return new StepFailure(error instanceof Error ? error.message : String(error), 'Retry; if it fails again, roll back this step.');
}

/** A remote session that broke or closed, as PowerShell reports it (WinRM and named pipes alike). */
function lostConnection(record: PsErrorRecord): boolean {
  return (
    /PSSessionStateBroken|InvalidSessionState|InvalidSessionAvailability|PSRemotingTransportException|RemoteRunspaceStateInfo/i.test(
      `${record.fullyQualifiedErrorId} ${record.exceptionType}`,
    ) ||
    /session state is (Broken|Closed)|runspace is not (opened|in the opened state)|pipe (is broken|has been ended)/i.test(record.message)
  );
}

export function buildStepContext(plan: PlanContext, hooks: ContextHooks): StepContext {
  const ctx: StepContext = {
    ...plan,
    get before() {
      return hooks.before();
    },
    async run<T>(script: StepScript, values: ScriptValues, schema: z.ZodType<T>): Promise<T> {
      checkValues(script, values);
      const session = await hooks.session();
      hooks.commandStarted(script, values);
      let result;
      try {
        result = await session.invoke({
          script: invocationText(script),
          params: values,
          label: script.label,
          timeoutMs: (script.timeoutSeconds ?? 60) * 1000,
        });
      } catch (error) {
        throw engineFailure(error, script, hooks.placement());
      }
      if (!result.ok) {
        const e = result.error;
        const powershell: ErrorInfo['powershell'] = {
          message: e.message,
          fullyQualifiedErrorId: e.fullyQualifiedErrorId,
          category: e.category,
          targetObject: e.targetObject,
        };
        if (lostConnection(e)) {
          // The server went away under the remote session (reboot, network, a lab server that died): the
          // sessions are opened again, so Retry works on fresh ones instead of the broken ones.
          await session.restart().catch(() => undefined);
          throw new StepFailure(
            `The connection to ${lostSessionName(script, hooks.placement())} was lost while running "${script.label}".`,
            'The wizard connects again on Retry (exha resume); the step checks what is already done.',
            powershell,
          );
        }
        throw new StepFailure(`"${script.label}" failed.`, ADVICE[script.kind], powershell);
      }
      const parsed = schema.safeParse(result.data);
      if (!parsed.success) {
        throw new StepFailure(
          `${script.label}: the answer did not have the expected shape (${parsed.error.issues
            .slice(0, 2)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}).`,
          'This server answered differently from Exchange 2010 SP3 / Windows Server 2008 R2. Nothing more was run; report it with the transcript.',
        );
      }
      return parsed.data;
    },
    recordBefore(key, value) {
      const before = hooks.before();
      const existing = before[key];
      if (existing !== undefined) return Promise.resolve(existing as NonNullable<BeforeValues[typeof key]>);
      hooks.saveBefore({ ...before, [key]: value });
      return Promise.resolve(value);
    },
    activity: hooks.setActivity,
    sample: hooks.sample,
    sleep: hooks.sleep,
    now: hooks.now,
    outageWatchSeconds: hooks.outageWatchSeconds,
    retryConsented: hooks.retryConsented,
    get keptSamples() {
      return hooks.keptSamples();
    },
    get sessionPlacement() {
      return hooks.placement();
    },
    async placeSessions(placement, label) {
      try {
        await hooks.placeSessions(placement, label);
      } catch (error) {
        if (error instanceof PowerShellPreludeError)
          throw new StepFailure(
            `Could not open the sessions ${placement ? `on ${placement.exchangeServer} (Exchange) and ${placement.clusterNode} (cluster)` : 'where they were connected'}: ${error.record.message}`,
            'Check that server answers (its network adapters, WinRM), then Retry.',
          );
        throw engineFailure(error, { label, runsOn: 'local', kind: 'probe', params: [], body: '' }, placement ?? hooks.placement());
      }
    },
  };
  return ctx;
}
