// A session lost under a step is named: the Exchange endpoint or the cluster node, each with the server it is on, never "the servers"; the broken session is restarted so Retry works on a fresh one.
import { describe, expect, it } from 'vitest';
import type { PowerShellSession } from '../../electron/powershell';
import type { RunsOn } from '../../electron/powershell/script';
import { buildStepContext } from '../../electron/procedure/context';
import { stubHooks } from '../helpers/context-hooks';
import { StepFailure } from '../../electron/procedure/step';
import { z } from 'zod';

/** A session whose remote end went away: every call answers with PowerShell's broken-session error. */
function brokenSession(): { session: PowerShellSession; restarts: () => number } {
  let restarts = 0;
  const session = {
    invoke: () =>
      Promise.resolve({
        ok: false,
        error: {
          message: 'The session state is Broken.',
          fullyQualifiedErrorId: 'InvalidSessionState,Microsoft.PowerShell.Commands.InvokeCommandCommand',
          category: 'InvalidOperation',
          targetObject: null,
          exceptionType: 'System.Management.Automation.RuntimeException',
        },
        warnings: [],
        information: [],
        startedAt: '',
        endedAt: '',
        durationMs: 0,
      }),
    restart: () => {
      restarts += 1;
      return Promise.resolve();
    },
  } as unknown as PowerShellSession;
  return { session, restarts: () => restarts };
}

async function lostUnder(runsOn: RunsOn, sessionNode: string | null): Promise<{ error: StepFailure; restarts: number }> {
  const { session, restarts } = brokenSession();
  const hooks = stubHooks(session, {
    outageWatchSeconds: 1,
    placement: () => ({ exchangeServer: 'EX01', clusterNode: sessionNode ?? 'EX01' }),
  });
  const ctx = buildStepContext({ site: null, inputs: null, target: { kind: 'lab', sessionNode }, before: {} }, hooks);
  const error = await ctx
    .run({ label: 'Read the cluster groups', runsOn, kind: 'probe', body: 'Get-ClusterGroup', params: [] } as never, {}, z.unknown())
    .then(
      () => null,
      (e: unknown) => e,
    );
  if (!(error instanceof StepFailure)) throw new Error(`expected a StepFailure, got ${String(error)}`);
  return { error, restarts: restarts() };
}

describe('a session lost under a step', () => {
  it('names the Exchange endpoint, or the cluster node by name, and restarts the session', async () => {
    const exchange = await lostUnder('exchange', 'EX02');
    expect(exchange.error.message).toBe(
      'The connection to the Exchange endpoint on EX01 (the remote Exchange PowerShell session) was lost while running "Read the cluster groups".',
    );
    expect(exchange.restarts).toBe(1);
    const cluster = await lostUnder('cluster', 'EX02');
    expect(cluster.error.message).toMatch(/^The connection to the cluster node EX02 \(its PowerShell session, FailoverClusters\) was lost/);
    expect(cluster.error.advice).toMatch(/connects again on Retry/);
  });
});
