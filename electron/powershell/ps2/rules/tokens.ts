// The grammar (like PowerShell 2.0 itself) has no ternary, `??`, `-iin`/`-cin` or `.ForEach(...)`:
// they come out as ERROR nodes, often swallowing the rest of the file. These checks scan the masked
// lines an ERROR touches to name the construct, and give a same-length patch that makes the line
// parseable, so the checker can parse again and still check everything after it.

export interface TokenHit {
  rule: string;
  message: string;
  /** 0-based offset in the line. */
  index: number;
  /** Replacements at offsets from `index`, each as long as the text it replaces. */
  patch: readonly Edit[];
}

export interface Edit {
  offset: number;
  text: string;
}

interface TokenRule {
  rule: string;
  pattern: RegExp;
  message: (match: string) => string;
  patch: (match: string) => Edit[];
}

const pad = (text: string, length: number): string => text.padEnd(length, ' ');

const tokenRules: readonly TokenRule[] = [
  {
    rule: 'in-operator',
    pattern: /(?<![\w-])-[ic](?:not)?in\b/gi,
    message: (m) =>
      `${m} comes with PowerShell 3.0; on 2.0 use ${/not/i.test(m) ? '-notcontains' : '-contains'} with the operands swapped.`,
    patch: (m) => [{ offset: 0, text: pad(m.slice(0, 2) + (/not/i.test(m) ? 'ne' : 'eq'), m.length) }],
  },
  {
    rule: 'null-coalescing',
    pattern: /\?\?=?/g,
    message: (m) => `${m} comes with PowerShell 7.0; on 2.0 use if ($null -eq $x) { ... } else { ... }.`,
    patch: (m) => [{ offset: 0, text: m.endsWith('=') ? ' +=' : ' +' }],
  },
  {
    // `? {` after a pipe is the Where-Object alias, and `$a?` is a variable name, so a ternary needs a
    // non-pipe token, spaces around `?`, and a spaced `:` later on the line.
    rule: 'ternary',
    pattern: /(?<=[^|\s]\s+)\?\s+(?!\{).*?\s:\s/g,
    message: () => 'the ternary operator a ? b : c comes with PowerShell 7.0; on 2.0 use if ($a) { $b } else { $c }.',
    patch: (m) => [
      { offset: 0, text: '+' },
      { offset: m.lastIndexOf(':'), text: '+' },
    ],
  },
  {
    rule: 'where-foreach-method',
    pattern: /\.(?:where|foreach)\s*[({]/gi,
    message: (m) =>
      `${m.replace(/[\s({]+$/, '')}() comes with PowerShell 4.0; on 2.0 pipe into ${/where/i.test(m) ? 'Where-Object' : 'ForEach-Object'} { ... }.`,
    // `.X(` parses as a method call; `;Where{` as a new statement calling a command with a block.
    patch: (m) => [m.endsWith('(') ? { offset: 1, text: 'X' } : { offset: 0, text: ';' }],
  },
];

export function scanErrorLine(maskedLine: string): TokenHit[] {
  const hits: TokenHit[] = [];
  for (const rule of tokenRules) {
    for (const match of maskedLine.matchAll(rule.pattern)) {
      const text = match[0];
      hits.push({ rule: rule.rule, message: rule.message(text.trim()), index: match.index, patch: rule.patch(text) });
    }
  }
  return hits;
}
