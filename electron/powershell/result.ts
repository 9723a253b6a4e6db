// Turns the process's reply into a result: find this call's one tagged line, decode it, and
// shape the output the way callers expect (one object, null, or an array).
import type { PsErrorRecord } from './errors';
import type { PsSchema } from './types';
import { RESULT_TAG } from './wrapper';

export interface Envelope {
  /** Every output object, in order; null when they could not be serialised. */
  output: unknown[] | null;
  warnings: string[];
  information: string[];
  error: PsErrorRecord | null;
}

interface RawEnvelope {
  data: unknown;
  meta: { warnings?: unknown; information?: unknown; error?: unknown };
}

export function readEnvelope(stdout: string, nonce: string): Envelope | undefined {
  const tag = `${RESULT_TAG}:${nonce}:`;
  const at = stdout.lastIndexOf(tag);
  if (at === -1) return undefined;
  const start = at + tag.length;
  const end = stdout.slice(start).search(/[^A-Za-z0-9+/=]/);
  const encoded = end === -1 ? stdout.slice(start) : stdout.slice(start, start + end);
  const raw = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as RawEnvelope;
  return {
    output: Array.isArray(raw.data) ? (raw.data as unknown[]) : null,
    warnings: strings(raw.meta.warnings),
    information: strings(raw.meta.information),
    error: raw.meta.error == null ? null : toErrorRecord(raw.meta.error as Record<string, unknown>),
  };
}

export function shapeOutput(output: unknown[] | null): unknown {
  if (output === null || output.length === 0) return null;
  return output.length === 1 ? output[0] : output;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; error: PsErrorRecord };

export function applySchema<T>(data: unknown, schema: PsSchema<T> | undefined): Parsed<T> {
  if (schema === undefined) return { ok: true, data: data as T };
  try {
    return { ok: true, data: schema.parse(data) };
  } catch (e) {
    return {
      ok: false,
      error: {
        message: `The result did not match the expected shape: ${describeParseError(e)}`,
        fullyQualifiedErrorId: 'InvalidResult',
        category: 'InvalidResult',
        targetObject: null,
        exceptionType: e instanceof Error ? e.name : 'Error',
      },
    };
  }
}

function describeParseError(e: unknown): string {
  // zod (and most schema libraries) list issues with a path; that reads better than their JSON dump.
  if (e !== null && typeof e === 'object' && 'issues' in e && Array.isArray(e.issues)) {
    return (e.issues as { path?: unknown; message?: unknown }[])
      .map((issue) => {
        const path = Array.isArray(issue.path) && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
        return `${path}: ${String(issue.message)}`;
      })
      .join('; ');
  }
  return e instanceof Error ? e.message : String(e);
}

function toErrorRecord(raw: Record<string, unknown>): PsErrorRecord {
  const record: PsErrorRecord = {
    message: text(raw.message),
    fullyQualifiedErrorId: text(raw.fullyQualifiedErrorId),
    category: text(raw.category),
    targetObject: typeof raw.targetObject === 'string' ? raw.targetObject : null,
    exceptionType: text(raw.exceptionType),
  };
  if (typeof raw.scriptStackTrace === 'string' && raw.scriptStackTrace !== '') record.scriptStackTrace = raw.scriptStackTrace;
  return record;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value);
}
