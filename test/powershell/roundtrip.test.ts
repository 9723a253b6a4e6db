// Property: whatever a caller passes comes back from real PowerShell exactly as sent, and none
// of it ever runs. Strings are batched (one PowerShell call per batch) to keep this fast.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PowerShellSession, type PsValue } from '../../electron/powershell';

const session = new PowerShellSession();
afterAll(() => session.dispose());

// Shrinking a failure costs one PowerShell call per step; cap it so a failure reports in time.
const SHRINK_BUDGET = { interruptAfterTimeLimit: 25_000, markInterruptAsFailure: true };

const PWNED_CHECK = '[bool](Get-Variable -Scope Global -Name pwned -ErrorAction SilentlyContinue)';

// Fragments that would break out of, or expand inside, a badly quoted string.
const hostile = fc
  .array(
    fc.constantFrom(
      "'",
      '\u2018',
      '\u2019',
      '\u201A',
      '\u201B',
      '"',
      '\u201C',
      '\u201D',
      '`',
      '$',
      '$(',
      ')',
      '${',
      '}',
      '@(',
      '@{',
      '$(Set-Variable -Scope Global pwned 1)',
      "'; Set-Variable -Scope Global pwned 1; '",
      '\u2019; Set-Variable -Scope Global pwned 1; \u2018',
      '$pwned',
      '`$',
      "`'",
      '#',
      '<#',
      '#>',
      "@'",
      "'@",
      '@"',
      '"@',
      ';',
      '|',
      '&',
      '\r\n',
      '\n',
      '\r',
      '\t',
      '\0',
      '\u0085',
      '\u2028',
      '\uFEFF',
      'é',
      '漢字',
      '😀',
      '\uD800',
      '\uDFFF',
      ' ',
      'x',
      '0',
      '-',
      '--%',
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 24 });
const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), codeUnits, hostile);

async function echo(items: PsValue): Promise<{ items: unknown; pwned: boolean }> {
  const result = await session.invoke({
    script: `param($Items) [pscustomobject]@{ items = $Items; pwned = ${PWNED_CHECK} }`,
    params: { Items: items },
  });
  if (!result.ok) throw new Error(`${result.error.fullyQualifiedErrorId}: ${result.error.message}`);
  return result.data as { items: unknown; pwned: boolean };
}

function codes(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}

describe('toPsLiteral through real PowerShell', () => {
  it('returns thousands of arbitrary strings code unit for code unit, running none of them', async () => {
    // Lone surrogates are included: the literal rebuilds them with [char], and pwsh 7 returns them
    // as \uXXXX escapes. (Windows PowerShell 5.1 has no -EscapeHandling and would send U+FFFD.)
    await fc.assert(
      fc.asyncProperty(fc.array(anyString, { minLength: 200, maxLength: 200 }), async (batch) => {
        const back = await echo(batch);
        expect(back.pwned).toBe(false);
        const items = back.items as string[];
        expect(items).toHaveLength(batch.length);
        batch.forEach((sent, i) => {
          expect(codes(items[i]!)).toEqual(codes(sent));
        });
      }),
      { numRuns: 20, ...SHRINK_BUDGET },
    );
  });

  it('returns hashtables with arbitrary keys, nested arrays, numbers, booleans and null', async () => {
    const key = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
      hostile.filter((k) => k !== ''),
    );
    const { value } = fc.letrec<{ value: PsValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        anyString,
        fc.integer(),
        fc.maxSafeInteger(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }).filter(uniqueIgnoringCase),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 50, maxLength: 50 }), async (batch) => {
        const back = await echo(batch);
        expect(back.pwned).toBe(false);
        expect(back.items).toEqual(batch);
      }),
      { numRuns: 10, ...SHRINK_BUDGET },
    );
  });

  it('keeps the edges of numbers and nesting', async () => {
    const edges: PsValue[] = [
      0,
      -0,
      1,
      -1,
      2147483647,
      2147483648,
      -2147483649,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 60,
      1e21,
      1e300,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      0.1,
      1 / 3,
      -1.5e-7,
      true,
      false,
      null,
      [],
      [[]],
      [[1]],
      [[[]], []],
      {},
      { a: { b: { c: [null] } } },
    ];
    const back = await echo(edges);
    expect(back.items).toEqual(edges);
    expect(Object.is((back.items as number[])[1], -0)).toBe(true);
  });

  it('left no trace of any injected command', async () => {
    const result = await session.invoke({ script: PWNED_CHECK });
    expect(result.ok && result.data).toBe(false);
  });
});

function uniqueIgnoringCase(record: Record<string, unknown>): boolean {
  const keys = Object.keys(record).map((k) => k.toLowerCase());
  return new Set(keys).size === keys.length;
}
