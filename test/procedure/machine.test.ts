// The procedure machine without IO: every state is reachable, including failed and rolled back,
// and the guards keep the admin from skipping the acknowledgement or running with bad inputs.
import { describe, expect, it } from 'vitest';
import { createActor, type AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { STEP_IDS, type StepId } from '../../shared/steps';
import { createWizardMachine, undoableSteps, type WizardEvent } from '../../electron/procedure/machine';
import { WRITE_UP_SITE } from '../../shared/write-up-site';

const GOOD_INPUTS = { name: 'CASArray', address: '192.168.0.110', network: 'Cluster Network 1' };

function outputFor(id: StepId): unknown {
  if (id === 'connect') return WRITE_UP_SITE;
  if (id === 'preflight') return [{ id: 'versions', title: 'v', status: 'warn', evidence: '', fix: '' }];
  return { ok: true };
}

const stepFailure = { message: 'boom', advice: 'retry', powershell: null };

function events(): WizardEvent[] {
  const list: Record<string, unknown>[] = [
    { type: 'START', target: { kind: 'lab', sessionNode: null } },
    { type: 'NEXT' },
    { type: 'BACK' },
    { type: 'RETRY' },
    { type: 'SKIP' },
    { type: 'ROLLBACK_STEP' },
    { type: 'ROLLBACK_ALL' },
    { type: 'ROLLBACK_ALL', to: 'clusterRole' },
    { type: 'ABORT' },
    { type: 'RESTART' },
    { type: 'SET_INPUTS', inputs: GOOD_INPUTS },
    { type: 'ACKNOWLEDGE', notice: true, warnings: true },
  ];
  for (const id of STEP_IDS) {
    list.push({ type: `xstate.done.actor.step.${id}`, output: outputFor(id) });
    list.push({ type: `xstate.error.actor.step.${id}`, error: stepFailure });
    list.push({ type: `xstate.done.actor.rollback.${id}`, output: null });
    list.push({ type: `xstate.error.actor.rollback.${id}`, error: stepFailure });
  }
  list.push({ type: 'xstate.done.actor.rollback.all', output: null }, { type: 'xstate.error.actor.rollback.all', error: stepFailure });
  return list as unknown as WizardEvent[];
}

function leafStates(node: AnyStateNode, prefix: string[] = []): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return [prefix.join('.')];
  return children.flatMap((child) => leafStates(child, [...prefix, child.key]));
}

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, sub] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
  return `${key}.${flatten(sub)}`;
}

const machine = createWizardMachine({
  run: () => new Promise(() => undefined),
  undo: () => new Promise(() => undefined),
});

describe('procedure machine', () => {
  it('reaches every state, failed and rolled back included', () => {
    const paths = getShortestPaths(machine, {
      events: events(),
      serializeState: (s) => {
        const snap = s;
        const c = snap.context;
        return JSON.stringify([snap.value, undoableSteps(c), c.acknowledged.notice, c.inputs !== null, c.rollbackTo]);
      },
      limit: 200_000,
    });
    const reached = new Set(paths.map((p) => flatten(p.state.value)));
    const all = leafStates(machine.root).filter((s) => !s.startsWith('rollingBackAll.next'));
    const missing = all.filter((s) => !reached.has(s));
    expect(missing).toEqual([]);
    expect(all.length).toBeGreaterThan(40);
  });

  it('will not leave preflight before the field-technique notice and warnings are acknowledged', () => {
    const actor = createActor(machine).start();
    actor.send({ type: 'START', target: { kind: 'lab', sessionNode: null } });
    actor.send({ type: 'xstate.done.actor.step.connect', output: WRITE_UP_SITE } as unknown as WizardEvent);
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'xstate.done.actor.step.preflight', output: outputFor('preflight') } as unknown as WizardEvent);
    expect(actor.getSnapshot().value).toEqual({ preflight: 'done' });
    expect(actor.getSnapshot().can({ type: 'NEXT' })).toBe(false);
    actor.send({ type: 'ACKNOWLEDGE', notice: true, warnings: false });
    expect(actor.getSnapshot().can({ type: 'NEXT' })).toBe(false);
    actor.send({ type: 'ACKNOWLEDGE', notice: true, warnings: true });
    actor.send({ type: 'NEXT' });
    expect(actor.getSnapshot().value).toEqual({ accessPoint: 'review' });
  });

  it('refuses to run the client access point with an address outside the network', () => {
    const actor = createActor(machine).start();
    actor.send({ type: 'START', target: { kind: 'lab', sessionNode: null } });
    actor.send({ type: 'xstate.done.actor.step.connect', output: WRITE_UP_SITE } as unknown as WizardEvent);
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'xstate.done.actor.step.preflight', output: [] } as unknown as WizardEvent);
    actor.send({ type: 'ACKNOWLEDGE', notice: true, warnings: false });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'SET_INPUTS', inputs: { ...GOOD_INPUTS, address: '10.1.1.1' } });
    expect(actor.getSnapshot().can({ type: 'NEXT' })).toBe(false);
    actor.send({ type: 'SET_INPUTS', inputs: GOOD_INPUTS });
    expect(actor.getSnapshot().can({ type: 'NEXT' })).toBe(true);
  });

  it('rolls back everything newest first, and stops at --to', () => {
    const actor = createActor(machine).start();
    const send = (e: Record<string, unknown>) => {
      actor.send(e as unknown as WizardEvent);
    };
    send({ type: 'START', target: { kind: 'lab', sessionNode: null } });
    send({ type: 'xstate.done.actor.step.connect', output: WRITE_UP_SITE });
    for (const id of ['preflight', 'accessPoint', 'validate', 'clusterRole', 'dns', 'casArray', 'databases'] as const) {
      send({ type: 'NEXT' });
      if (id === 'accessPoint') send({ type: 'SET_INPUTS', inputs: GOOD_INPUTS });
      send({ type: 'NEXT' });
      send({ type: `xstate.done.actor.step.${id}`, output: id === 'preflight' ? [] : {} });
      if (id === 'preflight') send({ type: 'ACKNOWLEDGE', notice: true, warnings: false });
    }
    expect(actor.getSnapshot().value).toEqual({ databases: 'done' });
    expect(undoableSteps(actor.getSnapshot().context)).toEqual(['databases', 'casArray', 'clusterRole']);
    send({ type: 'ROLLBACK_ALL', to: 'clusterRole' });
    send({ type: 'xstate.done.actor.rollback.all', output: null });
    send({ type: 'xstate.done.actor.rollback.all', output: null });
    expect(actor.getSnapshot().value).toEqual({ clusterRole: 'done' });
    expect(actor.getSnapshot().context.statuses.casArray).toBe('rolledBack');
    send({ type: 'ROLLBACK_ALL' });
    send({ type: 'xstate.done.actor.rollback.all', output: null });
    expect(actor.getSnapshot().value).toBe('rolledBack');
  });
});
