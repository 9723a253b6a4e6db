// A Wizard that records what reaches it, for the shell tests (no engine, no PowerShell).
import type { ExportResult, Operation, RequestOf, ResultMap, WizardView } from '../../shared/contract';
import type { Wizard } from '../../electron/procedure/wizard';

export interface StubHost extends Wizard {
  calls: { op: Operation; request: unknown }[];
  push(change?: Partial<WizardView>): void;
  /** The next call to this operation throws this error. */
  failNext(op: Operation, error: Error): void;
}

export function stubView(revision = 1): WizardView {
  return {
    revision,
    target: null,
    started: false,
    site: null,
    current: 'connect',
    phase: 'review',
    steps: [],
    plan: [],
    transcript: [],
    activity: null,
    error: null,
    notice: { text: 'field technique', acknowledged: false },
    preflight: null,
    inputs: null,
    inputErrors: {},
    validation: null,
    clusterRole: null,
    dns: null,
    casArray: null,
    databases: null,
    clientChecks: null,
    failover: null,
    rollbackPlan: [],
    inPlace: { outcome: 'nothing', headline: '', made: [], undone: [], found: [] },
    labDelays: null,
    rollbackStepPlan: null,
    can: {
      next: false,
      back: false,
      retry: false,
      skip: false,
      rollbackStep: false,
      rollbackAll: false,
      acknowledge: true,
      setInputs: false,
      restart: false,
    },
    resume: null,
    stateDir: '/tmp/stub-state',
    day2: null,
    undoNotes: [],
    damagedJournal: null,
  };
}

export function createStubHost(): StubHost {
  let view = stubView();
  const listeners = new Set<(view: WizardView) => void>();
  const failures = new Map<Operation, Error>();
  const calls: StubHost['calls'] = [];
  return {
    calls,
    stateDir: '/tmp/stub-state',
    handle<O extends Operation>(op: O, request: RequestOf<O>): Promise<ResultMap[O]> {
      calls.push({ op, request });
      const failure = failures.get(op);
      if (failure !== undefined) {
        failures.delete(op);
        return Promise.reject(failure);
      }
      if (op === 'exportReport') {
        const result: ExportResult = {
          fileName: 'report.html',
          mimeType: 'text/html',
          base64: Buffer.from('<p>report</p>').toString('base64'),
          savedTo: null,
        };
        return Promise.resolve(result as ResultMap[O]);
      }
      view = { ...view, revision: view.revision + 1, started: op === 'start' ? true : view.started };
      return Promise.resolve(view as ResultMap[O]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    view: () => view,
    push(change = {}) {
      view = { ...view, ...change, revision: view.revision + 1 };
      for (const listener of listeners) listener(view);
    },
    failNext(op, error) {
      failures.set(op, error);
    },
    dispose: () => Promise.resolve(),
  };
}
