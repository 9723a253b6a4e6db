// A call that does not answer is reported with the session, and so the server, it went through: a server
// whose network is gone makes a call hang until the engine's timeout, as over WinRM.
import { describe, expect, it } from 'vitest';
import { buildStepContext } from '../../electron/procedure/context';
import { stubHooks } from '../helpers/context-hooks';
import { PowerShellTimeoutError, type PowerShellSession } from '../../electron/powershell';
import { pingArray, sampleCluster, sampleCopies, sampleOutage } from '../../electron/procedure/steps/failover-scripts';
import { z } from 'zod';

function contextTimingOut() {
  const session = {
    invoke: (call: { label: string; timeoutMs: number }) => Promise.reject(new PowerShellTimeoutError(call.label, call.timeoutMs)),
  } as unknown as PowerShellSession;
  const hooks = stubHooks(session, {
    placement: () => ({ exchangeServer: 'EX01.rogertech.local', clusterNode: 'EX02.rogertech.local' }),
  });
  return buildStepContext({ site: null, inputs: null, target: { kind: 'real', sessionNode: 'EX02' }, before: {} }, hooks);
}

describe('a call that does not answer', () => {
  it('names the session and server it went through', async () => {
    const ctx = contextTimingOut();
    await expect(ctx.run(sampleCopies, {}, z.unknown())).rejects.toThrow(
      /did not answer within 60 seconds, through the Exchange session on EX01\.rogertech\.local: that server may not be answering/,
    );
    await expect(ctx.run(sampleCluster, { Name: 'CASArray' }, z.unknown())).rejects.toThrow(
      /through the cluster session on EX02\.rogertech\.local/,
    );
    // The failover test's one-tick sample goes through both; a workstation-only script through neither.
    await expect(ctx.run(sampleOutage, { Name: 'CASArray', Subject: 'exha test', MailServer: 'EX02' }, z.unknown())).rejects.toThrow(
      /through the Exchange session on EX01\.rogertech\.local or the cluster session on EX02\.rogertech\.local/,
    );
    await expect(ctx.run(pingArray, { Address: '192.168.0.110' }, z.unknown())).rejects.toThrow(/did not answer within 60 seconds\.$/);
  });
});
