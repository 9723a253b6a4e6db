import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { commandRules } from './rules/commands';
import { languageRules } from './rules/language';
import { memberRules } from './rules/members';
import { scanErrorLine } from './rules/tokens';
import { maskSource } from './mask';
import type { NodeRule, Position, Ps2Checker, Ps2Finding, RuleContext, RuleGroup } from './types';

export type { Ps2Checker, Ps2Finding } from './types';

let languageLoad: Promise<Language> | undefined;

function loadLanguage(): Promise<Language> {
  languageLoad ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    return Language.load(wasm);
  })().catch((error: unknown) => {
    // A failed load must not poison every later call in a long-running process.
    languageLoad = undefined;
    throw error;
  });
  return languageLoad;
}

/**
 * Loads the PowerShell grammar once and returns a synchronous checker that lists every construct a
 * PowerShell 2.0 host (Windows Server 2008 R2, the Exchange 2010 EMS) would reject or run differently.
 * A finding on a line that carries a `# ps2-ok` comment is dropped (never a parse error): the escape
 * hatch for the heuristic rules when the author knows a command returns exactly one object.
 */
export async function loadPs2Checker(): Promise<Ps2Checker> {
  const language = await loadLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return (script) => check(parser, script);
}

const groupFactories: readonly (() => RuleGroup)[] = [commandRules, languageRules, memberRules];

interface PendingHit {
  rule: string;
  message: string;
  row: number;
  column: number;
}

/** Enough for a script with a few kinds of post-2.0 syntax; each pass only adds patches. */
const maxParsePasses = 4;

function check(parser: Parser, script: string): Ps2Finding[] {
  const lines = script.split('\n');
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }

  // Parse, name the unparseable post-2.0 syntax on the error lines, patch it out (same length, so
  // positions hold) and parse again: otherwise one `??` can hide the rest of the file from the rules.
  let masked: string | undefined;
  let source = script;
  const hits: PendingHit[] = [];
  const explainedRows = new Set<number>();
  const scannedRows = new Set<number>();
  let tree = parse(parser, source);
  for (let pass = 1; pass < maxParsePasses && tree.rootNode.hasError; pass++) {
    masked ??= maskSource(script);
    const edits: { at: number; text: string }[] = [];
    for (const row of errorRows(tree.rootNode)) {
      if (scannedRows.has(row)) continue;
      scannedRows.add(row);
      const start = lineStarts[row] ?? 0;
      for (const hit of scanErrorLine(masked.slice(start, start + (lines[row]?.length ?? 0)))) {
        explainedRows.add(row);
        hits.push({ rule: hit.rule, message: hit.message, row, column: hit.index });
        for (const edit of hit.patch) edits.push({ at: start + hit.index + edit.offset, text: edit.text });
      }
    }
    if (edits.length === 0) break;
    for (const edit of edits) source = source.slice(0, edit.at) + edit.text + source.slice(edit.at + edit.text.length);
    tree.delete();
    tree = parse(parser, source);
  }
  try {
    return checkTree(tree, lines, hits, explainedRows);
  } finally {
    tree.delete();
  }
}

function parse(parser: Parser, source: string): Tree {
  const tree = parser.parse(source);
  if (tree === null) throw new Error('tree-sitter returned no tree for the PowerShell script');
  return tree;
}

function errorRows(root: Node): Set<number> {
  const rows = new Set<number>();
  for (const error of root.descendantsOfType('ERROR')) {
    for (let row = error.startPosition.row; row <= error.endPosition.row; row++) rows.add(row);
  }
  return rows;
}

function checkTree(tree: Tree, lines: readonly string[], hits: readonly PendingHit[], explainedRows: ReadonlySet<number>): Ps2Finding[] {
  const findings: Ps2Finding[] = [];
  const seen = new Set<string>();
  const ctx: RuleContext = {
    report(rule, message, at) {
      const position: Position = 'startPosition' in at ? at.startPosition : at;
      const key = `${rule}:${position.row}:${position.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      const excerpt = (lines[position.row] ?? '').trim();
      findings.push({
        rule,
        message,
        line: position.row + 1,
        column: position.column + 1,
        excerpt: excerpt.length > 160 ? `${excerpt.slice(0, 157)}...` : excerpt,
      });
    },
  };
  for (const hit of hits) ctx.report(hit.rule, hit.message, { row: hit.row, column: hit.column });

  const groups = groupFactories.map((make) => make());
  const handlers = new Map<string, NodeRule[]>();
  for (const group of groups) {
    for (const [type, rules] of Object.entries(group.rules)) {
      if (rules === undefined) continue;
      handlers.set(type, [...(handlers.get(type) ?? []), ...rules]);
    }
  }

  const errors: Node[] = [];
  const suppressed = new Set<number>();
  const cursor = tree.walk();
  const rootId = cursor.nodeId;
  try {
    for (;;) {
      const type = cursor.nodeType;
      const rules = handlers.get(type);
      if (rules !== undefined) {
        const node = cursor.currentNode;
        for (const rule of rules) rule(node, ctx);
      }
      if (type === 'comment' && /\bps2-ok\b/i.test(cursor.nodeText)) suppressed.add(cursor.startPosition.row);
      if (type === 'ERROR') errors.push(cursor.currentNode);
      if (cursor.nodeIsMissing && !explainedRows.has(cursor.startPosition.row)) {
        ctx.report('parse-error', `PowerShell cannot parse this: missing '${type}'.`, cursor.startPosition);
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) break;
      }
      if (cursor.nodeId === rootId) break;
    }
  } finally {
    cursor.delete();
  }
  for (const group of groups) group.finish?.(ctx);
  for (const error of errors) reportParseError(error, explainedRows, ctx);

  return findings
    .filter((f) => f.rule === 'parse-error' || !suppressed.has(f.line - 1))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** An ERROR that no named post-2.0 construct explains means the script would not run at all. */
function reportParseError(error: Node, explainedRows: ReadonlySet<number>, ctx: RuleContext): void {
  const { startPosition: from, endPosition: to } = error;
  for (let row = from.row; row <= to.row; row++) if (explainedRows.has(row)) return;
  const text = error.text.replace(/\s+/g, ' ').trim();
  const near = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  const paramFirst = error.namedChildren.some((c) => c.type === 'param_block');
  const message = paramFirst
    ? 'the parser used by this check cannot read param(...) followed by code on the same line; put the param block on its own line.'
    : `PowerShell cannot parse this (near '${near}'); fix the syntax — the script would not run.`;
  ctx.report('parse-error', message, from);
}

/** One block per script for a test failure: where, which rule, what to do instead, and the line. */
export function formatFindings(findings: readonly Ps2Finding[], scriptLabel: string): string {
  if (findings.length === 0) return `${scriptLabel}: PowerShell 2.0 clean`;
  const body = findings.map((f) => `  ${scriptLabel}:${f.line}:${f.column} [${f.rule}] ${f.message}\n      ${f.excerpt}`);
  return `${scriptLabel}: ${findings.length} PowerShell 2.0 problem${findings.length === 1 ? '' : 's'}\n${body.join('\n')}`;
}
