// docs/architecture.md follows one click through the code, file by file: it stays true only while every file it
// names exists and defines the function named beside it, and while the run's parts import nothing above them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');

/** Each numbered line of the walk-through: `file` — `function`. */
const steps = [...doc.matchAll(/^\s*(\d+)\.\s+`([^`]+)`\s+—\s+`([^`]+)`/gm)].map((m) => ({
  n: Number(m[1]),
  file: m[2] ?? '',
  name: m[3] ?? '',
}));

/** A definition of `name` in source text: a function, class or method, a field or property, a const. */
function defines(text: string, name: string): boolean {
  const n = name.replace(/[$#]/g, '\\$&');
  return new RegExp(`(function\\s+${n}\\b|class\\s+${n}\\b|(^|[\\s{,.])(async\\s+)?${n}\\s*(\\(|=|:|<))`, 'm').test(text);
}

describe('docs/architecture.md', () => {
  it('walks the click through at most a dozen files out, then back', () => {
    expect(steps.length).toBeGreaterThanOrEqual(12);
    expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i + 1));
    const out = doc.slice(0, doc.indexOf('## Back'));
    expect(steps.filter((s) => out.includes(`${String(s.n)}. \`${s.file}\``)).length).toBeLessThanOrEqual(12);
  });

  it('names files that exist and functions they define', () => {
    const missing = steps.filter((s) => !existsSync(join(root, s.file)) || !defines(readFileSync(join(root, s.file), 'utf8'), s.name));
    expect(missing).toEqual([]);
  });

  it('names only source paths that exist', () => {
    const paths = [...doc.matchAll(/`((?:electron|renderer|shared|test)\/[\w./-]+\.(?:ts|svelte))`/g)].map((m) => m[1] ?? '');
    expect(paths.length).toBeGreaterThan(12);
    expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });

  it('can tell a definition from a mention', () => {
    expect(defines('export function dispatch(a) {}', 'dispatch')).toBe(true);
    expect(defines('  async undo(input) {', 'undo')).toBe(true);
    expect(defines('  rollbackStep = () => x;', 'rollbackStep')).toBe(true);
    expect(defines('return dispatch;', 'dispatch')).toBe(false);
  });
});

describe("a run's parts", () => {
  // Made by the lifecycle, below it: they report through Changes and the session's callback, never call up.
  const parts = ['run', 'machine-actor', 'step-runner', 'command-log', 'live-progress', 'recorder', 'context', 'changes'];
  const above = /from '\.\/(run-lifecycle|controller|wizard-parts|view-feed|operations|day2\/desk)'/;
  it('import nothing from the parts above them', () => {
    const upward = parts.filter((p) => above.test(readFileSync(join(root, 'electron', 'procedure', `${p}.ts`), 'utf8')));
    expect(upward).toEqual([]);
  });
});
