// Appendix: every command of the run, one collapsible entry each (the summary line says what, where and
// how it ended; the script, parameters and what came back open on demand, output shown as data).
import { html, type Markup } from './escape';
import { code, pill, when } from './html-parts';
import type { ReportCommand, ReportDocument } from './types';

function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '';
  return entries.map(([k, v]) => `-${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
}

/** The journal keeps output as JSON text: indented it reads as data; anything else is shown as it came. */
function outputAsData(output: string): string {
  try {
    return JSON.stringify(JSON.parse(output), null, 2);
  } catch {
    return output;
  }
}

function entry(c: ReportCommand, step: string): Markup {
  const params = paramsText(c.params);
  return html`<details class="command" id="command-${c.id}">
<summary><span class="label">#${c.id} ${c.label}</span> ${pill(c.outcome === 'ok' ? 'pass' : 'fail', c.outcome)} <span class="meta">${step} · ${when(c.startedAt)} · ${(c.durationMs / 1000).toFixed(1)} s</span></summary>
${code(c.script)}
${params ? html`<div class="meta">Parameters</div>${code(params)}` : ''}
${c.output ? html`<div class="meta">What came back (data)</div><pre class="data">${outputAsData(c.output)}</pre>` : ''}
${c.error ? html`<p class="error">Error: ${c.error}</p>` : ''}
${c.warnings.length ? html`<p class="meta">Warnings: ${c.warnings.join('; ')}</p>` : ''}
</details>`;
}

export function commandLog(doc: ReportDocument): Markup {
  const all = [
    ...doc.otherCommands.map((c) => ({ c, step: 'outside a step' })),
    ...doc.steps.flatMap((s) => s.commands.map((c) => ({ c, step: s.title }))),
  ].sort((a, b) => a.c.id - b.c.id);
  return html`<section class="page appendix" id="commands"><h2>Appendix: command log</h2>
<p class="meta">${all.length} commands, in the order they ran. Each entry opens to show the PowerShell, its parameters and what came back; in print only the summary lines appear (the HTML and JSON exports carry everything).</p>
${all.length ? all.map(({ c, step }) => entry(c, step)) : html`<p>No PowerShell ran.</p>`}
</section>`;
}
