import type { Node } from 'web-tree-sitter';

export interface Ps2Finding {
  rule: string;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like the editor shows. */
  column: number;
  /** The source line, trimmed, so a failure message is readable without the script at hand. */
  excerpt: string;
}

export type Ps2Checker = (script: string) => Ps2Finding[];

export interface Position {
  row: number;
  column: number;
}

export interface RuleContext {
  report(rule: string, message: string, at: Node | Position): void;
}

export type NodeRule = (node: Node, ctx: RuleContext) => void;

/** Rules keyed by the node types they inspect, so the checker walks the tree once for all of them. */
export type RuleSet = Readonly<Partial<Record<string, readonly NodeRule[]>>>;

/**
 * A group of rules for one check. Groups that need the whole script (e.g. "was the module imported
 * anywhere?") keep state in the closure and report from `finish`, so a fresh group is made per check.
 */
export interface RuleGroup {
  readonly rules: RuleSet;
  finish?(ctx: RuleContext): void;
}
