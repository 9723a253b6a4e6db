// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external assets), printable.
import { REPORT_CSS } from './css';
import { html, raw, type Markup } from './escape';
import { checksSection, clientChecksSection, diffSection, failoverSection, noticesSection, siteSection, stepsSection, undoSection } from './html-sections';
import { kv, when } from './html-parts';
import { UNSUPPORTED_PLATFORM } from './notices';
import type { ReportDocument, RunStatus } from './types';

const STATUS_TITLE: Record<RunStatus, string> = {
  complete: 'Complete',
  partial: 'Partial run',
  rolledBack: 'Rolled back',
  failed: 'Failed',
};

function header(doc: ReportDocument): Markup {
  const r = doc.run;
  const subject = doc.inputs ? `${doc.inputs.fqdn} on ${doc.site?.dag.name ?? 'the DAG'}` : doc.site?.domain ?? 'no site read yet';
  return html`<header class="top">
<div class="product">${doc.generator.name} · completion report · ${r.target === 'lab' ? 'LAB REHEARSAL (no real servers were changed)' : 'real servers'}</div>
<h1>Client Access array ${subject}</h1>
<div class="meta">Report generated ${when(doc.generatedAt)} · run started ${when(r.startedAt)}, last updated ${when(r.updatedAt)} · by ${doc.who.account ?? 'unknown account'}</div>
</header>
<div class="banner ${r.status}"><strong>${STATUS_TITLE[r.status]}</strong>${r.headline}
${r.error ? html`<p class="error">${r.error.message}${r.error.powershell ? ` — PowerShell: ${r.error.powershell}` : ''}</p><p>${r.error.advice}</p>` : ''}</div>
<div class="banner unsupported"><strong>Unsupported platform</strong>${UNSUPPORTED_PLATFORM}</div>`;
}

function inputsSection(doc: ReportDocument): Markup {
  const i = doc.inputs;
  if (!i) return html`<h2>Client access point</h2><p>No name and address were chosen.</p>`;
  return html`<h2>Client access point</h2>
${kv([['Name', i.name], ['Address', `${i.address} / ${i.subnetMask || '?'}`], ['Cluster network', i.network], ['Array FQDN', i.fqdn]])}`;
}

export function renderHtml(doc: ReportDocument): string {
  const title = `Exchange HA Wizard report — ${doc.site?.domain ?? 'no site'} — ${STATUS_TITLE[doc.run.status]}`;
  const body = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${raw(REPORT_CSS)}</style></head>
<body><main>
${header(doc)}
${siteSection(doc)}
${inputsSection(doc)}
<h2>Checks before any change</h2>
${doc.preflight.length + doc.validation.length === 0 ? html`<p>No checks ran.</p>` : ''}
${checksSection('Preflight', doc.preflight)}
${checksSection('Name and address', doc.validation)}
${clientChecksSection(doc)}
${failoverSection(doc.failover)}
${diffSection(doc)}
${noticesSection(doc)}
${undoSection(doc)}
${stepsSection(doc)}
<p class="meta">Report schema version ${doc.schemaVersion} (${doc.$schema}).</p>
</main></body></html>
`;
  return body.text;
}
