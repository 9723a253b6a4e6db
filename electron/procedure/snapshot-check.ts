// Is a journal's machine snapshot one this version can restore? A snapshot naming a state or step it does
// not know (a newer version's journal, a hand edit, a damaged copy) must be reported, not fed to xstate:
// restoring it throws deep inside the machine, or worse, runs from a state that does not exist.
import type { AnyStateNode } from 'xstate';
import { z } from 'zod';
import { STEP_IDS } from '../../shared/steps';
import { wizardMachine } from './machine';

/** Every leaf state of the machine as a dotted path ("failover.running", "rolledBack"). */
function leafPaths(node: AnyStateNode, path: string[]): string[] {
  const children = Object.entries(node.states);
  if (children.length === 0) return [path.join('.')];
  return children.flatMap(([key, child]) => leafPaths(child, [...path, key]));
}

const KNOWN_STATES = new Set(leafPaths(wizardMachine.root, []));

const StepIdSchema = z.enum(STEP_IDS);
const ContextSchema = z.object({
  target: z.object({ kind: z.enum(['lab', 'real']), sessionNode: z.string().nullable() }).nullable(),
  inputs: z.object({ name: z.string(), address: z.string(), network: z.string() }).nullable(),
  acknowledged: z.object({ notice: z.boolean(), warnings: z.boolean() }),
  statuses: z.record(StepIdSchema, z.enum(['todo', 'done', 'failed', 'rolledBack', 'skipped'])),
  outputs: z.partialRecord(StepIdSchema, z.unknown()),
  error: z.object({ message: z.string(), advice: z.string(), stepId: StepIdSchema }).loose().nullable(),
  rollbackTo: StepIdSchema.nullable(),
});

/** The state value as a dotted path, or null when it has another shape than the machine's. */
function valuePath(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return null;
  const entries: [string, unknown][] = Object.entries(value as Record<string, unknown>);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) return null;
  const [key, sub] = entry;
  const rest = valuePath(sub);
  return rest === null ? null : `${key}.${rest}`;
}

/** Why this snapshot cannot be restored, or null when it can. */
export function snapshotProblem(snapshot: { status: string; value: unknown; context: unknown }): string | null {
  if (snapshot.status !== 'active') return `the procedure's status is "${snapshot.status}", not "active"`;
  const path = valuePath(snapshot.value);
  if (path === null || !KNOWN_STATES.has(path))
    return `it names a state this version does not know (${JSON.stringify(snapshot.value).slice(0, 80)})`;
  const context = ContextSchema.safeParse(snapshot.context);
  if (!context.success) {
    return `its procedure context names something this version does not know: ${context.error.issues
      .slice(0, 2)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ')}`;
  }
  return null;
}
