// The report's sections, each rendered from the report document only.
import { html, raw, type Markup } from './escape';
import { code, kv, pill, STATE_LABEL, table, when } from './html-parts';
import { checkDoc } from './links';
import { timelineSvg } from './timeline-svg';
import type { DiffObject, ReportDocument, ReportFailover, ReportStep } from './types';
import { eventTime, simulatedMoveText } from '../../shared/failover-events';

export function siteSection(doc: ReportDocument): Markup {
  const s = doc.site;
  if (!s) return html`<h2 id="site">Site</h2><p>The site was not read: the run stopped at Connect.</p>`;
  const roleOf = (r: number) => (r === 3 ? 'Cluster and client' : r === 1 ? 'Cluster only (replication)' : 'Not used by the cluster');
  return html`<h2 id="site">Site</h2>
${kv([
  ['Domain', s.domain],
  ['AD site', s.adSite],
  ['DAG', `${s.dag.name} (${s.dag.servers.join(', ')}); DAG IP ${s.dag.ipAddresses.join(', ') || '—'}`],
  ['File share witness', `${s.dag.witnessServer} ${s.dag.witnessDirectory}`],
  ['Cluster', `${s.cluster.name}: ${s.cluster.nodes.map((n) => `${n.name} ${n.state}`).join(', ')}`],
])}
<h3>Servers</h3>
${table(
  ['Server', 'Exchange version', 'Roles', 'AD site', 'Address'],
  s.servers.map((x) => [x.fqdn, x.adminDisplayVersion, x.serverRole, x.site, x.address ?? '—']),
)}
<h3>Cluster networks</h3>
${table(
  ['Network', 'Address', 'Mask', 'Role', 'State'],
  s.cluster.networks.map((n) => [n.name, n.address, n.addressMask, roleOf(n.role), n.state]),
)}
<h3>Databases and copies</h3>
${table(
  ['Database', 'Copy on', 'Status', 'Preference', 'Copy / replay queue', 'Content index'],
  s.databases.flatMap((d) =>
    d.copies.map((c) => [
      d.name,
      c.server,
      c.status,
      c.activationPreference,
      `${String(c.copyQueueLength)} / ${String(c.replayQueueLength)}`,
      c.contentIndexState,
    ]),
  ),
)}`;
}

function docLink(id: string): Markup | string {
  const doc = checkDoc(id);
  return doc ? html`<a href="${doc.url}">${doc.cmdlet}</a>` : '—';
}

export function checksSection(title: string, checks: ReportDocument['preflight']): Markup {
  if (checks.length === 0) return html``;
  return html`<h3>${title}</h3>${table(
    ['Check', 'Result', 'Evidence', 'What to do', 'Documentation'],
    checks.map((c) => [c.title, pill(c.status, c.status), c.evidence, c.fix || '—', docLink(c.id)]),
  )}`;
}

function stepCard(s: ReportStep): Markup {
  const ran = s.startedAt ? `${when(s.startedAt)}${s.durationSeconds !== null ? ` · ${s.durationSeconds.toFixed(1)} s` : ''}` : '';
  const time = s.state === 'rolledBack' ? `${ran}${ran ? ' · ' : ''}undone ${s.undoneAt ? when(s.undoneAt) : '(time not recorded)'}` : ran;
  return html`<div class="card">
<div class="step-head"><h3>${s.title}</h3>${pill(s.state, STATE_LABEL[s.state])}<span class="meta">${time}${s.writeUpSteps.length ? ` · write-up steps ${s.writeUpSteps.join(', ')}` : ''}</span></div>
${s.summary ? html`<p>${s.summary}</p>` : ''}
${
  s.before.length
    ? html`<div class="meta">Found before the change</div>${table(
        ['What', 'Value'],
        s.before.map((b) => [b.label, b.value]),
      )}`
    : ''
}
${
  s.commands.length
    ? html`<p class="meta">Commands: ${s.commands.map((c, i) => html`${i ? ', ' : ''}<a href="#command-${c.id}">#${c.id}</a>`)} (appendix)</p>`
    : html`<p class="meta">No PowerShell ran for this step.</p>`
}
</div>`;
}

export function stepsSection(doc: ReportDocument): Markup {
  const undone = doc.steps.some((s) => s.state === 'rolledBack');
  return html`<section class="page" id="steps"><h2>Steps</h2>
${doc.lab ? html`<p class="meta">Lab rehearsal: the times are how long the lab's simulated servers took, not real servers.</p>` : ''}
${table(
  ['Step', 'State', 'Started', 'Duration', ...(undone ? ['Undone'] : []), 'Commands'],
  doc.steps.map((s) => [
    s.title,
    pill(s.state, STATE_LABEL[s.state]),
    when(s.startedAt),
    s.durationSeconds === null ? '—' : `${s.durationSeconds.toFixed(1)} s`,
    ...(undone ? [s.state === 'rolledBack' ? (s.undoneAt ? when(s.undoneAt) : 'time not recorded') : '—'] : []),
    s.commands.length,
  ]),
)}
${doc.steps.filter((s) => s.state !== 'notReached' || s.commands.length > 0).map(stepCard)}
</section>`;
}

export function clientChecksSection(doc: ReportDocument): Markup {
  if (doc.clientChecks.length === 0) return html`<section id="client-checks"><h2>Client access checks</h2><p>Not run.</p></section>`;
  return html`<section id="client-checks"><h2>Client access checks</h2>
<p class="meta">${doc.lab ? "Lab rehearsal: each cmdlet was answered by the lab's simulated servers, and the times are the lab's. " : ''}Each cmdlet ran on an Exchange server; the Detail column says which server or name it reached.</p>
${table(
  ['Check', 'Cmdlet', 'Result', 'Time', 'Detail'],
  doc.clientChecks.map((c) => [
    c.title,
    docLink(c.id) === '—' ? c.cmdlet : docLink(c.id),
    pill(c.result, c.result),
    `${(c.latencyMs / 1000).toFixed(2)} s`,
    c.detail,
  ]),
)}</section>`;
}

/** Only when the admin asked for it: what Test-Cluster returned, with the report it wrote on the node. */
export function clusterValidationSection(doc: ReportDocument): Markup {
  const v = doc.clusterValidation;
  if (!v) return html``;
  const learn = html`<a href="https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/ee461026(v=ws.10)">Test-Cluster</a>`;
  return html`<section id="cluster-validation"><h2>Cluster validation</h2>
<p class="meta">The cluster's own validation (${learn}), run after the role was added, with the non-disruptive categories only: storage tests are never run on a live DAG. ${when(v.ranAt)}.</p>
${code(v.command)}
${v.error ? html`<p><strong>Test-Cluster did not finish:</strong> ${v.error}</p>` : ''}
${
  v.categories.length
    ? table(
        ['Category', 'Passed', 'Warnings', 'Failed'],
        v.categories.map((c) => [c.category, c.succeeded, c.warnings, c.failed]),
      )
    : v.error
      ? ''
      : html`<p>No per-category results could be read from the report file; open it for the details.</p>`
}
${v.reportPath ? kv([['Report file (on the cluster node)', v.reportPath]]) : ''}
${v.warnings.length ? html`<h3>Warnings Test-Cluster wrote</h3><ul>${v.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
</section>`;
}

export function failoverSection(f: ReportFailover | null): Markup {
  if (!f) return html`<section id="failover"><h2>Failover test</h2><p>Not run.</p></section>`;
  const verdict =
    f.recoverySeconds === null
      ? html`<p><strong>No full recovery was seen.</strong> ${f.sentence}</p>`
      : f.measured
        ? html`<p><strong>Measured outage: ${f.outageText}.</strong> ${f.sentence} Measured from the first probe ${f.outageNode ?? 'the node'} did not answer until a MAPI logon worked on every database through the surviving server, with the role Online and the array answering.</p>`
        : html`<p><strong>Outage: ${f.outageText}.</strong> The lab switched over instantly because its delays were set to zero; this shows the procedure works, not how long a real outage takes.</p>`;
  const words = f.events.length
    ? html`<ol class="events">${f.events.map((x) => html`<li>${x.kind === 'gap' ? '' : `${eventTime(x)}: `}${x.text}</li>`)}</ol>`
    : '';
  const count = `${String(f.samples.length)} ${f.samples.length === 1 ? 'sample' : 'samples'}`;
  const svg = timelineSvg(f.samples, f.referenceSeconds, f.measured ? f.recoverySeconds : null, f.events, f.outageNode);
  return html`<section id="failover"><h2>Failover test</h2>
${verdict}
${f.finished ? '' : html`<p class="meta">The test did not finish; the timeline shows the samples taken so far.</p>`}
${
  f.planned.length
    ? table(
        ['Planned move to', 'Role state', 'Array answered', 'Seconds'],
        f.planned.map((p) => [
          p.to,
          p.state,
          p.arrayReachable ? 'yes' : 'no',
          `${p.seconds.toFixed(1)}${f.simulated ? ` (${simulatedMoveText(f.simulated)})` : ''}`,
        ]),
      )
    : ''
}
${
  f.samples.length
    ? html`<h3>Timeline of the outage (${count})</h3>
${svg ? html`${raw(svg)}<p class="legend">Seconds since the node went silent to the workstation. Each lane shows who held the role or the active copy, whether the array answered the workstation's probe and whether a MAPI logon worked, from the first sample to the last (drawn half a second wide); dashed: the role was not Online, or no observation; red: no mounted copy / silent / logon failing. The numbered circles are the events listed below.</p>` : ''}
${words}
${table(
  ['Seconds', 'Role', 'Active copies', 'Array answered', 'MAPI logon', 'Test message'],
  f.samples.map((x) => [
    x.gap ? `${x.t.toFixed(1)} (no observation since ${x.gap.from.toFixed(1)})` : x.t.toFixed(1),
    `${x.roleOwner} (${x.roleState})`,
    Object.entries(x.activeCopies)
      .map(([db, on]) => `${db}: ${on ?? 'not mounted'}`)
      .join(', '),
    x.arrayReachable ? 'yes' : 'no',
    x.logon
      ? Object.values(x.logon).every(Boolean)
        ? 'every database'
        : `failing: ${Object.entries(x.logon)
            .filter(([, ok]) => !ok)
            .map(([db]) => db)
            .join(', ')}`
      : 'not tried',
    x.mail === undefined ? '' : x.mail ? 'delivered' : 'queued',
  ]),
)}`
    : ''
}
<h3>What the wizard observed</h3>
${f.phases.map((p) => html`<p><strong>${p.title}.</strong> ${p.saw}</p>`)}
${
  f.phases.some((p) => p.guidance)
    ? html`<h3>Guidance: what clients usually notice</h3>
<p class="meta">General behaviour of Outlook and OWA in such a switch-over, not something this run observed: the wizard watches the cluster, not the clients.</p>
<ul>${[...new Set(f.phases.map((p) => p.guidance).filter((g) => g))].map((g) => html`<li>${g}</li>`)}</ul>`
    : ''
}
</section>`;
}

export function noticesSection(doc: ReportDocument): Markup {
  return html`<section id="notices"><h2>What to know from now on</h2>
${doc.notices.map((n) => html`<div class="card notice"><h3>${n.title}</h3>${n.paragraphs.map((p) => html`<p>${p}</p>`)}${n.commands.length ? code(n.commands.join('\n')) : ''}</div>`)}
</section>`;
}

export function undoSection(doc: ReportDocument): Markup {
  if (doc.undo.length === 0) {
    return html`<section id="undo"><h2>How to undo what is still in place</h2><p>Nothing this run made is still on the servers: there is nothing to undo.</p></section>`;
  }
  const where: Record<string, string> = {
    exchange: 'Exchange Management Shell',
    cluster: 'a cluster node, after Import-Module FailoverClusters',
    local: "the wizard's session (its helper functions)",
  };
  return html`<section id="undo"><h2>How to undo what is still in place</h2>
<p>Newest change first, with the values recorded before each change. Each block checks before it acts: a second run finds nothing left to undo and changes nothing. The blocks below are the wizard's own rollback scripts; the script after them runs them all as it stands.</p>
${doc.undo.map((u, i) => html`<div class="card"><h3>${i + 1}. ${u.title}</h3><p>${u.summary}</p>${u.scripts.map((s) => html`<div class="meta">Runs in: ${where[s.runsOn] ?? s.runsOn}</div>${code(s.text)}`)}</div>`)}
${doc.undoScript ? html`<h3>The whole undo as one script</h3><p>${doc.undoScript.note}</p>${code(doc.undoScript.text)}` : ''}
</section>`;
}

const OP_CLASS: Record<DiffObject['op'], string> = { '+': 'op-add', '-': 'op-remove', '~': 'op-change' };

export function diffSection(doc: ReportDocument): Markup {
  const d = doc.diff;
  // One tbody per object, so a page break never separates an object from its fields.
  const groups = d.objects.map(
    (o) => html`<tbody><tr class="object"><td class="sign ${OP_CLASS[o.op]}">${o.op}</td><td colspan="2">${o.kind} ${o.name}</td></tr>
${o.fields.map((f) => html`<tr><td class="sign ${OP_CLASS[f.op]}">${f.op}</td><td>${f.field}</td><td>${f.op === '~' ? `${f.before ?? ''} → ${f.after ?? ''}` : f.op === '+' ? f.after : f.before}</td></tr>`)}</tbody>`,
  );
  return html`<section id="diff"><h2>Before and after</h2>
<p>${d.note}${d.available ? ` Before: ${when(d.beforeAt)}; after: ${when(d.afterAt)}. Only what changed is listed (+ added, - removed, ~ changed).` : ''}</p>
${d.objects.length ? html`<table class="diff"><colgroup><col style="width:2em"><col style="width:32%"><col></colgroup>${groups}</table>` : ''}</section>`;
}
