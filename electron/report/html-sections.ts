// The report's sections, each rendered from the report document only.
import { html, raw, type Markup } from './escape';
import { code, command, kv, pill, STATE_LABEL, table, when } from './html-parts';
import { timelineSvg } from './timeline-svg';
import type { DiffObject, ReportDocument, ReportFailover, ReportStep } from './types';

export function siteSection(doc: ReportDocument): Markup {
  const s = doc.site;
  if (!s) return html`<h2>Site</h2><p>The site was not read: the run stopped at Connect.</p>`;
  const roleOf = (r: number) => (r === 3 ? 'Cluster and client' : r === 1 ? 'Cluster only (replication)' : 'Not used by the cluster');
  return html`<h2>Site</h2>
${kv([['Domain', s.domain], ['AD site', s.adSite], ['DAG', `${s.dag.name} (${s.dag.servers.join(', ')}); DAG IP ${s.dag.ipAddresses.join(', ') || '—'}`],
    ['File share witness', `${s.dag.witnessServer} ${s.dag.witnessDirectory}`], ['Cluster', `${s.cluster.name}: ${s.cluster.nodes.map((n) => `${n.name} ${n.state}`).join(', ')}`]])}
<h3>Servers</h3>
${table(['Server', 'Exchange version', 'Roles', 'AD site', 'Address'], s.servers.map((x) => [x.fqdn, x.adminDisplayVersion, x.serverRole, x.site, x.address ?? '—']))}
<h3>Cluster networks</h3>
${table(['Network', 'Address', 'Mask', 'Role', 'State'], s.cluster.networks.map((n) => [n.name, n.address, n.addressMask, roleOf(n.role), n.state]))}
<h3>Databases and copies</h3>
${table(['Database', 'Copy on', 'Status', 'Preference', 'Copy / replay queue', 'Content index'],
    s.databases.flatMap((d) => d.copies.map((c) => [d.name, c.server, c.status, c.activationPreference, `${String(c.copyQueueLength)} / ${String(c.replayQueueLength)}`, c.contentIndexState])))}`;
}

export function checksSection(title: string, checks: ReportDocument['preflight']): Markup {
  if (checks.length === 0) return html``;
  return html`<h3>${title}</h3>${table(['Check', 'Result', 'Evidence', 'What to do'], checks.map((c) => [c.title, pill(c.status, c.status), c.evidence, c.fix || '—']))}`;
}

function stepCard(s: ReportStep): Markup {
  const time = s.startedAt ? `${when(s.startedAt)}${s.durationSeconds !== null ? ` · ${s.durationSeconds.toFixed(1)} s` : ''}` : '';
  return html`<div class="card">
<div class="step-head"><h3>${s.title}</h3>${pill(s.state, STATE_LABEL[s.state])}<span class="meta">${time}${s.writeUpSteps.length ? ` · write-up steps ${s.writeUpSteps.join(', ')}` : ''}</span></div>
${s.summary ? html`<p>${s.summary}</p>` : ''}
${s.before.length ? html`<div class="meta">Found before the change</div>${table(['What', 'Value'], s.before.map((b) => [b.label, b.value]))}` : ''}
${s.commands.length ? s.commands.map(command) : html`<p class="meta">No PowerShell ran for this step.</p>`}
</div>`;
}

export function stepsSection(doc: ReportDocument): Markup {
  return html`<section class="page"><h2>Steps</h2>
${table(['Step', 'State', 'Started', 'Duration', 'Commands'], doc.steps.map((s) => [s.title, pill(s.state, STATE_LABEL[s.state]), when(s.startedAt), s.durationSeconds === null ? '—' : `${s.durationSeconds.toFixed(1)} s`, s.commands.length]))}
${doc.steps.filter((s) => s.state !== 'notReached' || s.commands.length > 0).map(stepCard)}
${doc.otherCommands.length ? html`<div class="card"><h3>Commands outside a step</h3>${doc.otherCommands.map(command)}</div>` : ''}
</section>`;
}

export function clientChecksSection(doc: ReportDocument): Markup {
  if (doc.clientChecks.length === 0) return html``;
  return html`<h2>Client access checks</h2>
${table(['Check', 'Cmdlet', 'Result', 'Time', 'Detail'], doc.clientChecks.map((c) => [c.title, c.cmdlet, pill(c.result, c.result), `${(c.latencyMs / 1000).toFixed(2)} s`, c.detail]))}`;
}

export function failoverSection(f: ReportFailover | null): Markup {
  if (!f) return html``;
  const verdict = f.recoverySeconds === null
    ? html`<p><strong>No full recovery was measured.</strong> The write-up saw everything switched within ${f.referenceSeconds} seconds.</p>`
    : html`<p><strong>Measured outage: ${f.recoverySeconds.toFixed(1)} s</strong> from ${f.outageNode ?? 'the node'} going down until the role, every database and the array were back — the write-up measured under ${f.referenceSeconds} s.</p>`;
  return html`<section><h2>Failover test</h2>
${verdict}
${f.finished ? '' : html`<p class="meta">The test did not finish; the timeline shows the samples taken so far.</p>`}
${f.planned.length ? table(['Planned move to', 'Role state', 'Array answered', 'Seconds'], f.planned.map((p) => [p.to, p.state, p.arrayReachable ? 'yes' : 'no', p.seconds.toFixed(1)])) : ''}
${f.samples.length ? html`<h3>Timeline of the outage</h3>${raw(timelineSvg(f.samples, f.referenceSeconds, f.recoverySeconds))}<p class="legend">Each lane shows who held the role or the active copy, second by second after the node went down; dashed: the role was not Online; red: no mounted copy / the array did not answer.</p>` : ''}
<h3>What the admin saw</h3>
${f.phases.map((p) => html`<p><strong>${p.title}.</strong> ${p.saw}</p>`)}
</section>`;
}

export function noticesSection(doc: ReportDocument): Markup {
  return html`<section><h2>What to know from now on</h2>
${doc.notices.map((n) => html`<div class="card notice"><h3>${n.title}</h3>${n.paragraphs.map((p) => html`<p>${p}</p>`)}${n.commands.length ? code(n.commands.join('\n')) : ''}</div>`)}
</section>`;
}

export function undoSection(doc: ReportDocument): Markup {
  return html`<h2>How to undo everything</h2>
${doc.undo.length === 0
    ? html`<p>Nothing this run changed is still on the servers.</p>`
    : html`<p>Run these in this order (newest change first). Each command checks before it acts, so running one twice does no harm. Commands marked "workstation" use helper functions (Remove-ExhaDnsRecord, Remove-ExhaComputerObject) that the wizard and its exported .ps1 define; without them, delete the A record in DNS Manager and the computer account in Active Directory Users and Computers.</p>
${doc.undo.map((u, i) => html`<div class="card"><h3>${i + 1}. ${u.title}</h3><p>${u.summary}</p>${u.scripts.map((s) => code(s.text))}</div>`)}`}`;
}

const OP_CLASS: Record<DiffObject['op'], string> = { '+': 'op-add', '-': 'op-remove', '~': 'op-change' };

export function diffSection(doc: ReportDocument): Markup {
  const d = doc.diff;
  // One tbody per object, so a page break never separates an object from its fields.
  const groups = d.objects.map((o) => html`<tbody><tr class="object"><td class="sign ${OP_CLASS[o.op]}">${o.op}</td><td colspan="2">${o.kind} ${o.name}</td></tr>
${o.fields.map((f) => html`<tr><td class="sign ${OP_CLASS[f.op]}">${f.op}</td><td>${f.field}</td><td>${f.op === '~' ? `${f.before ?? ''} → ${f.after ?? ''}` : f.op === '+' ? f.after : f.before}</td></tr>`)}</tbody>`);
  return html`<h2>Before and after</h2>
<p>${d.note}${d.available ? ` Before: ${when(d.beforeAt)}; after: ${when(d.afterAt)}. Only what changed is listed (+ added, - removed, ~ changed).` : ''}</p>
${d.objects.length ? html`<table class="diff"><colgroup><col style="width:2em"><col style="width:32%"><col></colgroup>${groups}</table>` : ''}`;
}
