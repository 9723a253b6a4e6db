// The report's "Rehearsal" section. A lab run on a snapshot says whose site it copied and when (the
// seed's snapshot header). A real run says whether and when this site was rehearsed (a lab run's journal
// kept in the state folder, matched by domain + DAG) and where the real plan differs from the rehearsal's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteFacts } from '../../shared/site';
import { siteIdentity } from '../../shared/site';
import type { AccessPointInputs } from '../../shared/validation';
import type { JournalData } from '../procedure/journal';
import { labLimitsOf } from '../procedure/snapshot-limits';
import { html, type Markup } from './escape';
import { kv } from './html-parts';
import { machineState } from './status';

export interface ReportRehearsal {
  /** This run is the rehearsal (a lab run on a seed) or the real run. */
  kind: 'rehearsal' | 'real';
  /** A rehearsal on a snapshot: whose site and when it was read. Null when the seed is no snapshot or is gone. */
  copyOf: { domain: string; dag: string; adSite: string; source: 'lab' | 'real'; exchangeServer: string; takenAt: string } | null;
  /** A rehearsal: the seed file, and what the lab could not play of it. */
  seed: string | null;
  labCannotPlay: string[];
  /** A rehearsal: what the snapshot could not read and filled in (its header's `assumed`). */
  assumed: string[];
  /** A real run: the latest rehearsal of this site in the state folder; null when none was found. */
  rehearsed: { at: string; completed: boolean; journal: string; copyTakenAt: string | null } | null;
  /** A real run: where what it read and chose differs from what the rehearsal read and chose. */
  differences: string[];
}

type SnapshotHeader = {
  assumed?: unknown[];
  takenAt?: string;
  source?: { kind?: string; exchangeServer?: string; domain?: string; adSite?: string; dag?: string };
};

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function headerOf(seed: unknown): SnapshotHeader | null {
  const h = (seed as { snapshot?: SnapshotHeader } | null)?.snapshot;
  return h && typeof h === 'object' ? h : null;
}

function runOutcome(journal: JournalData): { site: SiteFacts | null; inputs: AccessPointInputs | null; completed: boolean } {
  const state = machineState(journal);
  const site = (state.context.outputs.connect as SiteFacts | undefined) ?? null;
  return { site, inputs: state.context.inputs, completed: JSON.stringify(state.value) === JSON.stringify({ complete: 'done' }) };
}

/** What the real run meets that the rehearsal did not: databases, their active server and pointer, members, networks, inputs. */
export function planDifferences(
  rehearsal: { site: SiteFacts | null; inputs: AccessPointInputs | null },
  real: { site: SiteFacts | null; inputs: AccessPointInputs | null },
): string[] {
  const out: string[] = [];
  const a = rehearsal.site;
  const b = real.site;
  if (!a || !b) return out;
  const dbA = new Map(a.databases.map((d) => [d.name, d]));
  const dbB = new Map(b.databases.map((d) => [d.name, d]));
  for (const [name, d] of dbB) {
    const was = dbA.get(name);
    if (!was) out.push(`database ${name} was added since the rehearsal (active on ${d.server})`);
    else {
      if (was.server.toLowerCase() !== d.server.toLowerCase())
        out.push(`database ${name} is active on ${d.server} (rehearsed on ${was.server})`);
      if (was.rpcClientAccessServer.toLowerCase() !== d.rpcClientAccessServer.toLowerCase())
        out.push(`database ${name} points at ${d.rpcClientAccessServer} (rehearsed: ${was.rpcClientAccessServer})`);
    }
  }
  for (const name of dbA.keys()) if (!dbB.has(name)) out.push(`database ${name} is gone since the rehearsal`);
  const members = (s: SiteFacts) =>
    s.dag.servers
      .map((x) => x.toUpperCase())
      .sort()
      .join(', ');
  if (members(a) !== members(b)) out.push(`DAG members are ${members(b)} (rehearsed: ${members(a)})`);
  const nets = (s: SiteFacts) =>
    s.cluster.networks
      .map((n) => `${n.name} ${n.address}/${n.addressMask} role ${String(n.role)}`)
      .sort()
      .join('; ');
  if (nets(a) !== nets(b)) out.push(`cluster networks are ${nets(b)} (rehearsed: ${nets(a)})`);
  const setup = (s: SiteFacts) =>
    s.found
      ? `${s.found.groups.map((g) => `group ${g.name} on ${g.ownerNode}`).join(', ')}${s.found.array ? ` array ${s.found.array.fqdn}` : ''}`
      : 'none';
  if (setup(a) !== setup(b)) out.push(`setup found on the servers: ${setup(b)} (rehearsed: ${setup(a)})`);
  const ri = rehearsal.inputs;
  const ii = real.inputs;
  if (ri && ii)
    for (const k of ['name', 'address', 'network'] as const)
      if (ri[k] !== ii[k]) out.push(`client access point ${k} ${ii[k]} (rehearsed: ${ri[k]})`);
  return out;
}

/** The latest lab run on this site kept in the state folder (archived journals), newest first. */
function latestRehearsal(stateDir: string, identity: string): { file: string; journal: JournalData } | null {
  if (!existsSync(stateDir)) return null;
  const found = readdirSync(stateDir)
    .filter((f) => /^journal\.archived-.*\.json$/.test(f))
    .map((f) => ({ file: join(stateDir, f), journal: readJson(join(stateDir, f)) as Partial<JournalData> | null }))
    .filter((r): r is { file: string; journal: JournalData } => r.journal?.target?.kind === 'lab' && r.journal.siteIdentity === identity)
    .sort((x, y) => (x.journal.updatedAt < y.journal.updatedAt ? 1 : -1));
  return found[0] ?? null;
}

export function buildRehearsal(journal: JournalData, stateDir: string | undefined): ReportRehearsal | null {
  const target = journal.target;
  if (target.kind === 'lab') {
    // Only a lab run on a seed of the admin's choosing is a rehearsal of a site; the write-up's is training.
    const seedPath = target.labSeedPath ?? null;
    const seed = seedPath ? readJson(seedPath) : null;
    const header = headerOf(seed) ?? headerOf(target.labStatePath ? readJson(target.labStatePath) : null);
    if (!header) return null;
    const src = header.source ?? {};
    return {
      kind: 'rehearsal',
      copyOf: {
        domain: src.domain ?? '',
        dag: src.dag ?? '',
        adSite: src.adSite ?? '',
        source: src.kind === 'real' ? 'real' : 'lab',
        exchangeServer: src.exchangeServer ?? '',
        takenAt: header.takenAt ?? '',
      },
      seed: seedPath,
      labCannotPlay: seed ? labLimitsOf(seed) : [],
      assumed: Array.isArray(header.assumed) ? header.assumed.filter((a): a is string => typeof a === 'string') : [],
      rehearsed: null,
      differences: [],
    };
  }
  if (!stateDir || !journal.siteIdentity) return null;
  const real = runOutcome(journal);
  const identity = real.site ? siteIdentity(real.site) : journal.siteIdentity;
  const last = latestRehearsal(stateDir, identity);
  if (!last) return { kind: 'real', copyOf: null, seed: null, labCannotPlay: [], assumed: [], rehearsed: null, differences: [] };
  const rehearsal = runOutcome(last.journal);
  const seed = last.journal.target.labSeedPath ? readJson(last.journal.target.labSeedPath) : null;
  return {
    kind: 'real',
    copyOf: null,
    seed: null,
    labCannotPlay: [],
    assumed: [],
    rehearsed: {
      at: last.journal.updatedAt,
      completed: rehearsal.completed,
      journal: last.file,
      copyTakenAt: headerOf(seed)?.takenAt ?? null,
    },
    differences: planDifferences(rehearsal, real),
  };
}

export function rehearsalSection(r: ReportRehearsal | undefined): Markup | string {
  if (!r) return '';
  if (r.kind === 'rehearsal') {
    const c = r.copyOf;
    return html`<section id="rehearsal"><h2>Rehearsal</h2>
<p>This run rehearsed the procedure in the lab on a copy of ${c?.domain ?? 'a site'} (DAG ${c?.dag ?? '?'}); nothing on that site was changed.</p>
${kv([
  ['Copy of', `${c?.domain ?? ''}, DAG ${c?.dag ?? ''}, AD site ${c?.adSite ?? ''}`],
  ['Read from', c?.source === 'real' ? `the servers, through ${c.exchangeServer}` : 'a lab'],
  ['Read at', c?.takenAt ?? ''],
  ['Seed file', r.seed ?? ''],
])}
${r.labCannotPlay.length ? html`<p>What the lab could not play of that site:</p><ul>${r.labCannotPlay.map((l) => html`<li>${l}</li>`)}</ul>` : ''}
${r.assumed.length ? html`<p>Not read from the site, filled in for the lab:</p><ul>${r.assumed.map((l) => html`<li>${l}</li>`)}</ul>` : ''}</section>`;
  }
  if (!r.rehearsed)
    return html`<section id="rehearsal"><h2>Rehearsal</h2><p>No rehearsal of this site was found in the state folder (a lab run on a snapshot of it: <code>exha snapshot</code>, then <code>exha run --lab --lab-seed</code>).</p></section>`;
  const h = r.rehearsed;
  return html`<section id="rehearsal"><h2>Rehearsal</h2>
<p>This site was rehearsed in the lab on ${h.at}${h.copyTakenAt ? html`, on a copy read ${h.copyTakenAt}` : ''}; the rehearsal ${h.completed ? 'completed' : 'did not complete'}.</p>
${r.differences.length ? html`<p>Where this run differs from the rehearsal:</p><ul>${r.differences.map((d) => html`<li>${d}</li>`)}</ul>` : html`<p>This run read and chose the same as the rehearsal.</p>`}
<p class="meta">Rehearsal journal: ${h.journal}</p></section>`;
}
