import type { Node } from 'web-tree-sitter';
import { commandAliases } from './tables';

// The grammar wraps every expression in a chain of one-child precedence nodes
// (logical_expression → … → unary_expression); rules look through them.
const wrappers = new Set([
  'logical_expression',
  'bitwise_expression',
  'comparison_expression',
  'additive_expression',
  'multiplicative_expression',
  'format_expression',
  'range_expression',
  'array_literal_expression',
  'unary_expression',
  'argument_expression',
  'logical_argument_expression',
  'bitwise_argument_expression',
  'comparison_argument_expression',
  'additive_argument_expression',
  'multiplicative_argument_expression',
  'format_argument_expression',
  'range_argument_expression',
  'pipeline_chain',
  'pipeline',
]);

export function unwrap(node: Node): Node {
  let current = node;
  while (wrappers.has(current.type) && current.namedChildCount === 1) {
    const only = current.namedChild(0);
    if (only === null) break;
    current = only;
  }
  return current;
}

/** Lower-cased command name with aliases resolved, or null when the name is computed (`& $cmd`). */
export function commandName(command: Node): string | null {
  const name = command.childForFieldName('command_name');
  if (name === null) return null;
  const inner = name.type === 'command_name_expr' ? name.namedChild(0) : name;
  if (inner?.type !== 'command_name' && inner?.type !== 'path_command_name') return null;
  const text = inner.text.toLowerCase();
  return commandAliases.get(text) ?? text;
}

/** The arguments and parameters of a command, without the separator tokens. */
export function commandElements(command: Node): Node[] {
  const elements = command.childForFieldName('command_elements');
  if (elements === null) return [];
  const out: Node[] = [];
  for (const child of elements.namedChildren) {
    if (child.type !== 'command_argument_sep') out.push(unwrap(child));
  }
  return out;
}

/** `-Name:` → `name`. */
export function parameterName(parameter: Node): string {
  return parameter.text.replace(/^-+/, '').replace(/:$/, '').toLowerCase();
}

/** The commands of the pipeline a parenthesized/sub-expression holds, or [] when it is a plain expression. */
export function pipelineCommands(pipeline: Node): Node[] {
  const out: Node[] = [];
  for (const chain of pipeline.namedChildren) {
    if (chain.type !== 'pipeline_chain') continue;
    for (const part of chain.namedChildren) {
      if (part.type === 'command') out.push(part);
    }
  }
  return out;
}
