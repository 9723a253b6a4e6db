// Files read back from the state folder (check reports, maintenance.json, the lab's state file): each is
// checked against its schema, and a damaged one is reported by name (which file, why, what to do), never
// cast and never left to throw a SyntaxError with a stack trace at the admin.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export type Checked<T> = { kind: 'none' } | { kind: 'ok'; data: T } | { kind: 'unreadable'; path: string; reason: string };

/** A file a verb needs and cannot read. Nothing was changed; `advice` is the way on without it. */
export class UnreadableFile extends Error {
  constructor(
    readonly what: string,
    readonly path: string,
    readonly reason: string,
    readonly advice: string,
  ) {
    super(`The ${what} ${path} cannot be read: ${reason}. Nothing was changed. ${advice}`);
    this.name = 'UnreadableFile';
  }
}

/** Why a file's text cannot be JSON, in the admin's words: empty and NUL-filled files (a lost write) say so. */
export function textProblem(text: string): string | null {
  if (text.length === 0) return 'it is empty';
  if (text.replace(/\0/g, '').trim() === '') return 'it holds no text (only NUL bytes or blanks)';
  return null;
}

/** The first few things a schema found wrong, as one line. */
export function schemaProblem(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(the whole file)'}: ${i.message}`)
    .join('; ');
}

/** Reads `path` as JSON of `schema`'s shape: none (no file), ok (the data as the file holds it), or unreadable and why. */
export function readChecked<T>(path: string, schema: z.ZodType<T>, shape: string): Checked<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', path, reason: `it cannot be opened (${(error as Error).message})` };
  }
  const empty = textProblem(text);
  if (empty) return { kind: 'unreadable', path, reason: empty };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'unreadable', path, reason: `it is not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { kind: 'unreadable', path, reason: `it is not ${shape} (${schemaProblem(parsed.error)})` };
  return { kind: 'ok', data: parsed.data };
}
