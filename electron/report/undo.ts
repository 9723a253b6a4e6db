// The exact commands to undo everything still on the servers, newest change first, rendered from the
// catalogue's own rollback scripts with this run's recorded values (the same text the wizard would run).
import { stepMeta } from '../../shared/steps';
import type { JournalData } from '../procedure/journal';
import { undoableSteps } from '../procedure/machine';
import { renderScript } from '../procedure/script';
import { stepDefinition } from '../procedure/steps';
import { planContext } from '../procedure/view';
import type { MachineState } from './status';
import type { UndoStep } from './types';

export function buildUndo(journal: JournalData, state: MachineState): UndoStep[] {
  const pc = planContext(state.context, journal);
  return undoableSteps(state.context).map((id) => {
    const def = stepDefinition(id);
    let scripts: UndoStep['scripts'] = [];
    let summary = '';
    try {
      scripts = def.rollbackPlan(pc).map((call) => {
        const planned = renderScript(call.script, call.values);
        return { label: planned.label, runsOn: planned.runsOn, text: planned.text };
      });
      summary = def.undoSummary?.(pc) ?? '';
    } catch (error) {
      summary = `The undo commands could not be rendered: ${error instanceof Error ? error.message : String(error)}`;
    }
    return { stepId: id, title: stepMeta(id).title, summary, scripts };
  });
}
