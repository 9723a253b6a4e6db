import type { Node } from 'web-tree-sitter';
import { unwrap } from '../syntax';
import type { RuleContext, RuleGroup } from '../types';

export function typeLiteral(node: Node, ctx: RuleContext): void {
  const spec = node.namedChild(0)?.text.toLowerCase() ?? '';
  const castOperand = node.parent?.type === 'cast_expression' ? node.nextNamedSibling : null;
  const castsHashtable = castOperand !== null && unwrap(castOperand).type === 'hash_literal_expression';
  if (spec === 'ordered') {
    ctx.report(
      'ordered-hashtable',
      '[ordered] comes with PowerShell 3.0; on 2.0 use New-Object System.Collections.Specialized.OrderedDictionary and .Add(key, value), or a plain @{} when order does not matter.',
      node,
    );
  } else if (spec === 'pscustomobject' || (castsHashtable && spec.endsWith('.pscustomobject'))) {
    const message = castsHashtable
      ? '[pscustomobject]@{...} comes with PowerShell 3.0; on 2.0 use New-Object PSObject -Property $ht (property order is not kept; add Select-Object Name, Value to fix it).'
      : 'the [pscustomobject] type accelerator comes with PowerShell 3.0; on 2.0 use [psobject] or New-Object PSObject -Property $ht.';
    ctx.report('pscustomobject', message, node);
  }
}

export function comparisonOperator(node: Node, ctx: RuleContext): void {
  const op = node.text.toLowerCase();
  if (op === '-in' || op === '-notin') {
    const instead =
      op === '-in'
        ? '-contains with the operands swapped ($list -contains $x)'
        : '-notcontains with the operands swapped ($list -notcontains $x)';
    ctx.report('in-operator', `${node.text} comes with PowerShell 3.0; on 2.0 use ${instead}.`, node);
  } else if (op === '-shl' || op === '-shr') {
    ctx.report(
      'shift-operator',
      `${node.text} comes with PowerShell 3.0; on 2.0 multiply or divide by a power of two ([math]::Pow(2, $n)).`,
      node,
    );
  }
}

const newVariables = new Map<string, { rule: string; message: string }>([
  ['psitem', { rule: 'psitem', message: '$PSItem comes with PowerShell 3.0; on 2.0 use $_.' }],
  [
    'psscriptroot',
    {
      rule: 'psscriptroot',
      message:
        '$PSScriptRoot is set only in modules on 2.0 (scripts since 3.0); in a .ps1 use Split-Path -Parent $MyInvocation.MyCommand.Definition.',
    },
  ],
  [
    'psdefaultparametervalues',
    {
      rule: 'psdefaultparametervalues',
      message: '$PSDefaultParameterValues comes with PowerShell 3.0 (2.0 ignores it); pass the parameters explicitly or splat a hashtable.',
    },
  ],
  [
    'pscommandpath',
    { rule: 'automatic-variable', message: '$PSCommandPath comes with PowerShell 3.0; on 2.0 use $MyInvocation.MyCommand.Definition.' },
  ],
  [
    'psedition',
    { rule: 'automatic-variable', message: '$PSEdition comes with PowerShell 5.1; on 2.0 it is $null (2.0 is always Desktop).' },
  ],
  [
    'iswindows',
    { rule: 'automatic-variable', message: '$IsWindows comes with PowerShell 6; on 2.0 it is $null (2.0 runs only on Windows).' },
  ],
  ['islinux', { rule: 'automatic-variable', message: '$IsLinux comes with PowerShell 6; on 2.0 it is $null.' }],
  ['ismacos', { rule: 'automatic-variable', message: '$IsMacOS comes with PowerShell 6; on 2.0 it is $null.' }],
  ['iscoreclr', { rule: 'automatic-variable', message: '$IsCoreCLR comes with PowerShell 6; on 2.0 it is $null.' }],
]);

export function variable(node: Node, ctx: RuleContext): void {
  // `$x`, `@x` (splat), `${x}`, `$scope:x`: compare only the bare name and scope.
  const bare = node.text
    .replace(/^[$@]/, '')
    .replace(/^\{(.*)\}$/s, '$1')
    .toLowerCase();
  const colon = bare.indexOf(':');
  const scope = colon > 0 ? bare.slice(0, colon) : '';
  const name = colon > 0 ? bare.slice(colon + 1) : bare;
  if (scope === 'using') {
    ctx.report(
      'using-scope',
      `$using:${name} comes with PowerShell 3.0; on 2.0 add param($${name}) to the script block and pass it with -ArgumentList.`,
      node,
    );
    return;
  }
  if (scope !== '' && scope !== 'global' && scope !== 'script' && scope !== 'local' && scope !== 'private') return;
  const known = newVariables.get(name);
  if (known !== undefined) ctx.report(known.rule, known.message, node);
}

export function invocation(node: Node, ctx: RuleContext): void {
  const target = node.namedChild(0);
  const member = node.namedChildren.find((c) => c.type === 'member_name') ?? null;
  if (target === null || member === null) return;
  const isStatic = node.children.some((c) => c.type === '::');
  const name = member.namedChild(0);
  if (name?.type === 'variable') {
    ctx.report(
      'dynamic-method',
      `${member.text}() as a method name comes with PowerShell 4.0; on 2.0 use $obj.PSObject.Methods[$name].Invoke(...) or a switch on the name.`,
      member,
    );
    return;
  }
  const method = name?.type === 'simple_name' ? name.text.toLowerCase() : '';
  if (isStatic && method === 'new') {
    ctx.report(
      'static-new',
      `${target.text}::new() comes with PowerShell 5.0; on 2.0 use New-Object ${target.text.replace(/^\[|\]$/g, '')} -ArgumentList ...`,
      member,
    );
  } else if (!isStatic && (method === 'where' || method === 'foreach')) {
    const pipe = method === 'where' ? 'Where-Object { ... }' : 'ForEach-Object { ... }';
    ctx.report('where-foreach-method', `.${name?.text ?? method}() comes with PowerShell 4.0; on 2.0 pipe into ${pipe}.`, member);
  }
}

export function foreachMethodBlock(node: Node, ctx: RuleContext): void {
  ctx.report(
    'where-foreach-method',
    '.ForEach{ } comes with PowerShell 4.0; on 2.0 pipe into ForEach-Object { ... }.',
    node.namedChild(0) ?? node,
  );
}

export function classOrEnum(node: Node, ctx: RuleContext): void {
  const kind = node.type === 'class_statement' ? 'class' : 'enum';
  const instead =
    kind === 'class'
      ? 'use New-Object PSObject with Add-Member, or Add-Type with C# source'
      : 'use constants, a hashtable, or Add-Type with a C# enum';
  ctx.report('class-enum', `${kind} definitions come with PowerShell 5.0; on 2.0 ${instead}.`, node);
}

export function pipelineChain(node: Node, ctx: RuleContext): void {
  ctx.report(
    'pipeline-chain',
    `${node.text} pipeline chains come with PowerShell 7.0; on 2.0 use if ($?) { ... } or try/catch with -ErrorAction Stop.`,
    node,
  );
}

export function stopParsing(node: Node, ctx: RuleContext): void {
  ctx.report(
    'stop-parsing',
    '--% (stop parsing) comes with PowerShell 3.0; on 2.0 quote the native arguments, e.g. cmd.exe /c "..." or an argument array.',
    node,
  );
}

/** 2.0 knows only the output (1) and error (2) streams: >, >>, 2>, 2>> and 2>&1. */
const ps2Redirections = new Set(['>', '>>', '2>', '2>>', '2>&1']);

export function redirection(node: Node, ctx: RuleContext): void {
  const op = node.text;
  if (ps2Redirections.has(op)) return;
  const message =
    op === '<'
      ? '< input redirection does not exist in any Windows PowerShell; pipe the content in: Get-Content $f | ...'
      : `${op} redirects a stream that 2.0 cannot redirect (streams 3-6 and * came with PowerShell 3.0); on 2.0 use > / 2> / 2>&1, or -WarningAction/-Verbose preferences.`;
  ctx.report('stream-redirection', message, node);
}

/**
 * `[Parameter(Mandatory)]` (boolean argument without `= $true`) and `PositionalBinding` came with 3.0;
 * 2.0 rejects the whole script block.
 */
export function attribute(node: Node, ctx: RuleContext): void {
  const args = node.namedChildren.find((c) => c.type === 'attribute_arguments');
  if (args === undefined) return;
  const attributeName = node.namedChildren.find((c) => c.type === 'attribute_name')?.text ?? '';
  for (const arg of args.namedChildren) {
    if (arg.type !== 'attribute_argument') continue;
    const first = arg.namedChild(0);
    if (first?.type !== 'simple_name') continue;
    if (first.text.toLowerCase() === 'positionalbinding') {
      ctx.report(
        'attribute-argument',
        `[${attributeName}(PositionalBinding=...)] comes with PowerShell 3.0; on 2.0 drop it and give parameters an explicit Position.`,
        first,
      );
    } else if (arg.namedChildCount === 1) {
      ctx.report(
        'attribute-argument',
        `[${attributeName}(${first.text})] without = $true comes with PowerShell 3.0; on 2.0 write ${first.text} = $true.`,
        first,
      );
    }
  }
}

export function languageRules(): RuleGroup {
  return {
    rules: {
      type_literal: [typeLiteral],
      comparison_operator: [comparisonOperator],
      variable: [variable],
      invokation_expression: [invocation],
      invokation_foreach_expression: [foreachMethodBlock],
      class_statement: [classOrEnum],
      enum_statement: [classOrEnum],
      pipeline_chain_tail: [pipelineChain],
      stop_parsing: [stopParsing],
      verbatim_command_argument: [stopParsing],
      file_redirection_operator: [redirection],
      merging_redirection_operator: [redirection],
      attribute: [attribute],
    },
  };
}
