// The report's first page: the outcome (a rolled-back run says so first), what is on the servers now,
// the site, who ran it from where with which version, the support warning and the outage time; then
// the table of contents. Everything else in the report is detail behind this page.
import { simulatedOutageText } from '../../shared/failover-events';
import { html, type Markup } from './escape';
import { kv, when } from './html-parts';
import { SUPPORT_LINKS } from './links';
import { UNSUPPORTED_PLATFORM } from './notices';
import type { ReportDocument, ReportRollback, RunStatus } from './types';

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

/** "the lab seed's own delays: node loss 5 s, group online 2 s, database mount 8 s" (null: not a lab run, or not read). */
function delaysPhrase(doc: ReportDocument): string | null {
  const d = doc.run.labDelays;
  if (!doc.lab || !d) return null;
  const whose = doc.run.labDelaysSource === 'seed' ? "the lab seed's own delays" : 'the delays set for this run';
  return `${whose}: node loss ${String(d.nodeLossDetection)} s, group online ${String(d.groupOnline)} s, database mount ${String(d.databaseMount)} s`;
}

function delaysText(doc: ReportDocument): string {
  if (!doc.lab) return 'real servers';
  return `LAB REHEARSAL on simulated servers, with ${delaysPhrase(doc) ?? 'delays that could not be read'}`;
}

/** The lab's outage is its delays played back, not a measurement of servers: said beside the number. */
function outageText(doc: ReportDocument): string {
  const f = doc.failover;
  if (!f) return 'not tested';
  if (f.recoverySeconds === null) return f.outageNode ? 'no full recovery seen within the watch window' : 'the outage was not run';
  if (!f.measured) return f.outageText;
  // The lab's outage is its delays played back, not a measurement of servers: said beside the number, with the delays.
  const lab = doc.lab
    ? ` — lab, ${f.simulated ? simulatedOutageText(f.simulated) : 'simulated delays'}: the lab's delays played back, not a measurement of real servers`
    : '';
  return `${f.recoverySeconds.toFixed(1)} s from ${f.outageNode ?? 'the node'} going silent until a client could log on to every database again (write-up: under ${String(f.referenceSeconds)} s)${lab}`;
}

const SCOPE: Record<ReportRollback['scope'], string> = {
  all: 'Roll back everything',
  step: 'Roll back this step',
  to: 'Roll back to a step',
};
const RESULT: Record<ReportRollback['result'], string> = {
  done: 'finished',
  failed: 'did not finish (see the error above)',
  running: 'still running when this report was made',
};

function rollbackRows(doc: ReportDocument): [string, string][] {
  return doc.run.rollbacks.map((r, i) => [
    doc.run.rollbacks.length > 1 ? `Rollback ${String(i + 1)}` : 'Rollback',
    `${SCOPE[r.scope]}${r.to ? ` (after ${r.to})` : ''}, asked ${r.requestedAt ? when(r.requestedAt) : '(time not recorded)'} by ${r.by ?? '(user not recorded)'}; ${RESULT[r.result]}. Undone: ${
      r.undone.map((u) => `${u.title} at ${u.at ? when(u.at) : '(time not recorded)'}`).join('; ') || 'nothing yet'
    }.`,
  ]);
}

function acknowledgementText(doc: ReportDocument): string {
  const a = doc.run.acknowledgement;
  if (!a) return 'not acknowledged: the run stopped before the first change';
  const what = a.what === 'notice' ? 'the unsupported configuration' : 'the unsupported configuration and the preflight warnings';
  return `${what}, by ${a.by ?? '(user not recorded)'} at ${a.at ? when(a.at) : '(time not recorded)'}`;
}

/** The field-technique sentence names the role only while it is on the cluster. */
function roleSentence(doc: ReportDocument): string {
  const p = doc.run.inPlace;
  const group = (e: { stepId: string; what: string }) => e.stepId === 'clusterRole' && e.what.startsWith('Cluster group');
  if ([...p.made, ...p.found].some(group))
    return `The extra "Other Server" role on the DAG's cluster is a field technique: Microsoft dedicates the DAG cluster to the DAG. See "What to know from now on" for what breaks it.`;
  if (p.undone.some(group))
    return `This run's extra "Other Server" role was removed from the DAG's cluster by the rollback: the cluster carries no role of this run now.`;
  return '';
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

/** A lab report cannot be taken for a production one: this banner opens its first page, in every format that prints it. */
function labBanner(doc: ReportDocument): Markup {
  if (!doc.lab) return html``;
  return html`<div class="banner lab" role="note"><strong>LAB REHEARSAL — no real server was changed</strong>
<p>Every server, result and time in this report comes from the wizard's lab, which simulates the servers, with ${delaysPhrase(doc) ?? 'delays that could not be read'}. It shows that the procedure works on this site's names; it does not show how real servers behave.</p></div>`;
}

export function summaryPage(doc: ReportDocument): Markup {
  const r = doc.run;
  const s = doc.site;
  const i = doc.inputs;
  const lab = doc.lab;
  const title = `${STATUS_TITLE[r.status]}${lab ? ' (lab rehearsal)' : ''}`;
  return html`<section class="summary" id="summary">
${labBanner(doc)}
<header class="top">
<div class="product">${doc.generator.name} ${doc.generator.version} · completion report · ${lab ? 'LAB REHEARSAL (no real servers were changed)' : 'real servers'}</div>
<h1>${title}: ${i ? `Client Access array ${i.fqdn}` : 'no client access point chosen'}${s ? ` on ${s.dag.name}` : ''}${i && r.inPlace.undone.some((e) => e.stepId === 'casArray') ? ' — removed by the rollback' : ''}</h1>
<div class="meta">Report generated ${when(doc.generatedAt)} · journal last updated ${when(r.updatedAt)}</div>
</header>
<div class="banner ${r.status}${lab ? ' lab-run' : ''}"><strong>${title}</strong>${r.headline}
${r.error ? html`<p class="error">${r.error.message}${r.error.powershell ? ` — PowerShell: ${r.error.powershell}` : ''}</p><p>${r.error.advice}</p>` : ''}</div>
${kv([
  [
    'Outcome',
    `${title}. ${r.changesInPlace.length ? `Still on the servers: ${r.changesInPlace.join(', ')}.` : 'Nothing this run made is on the servers.'}`,
  ],
  ...rollbackRows(doc),
  ['Site', s ? `${s.domain}, AD site ${s.adSite}, DAG ${s.dag.name} (${s.dag.servers.join(', ')})` : 'not read'],
  ['Client access point', i ? `${i.name}, ${i.address} / ${i.subnetMask || '?'} on ${i.network}` : 'not chosen'],
  ['Run by', doc.who.account ?? 'unknown account'],
  ['From workstation', r.where.workstation ?? 'not recorded'],
  ['Exchange server · cluster node', `${r.where.exchangeServer ?? '—'} · ${r.where.clusterNode ?? '—'}`],
  ['Target', delaysText(doc)],
  ['Run', `started ${when(r.startedAt)}`],
  ['Unsupported configuration acknowledged', acknowledgementText(doc)],
  ['Outage during the failover test', outageText(doc)],
])}
<div class="banner unsupported"><strong>Not a Microsoft-supported configuration, on out-of-support products</strong>
<p>${UNSUPPORTED_PLATFORM}</p>
${roleSentence(doc) ? html`<p>${roleSentence(doc)}</p>` : ''}
<ul class="links">${SUPPORT_LINKS.map((l) => html`<li><a href="${l.url}">${l.title}</a></li>`)}</ul></div>
</section>
${inPlaceLists(doc)}
<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2>
<ol>${toc(doc).map((t) => html`<li><a href="#${t.id}">${t.title}</a></li>`)}</ol></nav>`;
}
