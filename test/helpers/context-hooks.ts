// Step-context hooks that do nothing, around one stand-in PowerShell session: for tests of how a step's call
// is reported (a timeout, a lost session) without a run behind it.
import type { PowerShellSession } from '../../electron/powershell';
import type { ContextHooks } from '../../electron/procedure/context';

export function stubHooks(session: PowerShellSession, overrides: Partial<ContextHooks> = {}): ContextHooks {
  return {
    session: () => Promise.resolve(session),
    before: () => ({}),
    saveBefore: () => undefined,
    setActivity: () => undefined,
    commandStarted: () => undefined,
    sample: () => undefined,
    sleep: () => Promise.resolve(),
    now: () => 0,
    outageWatchSeconds: 60,
    retryConsented: false,
    keptSamples: () => [],
    placement: () => ({ exchangeServer: 'EX01', clusterNode: 'EX01' }),
    placeSessions: () => Promise.resolve(),
    ...overrides,
  };
}
