// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external assets), printable.
// The first page is the summary and the contents; the command log is an appendix at the end.
import { REPORT_CSS } from './css';
import { html, raw, type Markup } from './escape';
import { commandLog } from './html-appendix';
import {
  checksSection,
  clientChecksSection,
  clusterValidationSection,
  diffSection,
  failoverSection,
  noticesSection,
  siteSection,
  stepsSection,
  undoSection,
} from './html-sections';
import { kv } from './html-parts';
import { rehearsalSection } from './rehearsal';
import { STATUS_TITLE, summaryPage } from './html-summary';
import type { ReportDocument } from './types';

function inputsSection(doc: ReportDocument): Markup {
  const i = doc.inputs;
  if (!i) return html`<section id="access-point"><h2>Client access point</h2><p>No name and address were chosen.</p></section>`;
  return html`<section id="access-point"><h2>Client access point</h2>
${kv([
  ['Name', i.name],
  ['Address', `${i.address} / ${i.subnetMask || '?'}`],
  ['Cluster network', i.network],
  ['Array FQDN', i.fqdn],
])}</section>`;
}

/** The title names the outcome and, for a lab run, LAB REHEARSAL: the PDF prints it in every page's footer. */
function reportTitle(doc: ReportDocument): string {
  return `${doc.run.target === 'lab' ? 'LAB REHEARSAL — ' : ''}Exchange HA Wizard report — ${doc.site?.domain ?? 'no site'} — ${STATUS_TITLE[doc.run.status]}`;
}

export function renderHtml(doc: ReportDocument): string {
  const body = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${reportTitle(doc)}</title>
<style>${raw(REPORT_CSS)}</style></head>
<body><main>
${summaryPage(doc)}
<section class="page">${siteSection(doc)}</section>
${rehearsalSection(doc.rehearsal)}
${inputsSection(doc)}
<section id="checks"><h2>Checks before any change</h2>
${doc.preflight.length + doc.validation.length === 0 ? html`<p>No checks ran.</p>` : ''}
${checksSection('Preflight', doc.preflight)}
${checksSection('Name and address', doc.validation)}</section>
${clusterValidationSection(doc)}
${clientChecksSection(doc)}
${failoverSection(doc.failover)}
${diffSection(doc)}
${noticesSection(doc)}
${undoSection(doc)}
${stepsSection(doc)}
${commandLog(doc)}
<p class="meta">Report schema version ${doc.schemaVersion} (${doc.$schema}).</p>
</main></body></html>
`;
  return body.text;
}
