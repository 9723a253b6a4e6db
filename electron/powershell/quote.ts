// The one way a JavaScript value becomes PowerShell source. Everything the engine sends to
// PowerShell as data goes through toPsLiteral, so nothing a caller passes can run as code.

export type PsValue = string | number | boolean | null | readonly PsValue[] | { readonly [key: string]: PsValue };

/** A value PowerShell receives as a SecureString and that logs only ever show as '<secret>'. */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  // Stops an accidental `${secret}` or JSON.stringify from printing the value.
  toString(): string {
    return '<secret>';
  }

  toJSON(): string {
    return '<secret>';
  }
}

export function secret(value: string): SecretValue {
  return new SecretValue(value);
}

export type PsInput = PsValue | SecretValue | readonly PsInput[] | { readonly [key: string]: PsInput };

// PowerShell's tokenizer treats all of these as a single quote, so each must be doubled.
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function toPsLiteral(value: PsInput): string {
  return render(value, []);
}

function render(value: unknown, path: string[]): string {
  if (value === null) return '$null';
  if (value instanceof SecretValue) {
    return `(ConvertTo-SecureString ${quoteString(value.reveal())} -AsPlainText -Force)`;
  }
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'number':
      return renderNumber(value, path);
    case 'boolean':
      return value ? '$true' : '$false';
    case 'object':
      if (Array.isArray(value)) return renderArray(value, path);
      if (isPlainObject(value)) return renderObject(value, path);
      break;
  }
  throw new TypeError(`toPsLiteral: unsupported ${describe(value)} at ${where(path)}`);
}

function quoteString(text: string): string {
  // UTF-8 cannot carry a lone surrogate (it would arrive as U+FFFD), so those code units are
  // rebuilt inside PowerShell from their numbers; every other character travels as itself.
  const pieces = text.split(LONE_SURROGATE);
  const loners = text.match(LONE_SURROGATE) ?? [];
  const quoted = pieces.map((piece) => `'${piece.replace(SINGLE_QUOTES, (q) => q + q)}'`);
  if (loners.length === 0) return quoted[0] ?? "''";
  const parts: string[] = [];
  quoted.forEach((piece, i) => {
    parts.push(piece);
    const loner = loners[i];
    if (loner !== undefined) parts.push(`[char]0x${loner.charCodeAt(0).toString(16).toUpperCase()}`);
  });
  return `(${parts.join(' + ')})`;
}

function renderNumber(value: number, path: string[]): string {
  if (!Number.isFinite(value)) throw new RangeError(`toPsLiteral: ${String(value)} at ${where(path)} has no PowerShell literal`);
  if (Object.is(value, -0)) return '-0.0';
  if (Number.isSafeInteger(value)) return String(value);
  // Non-integers always print with '.' or 'e', which PowerShell reads as [double]. Integers
  // beyond 2^53 would otherwise read as [long] or [decimal]; the exponent form keeps them [double].
  return Number.isInteger(value) ? value.toExponential() : String(value);
}

function renderArray(items: readonly unknown[], path: string[]): string {
  const rendered = items.map((item, i) => render(item, [...path, `[${i}]`]));
  // @(...) unrolls what its statement outputs, so @(@(1)) would lose a level; the unary comma
  // wraps a lone element so exactly that element survives. Two or more are kept by the comma.
  if (rendered.length === 1) return `@(,${rendered[0] ?? ''})`;
  return `@(${rendered.join(', ')})`;
}

function renderObject(value: Record<string, unknown>, path: string[]): string {
  const seen = new Map<string, string>();
  const entries = Object.keys(value).map((key) => {
    // Hashtable literals compare keys case-insensitively and refuse duplicates at parse time.
    const folded = key.toLowerCase();
    const clash = seen.get(folded);
    if (clash !== undefined) {
      throw new TypeError(`toPsLiteral: keys '${clash}' and '${key}' at ${where(path)} are the same key to PowerShell`);
    }
    seen.set(folded, key);
    return `${quoteString(key)} = ${render(value[key], [...path, key])}`;
  });
  return entries.length === 0 ? '@{}' : `@{ ${entries.join('; ')} }`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name === undefined || name === '' ? 'object' : name;
}

function where(path: string[]): string {
  return path.length === 0 ? 'the top level' : path.join('.');
}
