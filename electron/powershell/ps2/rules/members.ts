import type { Node } from 'web-tree-sitter';
import { commandElements, commandName, pipelineCommands } from '../syntax';
import { arrayMembers, ownCountProperties, singleObjectCommands } from '../tables';
import type { RuleContext, RuleGroup } from '../types';

/**
 * The commands whose output `target` is, when `target` is `(pipeline)` or `$(pipeline)` with at least
 * one command in it. A plain expression such as `($a + $b)` yields null: its type is unknown but it
 * is not a command's output, and flagging it would be noise.
 */
function commandOutput(target: Node): Node[] | null {
  let pipeline: Node | null = null;
  if (target.type === 'parenthesized_expression') {
    pipeline = target.namedChild(0);
  } else if (target.type === 'sub_expression') {
    const statements = target.childForFieldName('statements');
    if (statements?.namedChildCount === 1) pipeline = statements.namedChild(0);
  }
  if (pipeline?.type !== 'pipeline') return null;
  const commands = pipelineCommands(pipeline);
  return commands.length > 0 ? commands : null;
}

/** The last command decides what the pipeline returns; `Select-Object -First 1` and a few cmdlets return one object. */
function lastCommand(commands: readonly Node[]): { name: string; single: boolean } {
  const last = commands[commands.length - 1];
  const name = last === undefined ? '' : (commandName(last) ?? '');
  if (singleObjectCommands.has(name)) return { name, single: true };
  if (name === 'select-object' && last !== undefined) {
    const elements = commandElements(last);
    const single = elements.some(
      (e, i) => e.type === 'command_parameter' && /^-(f|fi|fir|firs|first|l|la|las|last):?$/i.test(e.text) && elements[i + 1]?.text === '1',
    );
    return { name, single };
  }
  return { name, single: false };
}

function memberText(member: Node | null): string | null {
  if (member === null) return null;
  const name = member.namedChild(0);
  return name?.type === 'simple_name' ? name.text : null;
}

function excerptOf(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Member enumeration and `.Count` on scalars are decided at run time, so this is a heuristic: it looks
 * only at property reads on `(command …)`, `$(command …)` and `@(…)`. Property reads on variables are
 * left alone (too noisy), so `$x = Get-X; $x.Name` is a known miss.
 */
export function memberAccess(node: Node, ctx: RuleContext): void {
  const target = node.namedChild(0);
  if (target === null || node.child(1)?.type === '::') return;
  const member = node.lastNamedChild;
  const name = memberText(member);
  const lower = name?.toLowerCase() ?? null;
  const shown = `${excerptOf(target)}.${member?.text ?? ''}`;

  if (target.type === 'array_expression') {
    if (lower !== null && arrayMembers.has(lower)) return;
    ctx.report(
      'member-enumeration',
      `${shown} reads a property of every item only since PowerShell 3.0 (member enumeration); on 2.0 use ... | ForEach-Object { $_.${name ?? 'Prop'} } or Select-Object -ExpandProperty.`,
      member ?? node,
    );
    return;
  }
  const commands = commandOutput(target);
  if (commands === null) return;
  const last = lastCommand(commands);
  if (lower === 'count' || lower === 'length') {
    if (ownCountProperties.get(last.name)?.includes(lower) === true) return;
    ctx.report(
      'scalar-count',
      `${shown} is wrong on 2.0 when the command returns one object or none (3.0 gave scalars and $null a ${name ?? ''}); wrap it: @(...).${name ?? ''}.`,
      member ?? node,
    );
    return;
  }
  if (last.single) return;
  ctx.report(
    'member-enumeration',
    `${shown} reads a property of every item only since PowerShell 3.0 (member enumeration); on 2.0 use ... | Select-Object -ExpandProperty ${name ?? 'Prop'} or ForEach-Object { $_.${name ?? 'Prop'} }.`,
    member ?? node,
  );
}

/** `(Get-X)[0]` fails on 2.0 when Get-X returns a single (non-string) object. */
export function elementAccess(node: Node, ctx: RuleContext): void {
  const target = node.namedChild(0);
  if (target === null || commandOutput(target) === null) return;
  ctx.report(
    'scalar-count',
    `${excerptOf(node)} indexes a scalar when the command returns one object; 3.0 allowed that, 2.0 does not; wrap it: @(...)[i].`,
    node,
  );
}

export function memberRules(): RuleGroup {
  return { rules: { member_access: [memberAccess], element_access: [elementAccess] } };
}
