import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../electron/report/escape';
import { renderHtml } from '../../electron/report/html';
import { completeJournal } from './fixtures/journal';
import { checkedReport } from './helpers';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</style><script>x()</script>',
  '`${x}`',
  '&lt;already&gt; escaped &amp;',
  '<!-- comment --> <![CDATA[ x ]]>',
  '\u0000\u0007nul and bell',
  'lone \uD800 surrogate',
  '<svg onload=alert(1)>',
];

describe('escapeHtml', () => {
  it.each(HOSTILE)('leaves no markup in %j', (text) => {
    const out = escapeHtml(text);
    expect(out).not.toMatch(/[<>"'`]/);
    expect(out).not.toMatch(/[\u0000-\u0008]/);
  });

  it('round-trips ordinary text and escapes ampersands once', () => {
    expect(escapeHtml('EX01 & EX02 → CASArray')).toBe('EX01 &amp; EX02 → CASArray');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });

  it('escapes interpolated values in the html tag but keeps nested markup', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${'<x>'}</p>`.text).toBe('<p><b>&lt;i&gt;</b>&lt;x&gt;</p>');
    expect(html`${[1, '<', raw('<br>')]}`.text).toBe('1&lt;<br>');
  });

  it('keeps hostile values from the servers, the inputs and the journal inert in the report', () => {
    const journal = completeJournal();
    const ctx = (journal.snapshot as { context: { outputs: Record<string, unknown>; inputs: { name: string } } }).context;
    const site = ctx.outputs.connect as { servers: { adminDisplayVersion: string }[]; account: string; databases: { name: string }[] };
    site.servers[0]!.adminDisplayVersion = HOSTILE[1]!;
    site.account = HOSTILE[3]!;
    site.databases[0]!.name = HOSTILE[9]!;
    journal.commands[0]!.output = HOSTILE[0]!;
    journal.commands[1]!.label = HOSTILE[2]!;
    journal.failoverLive[0]!.roleOwner = '<svg onload=alert(2)>';
    const out = renderHtml(checkedReport(journal));
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/<svg onload/);
    expect(out).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
