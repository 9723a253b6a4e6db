import type { Node } from 'web-tree-sitter';
import { commandElements, commandName, parameterName } from '../syntax';
import { explicitModules, newCommands, newCommonParameters, newParameters, ps2ScriptBlockParameters } from '../tables';
import type { NewParameter } from '../tables';
import type { RuleContext, RuleGroup } from '../types';

export function newCmdlet(command: Node, name: string, ctx: RuleContext): void {
  const known = newCommands.get(name);
  if (known === undefined) return;
  const at = command.childForFieldName('command_name') ?? command;
  ctx.report('new-cmdlet', `${at.text} comes with ${known.since}; on 2.0 ${known.instead}.`, at);
}

function matchParameter(given: string, candidates: readonly NewParameter[]): NewParameter | undefined {
  // Full names and aliases only: prefixes would collide with 2.0 aliases (Add-Member -Type is -MemberType).
  return candidates.find((p) => p.names.includes(given));
}

export function newParameter(command: Node, name: string, elements: readonly Node[], ctx: RuleContext): void {
  const specific = newParameters.get(name) ?? [];
  // Common parameters exist only on cmdlets and advanced functions; native tools take their own switches.
  const common = /^[a-z]+-[a-z]/.test(name) ? newCommonParameters : [];
  if (specific.length === 0 && common.length === 0) return;
  for (const element of elements) {
    if (element.type !== 'command_parameter') continue;
    const given = parameterName(element);
    const hit = matchParameter(given, specific) ?? matchParameter(given, common);
    if (hit === undefined) continue;
    const commandText = command.childForFieldName('command_name')?.text ?? name;
    ctx.report('new-parameter', `${commandText} ${element.text} comes with ${hit.since}; on 2.0 ${hit.instead}.`, element);
  }
}

const scriptBlockLike = new Set(['script_block_expression', 'variable', 'parenthesized_expression', 'sub_expression']);

/**
 * 2.0 Where-Object/ForEach-Object take only script blocks. A variable or (expression) may hold one, so
 * those pass; a bareword, string or number as the first argument, or a 3.0 parameter such as
 * -Property/-EQ/-MemberName, is the simplified syntax.
 */
export function simplifiedSyntax(command: Node, name: string, elements: readonly Node[], ctx: RuleContext): void {
  const allowed = ps2ScriptBlockParameters.get(name);
  if (allowed === undefined) return;
  const commandText = command.childForFieldName('command_name')?.text ?? name;
  const instead =
    name === 'where-object' ? 'use a script block: Where-Object { $_.Name -eq $x }' : 'use a script block: ForEach-Object { $_.Name }';
  const first = elements[0];
  if (first !== undefined && first.type !== 'command_parameter' && !scriptBlockLike.has(first.type)) {
    ctx.report('simplified-syntax', `${commandText} ${first.text} is the PowerShell 3.0 simplified syntax; ${instead}.`, first);
    return;
  }
  for (const element of elements) {
    if (element.type !== 'command_parameter') continue;
    const given = parameterName(element);
    if (given === 'parallel') {
      ctx.report(
        'foreach-parallel',
        `${commandText} -Parallel comes with PowerShell 7.0; on 2.0 run the items one after another, or use Start-Job.`,
        element,
      );
      return;
    }
    if (!allowed.some((a) => a.startsWith(given))) {
      ctx.report('simplified-syntax', `${commandText} ${element.text} is the PowerShell 3.0 simplified syntax; ${instead}.`, element);
      return;
    }
  }
}

/** `using namespace|module|assembly` parses as a command named `using` in this grammar. */
export function usingStatement(command: Node, name: string, elements: readonly Node[], ctx: RuleContext): void {
  if (name !== 'using') return;
  const kind = elements[0]?.text.toLowerCase();
  if (kind !== 'namespace' && kind !== 'module' && kind !== 'assembly') return;
  ctx.report(
    'using-statement',
    `using ${kind} comes with PowerShell 5.0; on 2.0 use full type names, Import-Module or Add-Type -AssemblyName.`,
    command,
  );
}

/** Collects every command; module checks need the whole script before they can report. */
export function commandRules(): RuleGroup {
  const imported = new Set<string>();
  const firstUse = new Map<string, Node>();
  return {
    rules: {
      command: [
        (command, ctx) => {
          const name = commandName(command);
          if (name === null) return;
          const elements = commandElements(command);
          newCmdlet(command, name, ctx);
          newParameter(command, name, elements, ctx);
          simplifiedSyntax(command, name, elements, ctx);
          usingStatement(command, name, elements, ctx);
          if (name === 'import-module' || name === 'add-pssnapin') {
            for (const e of elements) imported.add(e.text.replace(/['"]/g, '').toLowerCase());
          }
          for (const m of explicitModules) {
            if (m.matches(name) && !firstUse.has(m.module)) firstUse.set(m.module, command);
          }
        },
      ],
    },
    finish(ctx) {
      for (const m of explicitModules) {
        const use = firstUse.get(m.module);
        if (use === undefined || imported.has(m.module)) continue;
        const text = use.childForFieldName('command_name')?.text ?? m.module;
        ctx.report('module-autoload', `${text} needs its module loaded: 2.0 has no module auto-loading; ${m.instead}.`, use);
      }
    },
  };
}
