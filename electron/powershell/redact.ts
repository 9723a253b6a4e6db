// Secrets reach PowerShell and nowhere else: transcripts show '<secret>', and any text coming
// back (an error that echoes a parameter, a parse error quoting a line) is scrubbed of them.
import { SecretValue, type PsInput, type PsValue } from './quote';

export const SECRET_PLACEHOLDER = '<secret>';

export function collectSecrets(value: PsInput | undefined, into: string[] = []): string[] {
  if (value instanceof SecretValue) {
    const text = value.reveal();
    if (text !== '') into.push(text);
  } else if (Array.isArray(value)) {
    for (const item of value as readonly PsInput[]) collectSecrets(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value as Record<string, PsInput>)) collectSecrets(item, into);
  }
  return into;
}

export function maskSecrets(value: PsInput): PsValue {
  if (value instanceof SecretValue) return SECRET_PLACEHOLDER;
  if (Array.isArray(value)) return (value as readonly PsInput[]).map(maskSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, PsInput>).map(([k, v]) => [k, maskSecrets(v)]));
  }
  return value;
}

export function maskParams(params: Readonly<Record<string, PsInput>>): Record<string, PsValue> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, maskSecrets(value)]));
}

export type Redactor = (text: string) => string;

export function redactor(secrets: readonly string[]): Redactor {
  if (secrets.length === 0) return (text) => text;
  // Longest first, so a secret that contains another is replaced whole. The doubled-quote form
  // is how a secret appears when PowerShell quotes the literal it was sent as.
  const forms = [...new Set(secrets.flatMap((s) => [s, s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)]))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => forms.reduce((acc, form) => acc.split(form).join(SECRET_PLACEHOLDER), text);
}

/** Applies a redactor to every string inside a JSON-like value. */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  }
  return value;
}
