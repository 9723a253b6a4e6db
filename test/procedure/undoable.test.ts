// Roll back everything lists and runs only what is still in place: a failover test that put the owners
// back has nothing to undo; one that did not (or failed) does.
import { describe, expect, it } from 'vitest';
import { initialContext, undoableSteps, wizardMachine, type WizardContext } from '../../electron/procedure/machine';

function afterFailover(status: 'done' | 'failed', restored: boolean): WizardContext {
  const ctx = initialContext();
  ctx.statuses = { ...ctx.statuses, clusterRole: 'done', casArray: 'done', databases: 'done', failover: status };
  ctx.outputs = { failover: { originalOwner: 'EX01', otherNode: 'EX02', planned: [], outage: null, restored } };
  return ctx;
}

describe('what Roll back everything undoes', () => {
  it('leaves out a failover test that put everything back', () => {
    expect(undoableSteps(afterFailover('done', true))).toEqual(['databases', 'casArray', 'clusterRole']);
  });
  it('keeps a failover test that did not put everything back, or failed', () => {
    expect(undoableSteps(afterFailover('done', false))[0]).toBe('failover');
    expect(undoableSteps(afterFailover('failed', true))[0]).toBe('failover');
  });
});

describe('Roll back this step on a finished failover test', () => {
  const offered = (ctx: WizardContext) =>
    wizardMachine.resolveState({ value: { failover: 'done' }, context: ctx }).can({ type: 'ROLLBACK_STEP' });
  it('is not offered when the test put everything back', () => {
    expect(offered(afterFailover('done', true))).toBe(false);
  });
  it('is offered when it did not', () => {
    expect(offered(afterFailover('done', false))).toBe(true);
  });
});
