// A script for the engine: fixed text plus named parameters. The text never contains user data: values
// travel as parameters (the engine binds them) or, in the copyable plan, as literals from toPsLiteral.
// The step catalogue, the targets' preludes, day-2 commands and the report's .ps1 all write their PowerShell with `ps`.
import { toPsLiteral, type PsValue } from './quote';

export type RunsOn = 'exchange' | 'cluster' | 'local';
export type ScriptKind = 'probe' | 'apply' | 'verify' | 'rollback';

/** Copyable text with the values filled in as literals (shared/contract's PlannedScript has this shape). */
export interface RenderedScript {
  label: string;
  runsOn: RunsOn;
  kind: ScriptKind;
  text: string;
}

export interface StepScript {
  readonly label: string;
  /** 'exchange' runs through Exchange remote PowerShell; 'cluster' inside a session on a cluster node;
   *  'local' on the workstation (the target's adapter functions: DNS, reachability, AD). */
  readonly runsOn: RunsOn;
  readonly kind: ScriptKind;
  /** Parameter names in the order of the body's param() block (cluster scripts get them positionally). */
  readonly params: readonly string[];
  /** PowerShell 2.0-compatible text starting with its param() block on a line of its own. */
  readonly body: string;
  readonly timeoutSeconds?: number;
}

export type ScriptValues = Record<string, PsValue>;

/** Tagged template for script bodies: refuses interpolation so no value can be pasted into script text. */
export function ps(strings: TemplateStringsArray, ...values: never[]): string {
  if (values.length > 0) throw new Error('script text takes no interpolated values; pass them as parameters');
  const lines = (strings.raw[0] ?? '').replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines
    .map((l) => l.slice(indent))
    .join('\n')
    .replace(/\\`/g, '`');
}

export function checkValues(script: StepScript, values: ScriptValues): void {
  const given = Object.keys(values).sort();
  const wanted = [...script.params].sort();
  if (given.join(',') !== wanted.join(',')) {
    throw new Error(`${script.label}: parameters [${given.join(', ')}] do not match the script's [${wanted.join(', ')}]`);
  }
}

/** The text the engine runs: cluster scripts are carried to a cluster node by the target's Invoke-ExhaCluster. */
export function invocationText(script: StepScript): string {
  if (script.runsOn !== 'cluster') return script.body;
  const names = script.params.map((p) => `$${p}`);
  return [`param(${names.join(', ')})`, `Invoke-ExhaCluster -ScriptBlock {`, script.body, `} -ArgumentList @(${names.join(', ')})`].join(
    '\n',
  );
}

const WHERE: Record<RunsOn, string> = {
  exchange: 'Exchange Management Shell (remote PowerShell to an Exchange server)',
  cluster: 'a PowerShell session on a cluster node, after Import-Module FailoverClusters',
  local: 'the workstation running the wizard',
};

/** Copyable text an admin could paste: the script block invoked with the values as literals. */
export function renderScript(script: StepScript, values: ScriptValues): RenderedScript {
  const args = script.params.map((p) => `-${p} ${toPsLiteral(values[p] ?? null)}`).join(' ');
  const text = [`# ${script.label}`, `# Runs in: ${WHERE[script.runsOn]}`, '& {', script.body, `}${args ? ' ' + args : ''}`].join('\n');
  return { label: script.label, runsOn: script.runsOn, kind: script.kind, text };
}
