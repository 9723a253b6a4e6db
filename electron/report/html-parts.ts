// Small HTML building blocks of the report: status pills, tables, code blocks, commands.
import { html, type Markup } from './escape';
import type { ReportCommand, StepState } from './types';

export const STATE_LABEL: Record<StepState, string> = {
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  rolledBack: 'Rolled back',
  notReached: 'Not reached',
  running: 'Interrupted while running',
};

export function pill(cls: string, text: string): Markup {
  return html`<span class="pill ${cls}">${text}</span>`;
}

export function table(head: string[], rows: unknown[][], cls = ''): Markup {
  return html`<table class="${cls}"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

export function kv(rows: [string, unknown][]): Markup {
  return html`<table class="kv"><tbody>${rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
}

export function code(text: string): Markup {
  return html`<pre>${text}</pre>`;
}

export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '';
  return entries.map(([k, v]) => `-${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
}

export function command(c: ReportCommand): Markup {
  const params = paramsText(c.params);
  return html`<div class="command">
<div><span class="label">#${c.id} ${c.label}</span> ${pill(c.outcome === 'ok' ? 'pass' : 'fail', c.outcome)} <span class="meta">${when(c.startedAt)} · ${(c.durationMs / 1000).toFixed(1)} s</span></div>
${code(c.script)}
${params ? html`<div class="meta">Parameters</div>${code(params)}` : ''}
${c.output ? html`<div class="meta">What came back</div>${code(c.output)}` : ''}
${c.error ? html`<p class="error">Error: ${c.error}</p>` : ''}
${c.warnings.length ? html`<p class="meta">Warnings: ${c.warnings.join('; ')}</p>` : ''}
</div>`;
}
