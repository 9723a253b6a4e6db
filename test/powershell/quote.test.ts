// toPsLiteral on its own: the exact text it produces, and what it refuses.
import { describe, expect, it } from 'vitest';
import { secret, toPsLiteral, type PsValue } from '../../electron/powershell';

describe('toPsLiteral', () => {
  it('single-quotes strings and doubles every kind of single quote', () => {
    expect(toPsLiteral('plain')).toBe("'plain'");
    expect(toPsLiteral('')).toBe("''");
    expect(toPsLiteral("it's")).toBe("'it''s'");
    expect(toPsLiteral('\u2018\u2019\u201A\u201B')).toBe("'\u2018\u2018\u2019\u2019\u201A\u201A\u201B\u201B'");
    expect(toPsLiteral('$(Get-Date) `n "x"')).toBe('\'$(Get-Date) `n "x"\'');
  });

  it('rebuilds lone surrogates from their code, since UTF-8 cannot carry them', () => {
    expect(toPsLiteral('a\uD800b')).toBe("('a' + [char]0xD800 + 'b')");
    expect(toPsLiteral('\uDC00')).toBe("('' + [char]0xDC00 + '')");
    expect(toPsLiteral('😀')).toBe("'😀'");
  });

  it('writes numbers PowerShell reads back as the same number', () => {
    expect(toPsLiteral(42)).toBe('42');
    expect(toPsLiteral(-7)).toBe('-7');
    expect(toPsLiteral(0.1)).toBe('0.1');
    expect(toPsLiteral(-0)).toBe('-0.0');
    expect(toPsLiteral(1e21)).toBe('1e+21');
    expect(toPsLiteral(2 ** 60)).toBe('1.152921504606847e+18');
    expect(() => toPsLiteral(Number.NaN)).toThrow(RangeError);
    expect(() => toPsLiteral(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });

  it('writes booleans, null, arrays and hashtables', () => {
    expect(toPsLiteral(true)).toBe('$true');
    expect(toPsLiteral(false)).toBe('$false');
    expect(toPsLiteral(null)).toBe('$null');
    expect(toPsLiteral([])).toBe('@()');
    expect(toPsLiteral(['a'])).toBe("@(,'a')");
    expect(toPsLiteral([1, [2]])).toBe('@(1, @(,2))');
    expect(toPsLiteral({})).toBe('@{}');
    expect(toPsLiteral({ "o'k": 1, b: [true] })).toBe("@{ 'o''k' = 1; 'b' = @(,$true) }");
  });

  it('sends secrets as SecureStrings', () => {
    expect(toPsLiteral({ p: secret("x'y") })).toBe("@{ 'p' = (ConvertTo-SecureString 'x''y' -AsPlainText -Force) }");
  });

  it('refuses what has no literal, saying where it is', () => {
    expect(() => toPsLiteral({ a: [undefined] } as unknown as PsValue)).toThrow(/undefined at a\.\[0\]/);
    expect(() => toPsLiteral({ when: new Date() } as unknown as PsValue)).toThrow(/Date at when/);
    expect(() => toPsLiteral({ Name: 1, name: 2 })).toThrow(/same key/);
  });
});
