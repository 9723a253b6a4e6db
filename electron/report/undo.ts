// The exact commands to undo what this run left on the servers, newest change first, rendered from the
// catalogue's own rollback scripts with this run's recorded values (the same text the wizard would run).
// Only steps with an effect still in place are listed: a failover test that put everything back, or a
// step already rolled back, has nothing to undo.
import { stepMeta, type StepId } from '../../shared/steps';
import type { JournalData } from '../procedure/journal';
import { inPlaceOf } from '../procedure/in-place';
import { undoableSteps } from '../procedure/machine';
import { renderScript, type ScriptValues, type StepScript } from '../powershell/script';
import { stepDefinition } from '../procedure/steps';
import { planContext } from '../procedure/view';
import { toPsLiteral } from '../powershell/quote';
import { ps } from '../powershell/script';
import { adaptersIfMissing } from '../targets/adapters';
import type { MachineState } from './status';
import type { ReportUndoScript, UndoStep } from './types';

/** Steps whose changes are still on the servers, newest first: the ones Roll back everything would undo. */
function stepsToUndo(journal: JournalData, state: MachineState): StepId[] {
  const inPlace = inPlaceOf(state.context, journal.before);
  return undoableSteps(state.context).filter((id) => inPlace.made.some((e) => e.stepId === id));
}

interface Rendered {
  step: UndoStep;
  calls: { script: StepScript; values: ScriptValues }[];
}

function renderSteps(journal: JournalData, state: MachineState): Rendered[] {
  const pc = planContext(state.context, journal);
  return stepsToUndo(journal, state).map((id) => {
    const def = stepDefinition(id);
    let calls: Rendered['calls'] = [];
    let summary = '';
    try {
      calls = def.rollbackPlan(pc);
      summary = def.undoSummary?.(pc) ?? '';
    } catch (error) {
      summary = `The undo commands could not be rendered: ${error instanceof Error ? error.message : String(error)}`;
    }
    const scripts = calls.map((call) => {
      const planned = renderScript(call.script, call.values);
      return { label: planned.label, runsOn: planned.runsOn, text: planned.text };
    });
    return { step: { stepId: id, title: stepMeta(id).title, summary, scripts }, calls };
  });
}

export function buildUndo(journal: JournalData, state: MachineState): UndoStep[] {
  return renderSteps(journal, state).map((r) => r.step);
}

// Cluster blocks run in this session when the shell is on a cluster node; the wizard's own session (and
// the lab) already define Invoke-ExhaCluster and keep theirs.
const CLUSTER_ADAPTER = ps`
    if (-not (Get-Command Invoke-ExhaCluster -ErrorAction SilentlyContinue)) {
        Import-Module FailoverClusters
        function Invoke-ExhaCluster {
            param([Parameter(Mandatory = $true)][scriptblock]$ScriptBlock, [object[]]$ArgumentList = @())
            & $ScriptBlock @ArgumentList
        }
    }
`;

function invocation(script: StepScript, values: ScriptValues): string {
  const literals = script.params.map((p) => toPsLiteral(values[p] ?? null));
  if (script.runsOn === 'cluster')
    return `Invoke-ExhaCluster -ScriptBlock {\n${script.body}\n} -ArgumentList @(${literals.join(', ')}) | Out-Null`;
  const args = script.params.map((p, i) => `-${p} ${literals[i] ?? '$null'}`).join(' ');
  return `& {\n${script.body}\n}${args ? ` ${args}` : ''} | Out-Null`;
}

/** The whole undo as one script, helpers included, so it runs as it stands in the Exchange Management Shell. */
export function buildUndoScript(journal: JournalData, state: MachineState): ReportUndoScript | null {
  const rendered = renderSteps(journal, state);
  if (rendered.length === 0) return null;
  const blocks = rendered.map((r, i) =>
    [
      `# ${String(i + 1)}. ${r.step.title}: ${r.step.summary}`,
      `Write-Host ${toPsLiteral(`Undo ${String(i + 1)} of ${String(rendered.length)}: ${r.step.title}`)}`,
      ...r.calls.map((c) => invocation(c.script, c.values)),
    ].join('\n'),
  );
  const text = [
    '# Undo of an Exchange HA Wizard run: newest change first, with the values recorded before each change.',
    '# Run it in the Exchange Management Shell on a DAG member (PowerShell 2.0 or later) as an Exchange and cluster admin.',
    '# Every block checks before it acts: a second run finds nothing left to undo and changes nothing.',
    "$ErrorActionPreference = 'Stop'",
    CLUSTER_ADAPTER,
    adaptersIfMissing(['Get-ExhaComputerObject', 'Remove-ExhaDnsRecord', 'Remove-ExhaComputerObject']),
    '',
    ...blocks,
    "Write-Host 'Undo finished.'",
    '',
  ].join('\n');
  return {
    note: 'The same undo as one script, with the helper functions it calls (Get-ExhaComputerObject, Remove-ExhaDnsRecord, Remove-ExhaComputerObject) defined in it. It checks before each change, so running it a second time changes nothing and reports no error.',
    text,
  };
}
