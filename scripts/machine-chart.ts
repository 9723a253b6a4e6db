// Draws docs/machine.md from the machine object itself, so the picture cannot drift from the code:
// npx tsx scripts/machine-chart.ts writes it; test/procedure/machine-chart.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { STEP_IDS, type StepId } from '../shared/steps';
import { wizardMachine } from '../electron/procedure/machine';

export const CHART_PATH = fileURLToPath(new URL('../docs/machine.md', import.meta.url));

interface Edge {
  from: string;
  to: string;
  label: string;
}

const isStep = (name: string): name is StepId => (STEP_IDS as readonly string[]).includes(name);

/** The event as a reader knows it: NEXT [canRun], done / error of an invoke, always for eventless ones. */
function labelOf(eventType: string, guard: unknown): string {
  const event = eventType.startsWith('xstate.done.actor.') ? 'done' : eventType.startsWith('xstate.error.actor.') ? 'error' : eventType;
  const guardType = typeof guard === 'string' ? guard : (guard as { type?: string } | undefined)?.type;
  if (event === '') return guardType ? `[${guardType}]` : 'always';
  return guardType ? `${event} [${guardType}]` : event;
}

/** Every transition of a node and its descendants: from the node, to the nodes it targets (itself when none). */
function transitionsUnder(node: AnyStateNode): { from: AnyStateNode; to: AnyStateNode; label: string }[] {
  const own: AnyTransitionDefinition[] = [...node.transitions.values()].flat().concat(node.always ?? []);
  return [
    ...own.flatMap((t) => (t.target ?? [node]).map((to) => ({ from: node, to, label: labelOf(String(t.eventType), t.guard) }))),
    ...Object.values(node.states).flatMap(transitionsUnder),
  ];
}

/** "all but connect" or "clusterRole, casArray": whichever names fewer steps. */
function which(have: string[], of: string[]): string {
  if (have.length === of.length) return '';
  const missing = of.filter((s) => !have.includes(s));
  return missing.length < have.length ? ` (all but ${missing.join(', ')})` : ` (${have.join(', ')})`;
}

function groupBy(edges: Edge[], key: (e: Edge) => string): Map<string, Edge[]> {
  const groups = new Map<string, Edge[]>();
  for (const e of edges) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  return groups;
}

function unique(edges: Edge[]): Edge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}|${e.to}|${e.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The top level: the steps, the roll back of everything and the ends. Edges every step has are drawn once, from "any step". */
function topLevel(): string[] {
  const root = wizardMachine.root;
  const edges = unique(
    transitionsUnder(root)
      .map(({ from, to, label }) => ({ from: from.path[0] ?? '', to: to.path[0] ?? '', label }))
      .filter((e) => e.from !== e.to),
  );
  // An edge many steps share (ROLLBACK_ALL, ABORT; the stop of Roll back everything) is drawn once, with "any step".
  const fromSteps = groupBy(
    edges.filter((e) => isStep(e.from) && !isStep(e.to)),
    (e) => `${e.to}|${e.label}`,
  );
  const toSteps = groupBy(
    edges.filter((e) => !isStep(e.from) && isStep(e.to)),
    (e) => `${e.from}|${e.label}`,
  );
  const drawn = edges.flatMap((e): Edge[] => {
    const group = isStep(e.from) ? fromSteps.get(`${e.to}|${e.label}`) : toSteps.get(`${e.from}|${e.label}`);
    if (!group || group.length < 3) return [e];
    if (group[0] !== e) return [];
    const steps = isStep(e.from) ? group.map((x) => x.from) : group.map((x) => x.to);
    const note = which(steps, [...STEP_IDS]);
    return [
      isStep(e.from)
        ? { from: 'anyStep', to: e.to, label: e.label + note }
        : { from: e.from, to: 'anyStep', label: `${e.label}${note}, to its done` },
    ];
  });
  const initial = root.initial.target[0]?.key ?? '';
  return [
    'stateDiagram-v2',
    `  [*] --> ${initial}`,
    '  state "any step" as anyStep',
    ...merged(drawn).map((e) => `  ${e.from} --> ${e.to}: ${e.label}`),
  ];
}

/** One compound state's own chart; a target outside it is drawn as a node named by nameOutside. */
function chartOf(nodes: AnyStateNode[], nameOutside: (owner: AnyStateNode, to: AnyStateNode) => string): string[] {
  const owners = nodes.map((n) => n.key);
  const found: (Edge & { owner: string })[] = [];
  const starts: (Edge & { owner: string })[] = [];
  for (const node of nodes) {
    for (const start of node.initial.target) starts.push({ owner: node.key, from: '[*]', to: start.key, label: '' });
    for (const { from, to, label } of transitionsUnder(node)) {
      if (from === node) continue;
      const inside = to.path[0] === node.key && to.path.length > 1;
      found.push({ owner: node.key, from: from.key, to: inside ? (to.path[1] ?? '') : nameOutside(node, to), label });
    }
  }
  // An edge only some of these states have says which: ROLLBACK_STEP (clusterRole, casArray, …).
  const lines: Edge[] = [];
  const groups = new Map<string, string[]>();
  for (const e of [...starts, ...found]) {
    const key = `${e.from}|${e.to}|${e.label}`;
    groups.set(key, [...(groups.get(key) ?? []), e.owner]);
  }
  // Drawn state by state, in the order the chart declares them.
  const order = ['[*]', ...new Set(nodes.flatMap((n) => Object.keys(n.states)))];
  const sorted = [...groups].sort(([a], [b]) => order.indexOf(a.split('|')[0] ?? '') - order.indexOf(b.split('|')[0] ?? ''));
  for (const [key, have] of sorted) {
    const [from = '', to = '', label = ''] = key.split('|');
    const of = from === '[*]' ? owners : nodes.filter((n) => from in n.states).map((n) => n.key);
    const note = which([...new Set(have)], of).trim();
    lines.push({ from, to, label: [label, note].filter(Boolean).join(' ') });
  }
  return ['stateDiagram-v2', ...merged(lines).map((e) => `  ${e.from} --> ${e.to}${e.label ? `: ${e.label}` : ''}`)];
}

/** Parallel edges (same from and to) become one edge with their labels joined. */
function merged(edges: Edge[]): Edge[] {
  const byPair = new Map<string, Edge>();
  for (const e of edges) {
    const key = `${e.from}|${e.to}`;
    const seen = byPair.get(key);
    if (seen) seen.label = [seen.label, e.label].filter(Boolean).join(', ');
    else byPair.set(key, { ...e });
  }
  return [...byPair.values()];
}

function stepNode(id: StepId): AnyStateNode {
  const node = wizardMachine.root.states[id];
  if (!node) throw new Error(`the machine has no state ${id}`);
  return node;
}

/** The per-step template: every step's chart drawn on one picture, the steps' own names replaced by their roles. */
function template(): string[] {
  const steps = STEP_IDS.map(stepNode);
  return chartOf(steps, (owner, to) => {
    const index = STEP_IDS.indexOf(owner.key as StepId);
    const top = to.path[0] ?? '';
    if (top === STEP_IDS[index + 1]) return 'nextStep';
    if (top === STEP_IDS[index - 1] && to.key === 'done') return 'previousStepDone';
    return top;
  });
}

/** Which events each step's states answer to, straight from the machine. */
function eventTable(): string[] {
  const phases = ['review', 'running', 'done', 'failed', 'rollingBack'];
  const cell = (node: AnyStateNode | undefined): string => {
    if (!node) return '–';
    const events = [...node.transitions.keys()].map((e) =>
      e.startsWith('xstate.done.actor.') ? 'done' : e.startsWith('xstate.error.actor.') ? 'error' : e,
    );
    return events.join(', ');
  };
  return [
    `| step | ${phases.join(' | ')} |`,
    `|${' --- |'.repeat(phases.length + 1)}`,
    ...STEP_IDS.map((id) => `| ${id} | ${phases.map((p) => cell(stepNode(id).states[p])).join(' | ')} |`),
  ];
}

/** The whole of docs/machine.md, formatted as `npm run lint` wants it. */
export async function machineChart(): Promise<string> {
  const options = await resolveConfig(CHART_PATH);
  return format(unformatted(), { ...options, filepath: CHART_PATH });
}

function unformatted(): string {
  const rollingBackAll = wizardMachine.root.states.rollingBackAll;
  if (!rollingBackAll) throw new Error('the machine has no rollingBackAll');
  const fence = (lines: string[]): string => ['```mermaid', ...lines, '```'].join('\n');
  return `${[
    '# The procedure machine',
    '',
    '<!-- Generated from electron/procedure/machine.ts by `npx tsx scripts/machine-chart.ts`; do not edit by hand.',
    '     test/procedure/machine-chart.test.ts fails when this file no longer matches the machine. -->',
    '',
    "The wizard is one xstate machine (`electron/procedure/machine.ts`). Its state is persisted in each run's",
    '`journal.json`, so the state names below are part of the file format.',
    '',
    '## Top level',
    '',
    'The steps in catalogue order (`shared/steps.ts`), Roll back everything, and the ends of a run.',
    'An edge from "any step" is one every step has (except those named).',
    '',
    fence(topLevel()),
    '',
    '## One step',
    '',
    'Every step is the same chart; an edge only some steps have names them. `nextStep` and',
    '`previousStepDone` stand for the neighbouring steps in the catalogue; guards are in brackets.',
    '',
    fence(template()),
    '',
    'The events each step answers to, by state:',
    '',
    ...eventTable(),
    '',
    '## Roll back everything',
    '',
    'Undoes the newest change, then the next, until nothing is left (or the step asked for is reached).',
    '',
    fence(chartOf([rollingBackAll], (_owner, to) => (to.path.length > 1 && isStep(to.path[0] ?? '') ? 'stepDone' : (to.path[0] ?? '')))),
  ].join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CHART_PATH, await machineChart());
  console.log(`wrote ${CHART_PATH}`);
}
