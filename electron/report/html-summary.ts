// The report's first page: the outcome (a rolled-back run says so first), what is on the servers now,
// the site, who ran it from where with which version, the support warning and the outage time; then
// the table of contents. Everything else in the report is detail behind this page.
import { html, type Markup } from './escape';
import { kv, when } from './html-parts';
import { SUPPORT_LINKS } from './links';
import { UNSUPPORTED_PLATFORM } from './notices';
import type { ReportDocument, RunStatus } from './types';

export const STATUS_TITLE: Record<RunStatus, string> = {
  complete: 'Complete',
  partial: 'Partial run',
  rolledBack: 'Rolled back',
  failed: 'Failed',
};

const TOC: { id: string; title: string }[] = [
  { id: 'in-place', title: 'What is in place now' },
  { id: 'site', title: 'Site' },
  { id: 'access-point', title: 'Client access point' },
  { id: 'checks', title: 'Checks before any change' },
  { id: 'client-checks', title: 'Client access checks' },
  { id: 'failover', title: 'Failover test' },
  { id: 'diff', title: 'Before and after' },
  { id: 'notices', title: 'What to know from now on' },
  { id: 'undo', title: 'How to undo what is still in place' },
  { id: 'steps', title: 'Steps' },
  { id: 'commands', title: 'Appendix: command log' },
];

/** The contents as this report has them: the cluster validation only when it ran. */
function toc(doc: ReportDocument): { id: string; title: string }[] {
  if (!doc.clusterValidation) return TOC;
  const at = TOC.findIndex((t) => t.id === 'client-checks');
  return [...TOC.slice(0, at), { id: 'cluster-validation', title: 'Cluster validation' }, ...TOC.slice(at)];
}

function delaysText(doc: ReportDocument): string {
  const d = doc.run.labDelays;
  if (doc.run.target !== 'lab') return 'real servers';
  if (!d) return doc.failover?.simulated ? delaysOf(doc.failover.simulated) : "lab, with the seed's delays (not recorded)";
  return delaysOf(d);
}

function delaysOf(d: { nodeLossDetection: number; groupOnline: number; databaseMount: number }): string {
  return `lab, delays: node loss ${String(d.nodeLossDetection)} s, group online ${String(d.groupOnline)} s, database mount ${String(d.databaseMount)} s`;
}

function outageText(doc: ReportDocument): string {
  const f = doc.failover;
  if (!f) return 'not tested';
  if (f.recoverySeconds === null) return f.outageNode ? 'no full recovery seen within the watch window' : 'the outage was not run';
  return f.measured
    ? `${f.outageText}, from ${f.outageNode ?? 'the node'} going silent until a client could log on to every database again (write-up: under ${String(f.referenceSeconds)} s)`
    : f.outageText;
}

function inPlaceLists(doc: ReportDocument): Markup {
  const p = doc.run.inPlace;
  const list = (title: string, items: { what: string }[], cls: string) =>
    items.length ? html`<h3>${title}</h3><ul class="effects ${cls}">${items.map((e) => html`<li>${e.what}</li>`)}</ul>` : html``;
  return html`<section id="in-place"><h2>What is in place now</h2>
<p>${p.headline}</p>
${p.outcome === 'rolledBack' || p.outcome === 'partlyRolledBack' ? list('Undone', p.undone, 'undone') : ''}
${list('Still on the servers, made by this run', p.made, 'made')}
${p.outcome !== 'rolledBack' && p.outcome !== 'partlyRolledBack' ? list('Undone', p.undone, 'undone') : ''}
${list('Found already there and left as they were', p.found, 'found')}
${p.made.length + p.undone.length + p.found.length === 0 ? html`<p class="meta">No step that changes the servers ran.</p>` : ''}
</section>`;
}

export function summaryPage(doc: ReportDocument): Markup {
  const r = doc.run;
  const s = doc.site;
  const i = doc.inputs;
  const lab = r.target === 'lab';
  return html`<section class="summary" id="summary">
<header class="top">
<div class="product">${doc.generator.name} ${doc.generator.version} · completion report · ${lab ? 'LAB REHEARSAL (no real servers were changed)' : 'real servers'}</div>
<h1>${STATUS_TITLE[r.status]}: ${i ? `Client Access array ${i.fqdn}` : 'no client access point chosen'}${s ? ` on ${s.dag.name}` : ''}</h1>
<div class="meta">Report generated ${when(doc.generatedAt)} · journal last updated ${when(r.updatedAt)}</div>
</header>
<div class="banner ${r.status}"><strong>${STATUS_TITLE[r.status]}</strong>${r.headline}
${r.error ? html`<p class="error">${r.error.message}${r.error.powershell ? ` — PowerShell: ${r.error.powershell}` : ''}</p><p>${r.error.advice}</p>` : ''}</div>
${kv([
  [
    'Outcome',
    `${STATUS_TITLE[r.status]}. ${r.changesInPlace.length ? `Still on the servers: ${r.changesInPlace.join(', ')}.` : 'Nothing this run made is on the servers.'}`,
  ],
  ['Site', s ? `${s.domain}, AD site ${s.adSite}, DAG ${s.dag.name} (${s.dag.servers.join(', ')})` : 'not read'],
  ['Client access point', i ? `${i.name}, ${i.address} / ${i.subnetMask || '?'} on ${i.network}` : 'not chosen'],
  ['Run by', doc.who.account ?? 'unknown account'],
  ['From workstation', r.where.workstation ?? 'not recorded'],
  ['Exchange server · cluster node', `${r.where.exchangeServer ?? '—'} · ${r.where.clusterNode ?? '—'}`],
  ['Target', delaysText(doc)],
  ['Run', `started ${when(r.startedAt)}`],
  ['Outage during the failover test', outageText(doc)],
])}
<div class="banner unsupported"><strong>Not a Microsoft-supported configuration, on out-of-support products</strong>
<p>${UNSUPPORTED_PLATFORM}</p>
<p>The extra "Other Server" role on the DAG's cluster is a field technique: Microsoft dedicates the DAG cluster to the DAG. See "What to know from now on" for what breaks it.</p>
<ul class="links">${SUPPORT_LINKS.map((l) => html`<li><a href="${l.url}">${l.title}</a></li>`)}</ul></div>
</section>
${inPlaceLists(doc)}
<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2>
<ol>${toc(doc).map((t) => html`<li><a href="#${t.id}">${t.title}</a></li>`)}</ol></nav>`;
}
