// A journal written mid-undo by a version whose undo actor was called `rollbackStep` (the name the persisted
// snapshot keeps for each running invoke) still resumes: the undo starts again, and the machine moves on when it ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { MachineActor } from '../../electron/procedure/machine-actor';
import {
  createWizardMachine,
  initialContext,
  wizardMachine,
  type StepActions,
  type StepActorInput,
  type WizardSnapshot,
} from '../../electron/procedure/machine';
import { RunRecorder } from '../../electron/procedure/recorder';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Steps whose undo is held until the test lets it finish; `undone` resolves with the input of the first call. */
function heldSteps() {
  let release: () => void = () => undefined;
  let called: (input: StepActorInput) => void = () => undefined;
  const undone = new Promise<StepActorInput>((resolve) => {
    called = resolve;
  });
  const steps: StepActions = {
    run: () => new Promise(() => undefined),
    undo: (input) => {
      called(input);
      return new Promise((resolve) => {
        release = () => {
          resolve(null);
        };
      });
    },
  };
  return {
    steps,
    undone,
    release: () => {
      release();
    },
  };
}

/** The persisted snapshot of a run rolling back its cluster role, as an older version wrote it. */
function oldJournalSnapshot(): WizardSnapshot {
  const context = initialContext();
  context.target = { kind: 'lab', sessionNode: null };
  context.statuses = {
    ...context.statuses,
    connect: 'done',
    preflight: 'done',
    accessPoint: 'done',
    validate: 'done',
    clusterRole: 'done',
  };
  const done = wizardMachine.resolveState({ value: { clusterRole: 'done' }, context });
  const actor = createActor(createWizardMachine(heldSteps().steps), { snapshot: done }).start();
  actor.send({ type: 'ROLLBACK_STEP' });
  // As journal.json holds it: plain JSON.
  const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as { children: Record<string, { src: string }> };
  actor.stop();
  const child = persisted.children['rollback.clusterRole'];
  expect(child?.src).toBe('undoStep');
  if (child) child.src = 'rollbackStep';
  return persisted as unknown as WizardSnapshot;
}

function recorder(): RunRecorder {
  const dir = mkdtempSync(join(tmpdir(), 'exha-old-journal-'));
  dirs.push(dir);
  return RunRecorder.create(dir, { kind: 'lab', sessionNode: null });
}

describe('a journal from an older version', () => {
  it('resumes an undo that was running: the undo starts again and the step ends rolled back', async () => {
    const held = heldSteps();
    let reviewed: () => void = () => undefined;
    const backToReview = new Promise<void>((resolve) => {
      reviewed = resolve;
    });
    // The machine announces every change; the test waits for the one that lands back on the step's review.
    const changes = {
      emit: () => {
        if (JSON.stringify(machine.snapshot()?.value) === '{"clusterRole":"review"}') reviewed();
      },
    };
    const machine: MachineActor = new MachineActor({ recorder: recorder(), steps: held.steps, changes });
    machine.start(oldJournalSnapshot());
    expect((await held.undone).stepId).toBe('clusterRole');
    held.release();
    await backToReview;
    expect(machine.snapshot()?.context.statuses.clusterRole).toBe('rolledBack');
    machine.stop();
  });

  it('would come back with no undo running if its actor name were not brought up to date', () => {
    let undos = 0;
    const steps: StepActions = {
      run: () => new Promise(() => undefined),
      undo: () => {
        undos += 1;
        return new Promise(() => undefined);
      },
    };
    const actor = createActor(createWizardMachine(steps), { snapshot: oldJournalSnapshot() }).start();
    expect(actor.getSnapshot().value).toEqual({ clusterRole: 'rollingBack' });
    expect(undos).toBe(0);
    actor.stop();
  });
});
