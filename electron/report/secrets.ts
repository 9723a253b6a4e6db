// Never a password in a report: parameters named like a secret are masked, the values they held are
// scrubbed from every string of the document, and the finished document is checked once more.
import { SECRET_PLACEHOLDER } from '../powershell/redact';

const SECRET_NAME = /pass(word|phrase)?|pwd|credential|secret|token|apikey/i;

function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Masks parameters named like a secret; collects the values they held so they can be scrubbed elsewhere. */
export function maskParams(params: Record<string, unknown>, found: Set<string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      if (!isSecretName(name)) return [name, value];
      collectStrings(value, found);
      return [name, SECRET_PLACEHOLDER];
    }),
  );
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    // Very short values would scrub innocent text; the engine already masks real secrets at the source.
    if (value !== SECRET_PLACEHOLDER && value.length >= 4) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

/** Replaces every occurrence of the given secrets in every string (keys included) of a JSON-like value. */
export function scrub<T>(value: T, secrets: ReadonlySet<string>): T {
  if (secrets.size === 0) return value;
  const forms = [...secrets].sort((a, b) => b.length - a.length);
  const clean = (text: string) => forms.reduce((acc, s) => acc.split(s).join(SECRET_PLACEHOLDER), text);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Throws when a key named like a secret holds anything but the placeholder: a report must never carry one. */
export function assertNoSecrets(value: unknown, path = '$'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      assertNoSecrets(item, `${path}[${String(i)}]`);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if (isSecretName(key) && item !== SECRET_PLACEHOLDER && item !== null && typeof item !== 'boolean') {
      throw new Error(`report: ${path}.${key} is named like a secret and is not masked`);
    }
    assertNoSecrets(item, `${path}.${key}`);
  }
}
