// Preflight verdicts: pure rules over what the servers reported, so they are tested without PowerShell.
import type { Check } from '../../../shared/results';
import type { SiteFacts } from '../../../shared/site';
import { adoptableGroup, contradictions, foundPieces } from '../../../shared/found';

export interface PreflightData {
  site: SiteFacts;
  exchange: {
    OperationalServers: string[];
    PrimaryActiveManager: string;
    WitnessShareInUse: string;
    Health: { Server: string; Check: string; Result: string; Error: string }[];
    Copies: {
      Name: string;
      DatabaseName: string;
      Server: string;
      Status: string;
      CopyQueueLength: number;
      ContentIndexState: string;
      ActivationSuspended: boolean;
    }[];
    MailboxServers: { Name: string; Policy: string; MountDial: string }[];
    Arrays: { Name: string; Fqdn: string; Site: string }[];
  };
  nodes: { Name: string; State: string }[];
  state: {
    Watermarks: { Server: string; Watermark: string; Action: string; Error: string }[];
    Witness: { Server: string; Directory: string; Reachable: boolean };
  };
}

/** Logs a passive copy may be behind and still mount automatically, per AutoDatabaseMountDial. */
const MOUNT_DIAL_LOGS: Record<string, number> = { Lossless: 0, GoodAvailability: 6, BestAvailability: 12 };

const pass = (id: string, title: string, evidence: string): Check => ({ id, title, status: 'pass', evidence, fix: '' });
const warn = (id: string, title: string, evidence: string, fix: string): Check => ({ id, title, status: 'warn', evidence, fix });
const fail = (id: string, title: string, evidence: string, fix: string): Check => ({ id, title, status: 'fail', evidence, fix });

function versions(site: SiteFacts): Check {
  const title = 'Exchange 2010 SP3 on both servers, same update';
  const members = site.servers.filter((s) => site.dag.servers.includes(s.name));
  const evidence = members.map((s) => `${s.name}: ${s.adminDisplayVersion}`).join('; ');
  const notSp3 = members.filter((s) => !/^Version 14\.3 /.test(s.adminDisplayVersion));
  if (notSp3.length > 0)
    return fail(
      'versions',
      title,
      evidence,
      `Install Exchange 2010 SP3 and the last update rollup on ${notSp3.map((s) => s.name).join(', ')}.`,
    );
  const builds = new Set(members.map((s) => s.adminDisplayVersion));
  if (builds.size > 1)
    return warn('versions', title, evidence, 'Bring both servers to the same service pack and update rollup before relying on failover.');
  // Exchange 2010's AdminDisplayVersion carries the service pack's build only: an update rollup does not
  // change it (HealthChecker reads ExSetup.exe's file version for that). So the rollup is not known from
  // here, and preflight says so rather than calling a server behind or current.
  return pass(
    'versions',
    title,
    `${evidence}: SP3. The update rollup is not shown there (Exchange 2010 keeps the service pack's build in AdminDisplayVersion): confirm the last one, ${LAST_ROLLUP.name} (${LAST_ROLLUP.build}, ${LAST_ROLLUP.released}), with ExSetup.exe's file version on each server: ${EXSETUP_VERSION}. Exchange 2010 is out of support since 2020-10-13.`,
  );
}

/** The command that shows the installed build, update rollup included, on an Exchange 2010 server. */
export const EXSETUP_VERSION = 'Get-Command ExSetup.exe | ForEach-Object { $_.FileVersionInfo.FileVersion }';

/** Exchange 2010's last update rollup: SP3 RU32, ExSetup.exe 14.3.513.0 (AdminDisplayVersion still "Version 14.3 (Build 123.4)"). */
export const LAST_ROLLUP = { name: 'Update Rollup 32', build: '14.3.513.0', released: 'March 2021' };

function roles(site: SiteFacts): Check {
  const title = 'Mailbox and Client Access roles on both servers';
  const members = site.servers.filter((s) => site.dag.servers.includes(s.name));
  const evidence = members.map((s) => `${s.name}: ${s.serverRole}`).join('; ');
  const missing = members.filter((s) => !/Mailbox/.test(s.serverRole) || !/ClientAccess/.test(s.serverRole));
  return missing.length > 0
    ? fail(
        'roles',
        title,
        evidence,
        `This design needs Mailbox + Client Access on both servers; ${missing.map((s) => s.name).join(', ')} lacks one.`,
      )
    : pass('roles', title, evidence);
}

function sameSite(site: SiteFacts): Check {
  const title = 'Both servers in the same AD site';
  const members = site.servers.filter((s) => site.dag.servers.includes(s.name));
  const sites = new Set(members.map((s) => s.site));
  const evidence = members.map((s) => `${s.name}: ${s.site}`).join('; ');
  return sites.size === 1
    ? pass('site', title, evidence)
    : fail('site', title, evidence, 'A Client Access array serves one AD site; both servers must be in it.');
}

function dagMembers(d: PreflightData): Check {
  const title = 'DAG with exactly two members, both operational';
  const { site, exchange } = d;
  const evidence = `${site.dag.name}: Servers {${site.dag.servers.join(', ')}}, OperationalServers {${exchange.OperationalServers.join(', ')}}, PrimaryActiveManager ${exchange.PrimaryActiveManager || '(none)'}`;
  if (site.dag.servers.length !== 2) return fail('dag', title, evidence, 'This procedure is for a two-member DAG.');
  const down = site.dag.servers.filter((s) => !exchange.OperationalServers.includes(s));
  return down.length > 0
    ? fail('dag', title, evidence, `Bring ${down.join(', ')} back into service (Get-DatabaseAvailabilityGroup -Status).`)
    : pass('dag', title, evidence);
}

function witness(d: PreflightData): Check {
  const title = 'File share witness set, in use and reachable';
  const w = d.state.Witness;
  const evidence = `WitnessServer ${w.Server || '(none)'}, WitnessDirectory ${w.Directory || '(none)'}, WitnessShareInUse ${d.exchange.WitnessShareInUse || '(unknown)'}, reachable: ${w.Reachable ? 'yes' : 'no'}`;
  if (!w.Server)
    return fail(
      'witness',
      title,
      evidence,
      'Set a witness server (Set-DatabaseAvailabilityGroup -WitnessServer): with two nodes, losing one node without a witness takes every database down.',
    );
  if (!w.Reachable)
    return fail(
      'witness',
      title,
      evidence,
      `Make \\\\${w.Server}\\${w.Directory} reachable: with two nodes, losing a node and the witness takes every database down.`,
    );
  return pass('witness', title, evidence);
}

function replication(d: PreflightData): Check {
  const title = 'Replication health (Test-ReplicationHealth)';
  const bad = d.exchange.Health.filter((h) => h.Result !== 'Passed');
  if (d.exchange.Health.length === 0)
    return warn(
      'replication',
      title,
      'Test-ReplicationHealth returned nothing.',
      'Run Test-ReplicationHealth on both servers by hand and read its output.',
    );
  const evidence =
    bad.length === 0
      ? `${d.exchange.Health.length} checks Passed`
      : bad.map((h) => `${h.Server} ${h.Check}: ${h.Result}${h.Error ? ` (${h.Error})` : ''}`).join('; ');
  return bad.length === 0
    ? pass('replication', title, evidence)
    : fail('replication', title, evidence, 'Fix the failing replication checks first; failover depends on them.');
}

function copies(d: PreflightData): Check {
  const title = 'Database copies healthy and within the mount dial';
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const c of d.exchange.Copies) {
    const dial = d.exchange.MailboxServers.find((m) => m.Name === c.Server)?.MountDial ?? 'GoodAvailability';
    const limit = MOUNT_DIAL_LOGS[dial] ?? 6;
    if (c.Status !== 'Mounted' && c.Status !== 'Healthy')
      problems.push(`${c.Name} is ${c.Status} (copy queue ${String(c.CopyQueueLength)})`);
    if (c.ContentIndexState !== 'Healthy') warnings.push(`${c.Name} content index ${c.ContentIndexState}`);
    if (c.Status === 'Healthy' && c.CopyQueueLength > limit)
      problems.push(`${c.Name} copy queue ${String(c.CopyQueueLength)} > ${String(limit)} (${dial}): it would not mount on failover`);
    if (c.ActivationSuspended) problems.push(`${c.Name} has activation suspended`);
  }
  const evidence = d.exchange.Copies.map(
    (c) => `${c.Name}: ${c.Status}, copy queue ${String(c.CopyQueueLength)}, index ${c.ContentIndexState}`,
  ).join('; ');
  if (problems.length > 0)
    return {
      ...fail(
        'copies',
        title,
        `${problems.join('; ')}. All: ${evidence}`,
        'Resume or reseed the copies (Resume-MailboxDatabaseCopy, Update-MailboxDatabaseCopy) and let the queues drain before continuing.',
      ),
      failing: problems.join('; '),
    };
  if (warnings.length > 0)
    return warn(
      'copies',
      title,
      `${warnings.join('; ')}. All: ${evidence}`,
      'A failed content index blocks automatic activation of that copy; reseed the index (Update-MailboxDatabaseCopy -CatalogOnly).',
    );
  return pass('copies', title, evidence);
}

function activation(d: PreflightData): Check {
  const title = 'Automatic activation not blocked';
  const evidence = d.exchange.MailboxServers.map((m) => `${m.Name}: ${m.Policy}, mount dial ${m.MountDial}`).join('; ');
  const blocked = d.exchange.MailboxServers.filter((m) => m.Policy === 'Blocked');
  return blocked.length > 0
    ? fail(
        'activation',
        title,
        evidence,
        `Set-MailboxServer ${blocked.map((m) => m.Name).join(', ')} -DatabaseCopyAutoActivationPolicy Unrestricted`,
      )
    : pass('activation', title, evidence);
}

function clusterNodes(d: PreflightData): Check {
  const title = 'Cluster nodes up';
  const evidence = d.nodes.map((n) => `${n.Name}: ${n.State}`).join('; ');
  const notUp = d.nodes.filter((n) => n.State !== 'Up');
  return notUp.length > 0 || d.nodes.length !== 2
    ? fail(
        'nodes',
        title,
        evidence,
        `Resume or start ${notUp.map((n) => n.Name).join(', ') || 'the missing node'} (Resume-ClusterNode / Start-ClusterNode).`,
      )
    : pass('nodes', title, evidence);
}

function networks(site: SiteFacts): Check {
  const title = 'A client-facing cluster network';
  const evidence = site.cluster.networks.map((n) => `${n.name} ${n.address}/${n.addressMask} role ${String(n.role)}`).join('; ');
  const client = site.cluster.networks.filter((n) => n.role === 3);
  return client.length === 0
    ? fail('networks', title, evidence, 'Enable client access on the MAPI network (cluster network role 3).')
    : pass('networks', title, evidence);
}

function casArray(d: PreflightData): Check {
  const title = 'No Client Access array in the AD site yet';
  const inSite = d.exchange.Arrays.filter((a) => a.Site === d.site.adSite);
  const evidence =
    d.exchange.Arrays.length === 0
      ? 'Get-ClientAccessArray returned none'
      : d.exchange.Arrays.map((a) => `${a.Name} (${a.Fqdn}) in ${a.Site}`).join('; ');
  // An array that is part of a setup started by hand is adopted, not an obstacle (its fit is judged by the found-setup checks).
  const adopted = d.site.found?.array;
  if (adopted && inSite.every((a) => a.Name === adopted.name)) {
    return pass('casarray', 'Client Access array of the AD site', `${evidence}: part of the setup found, adopted when you go on`);
  }
  return inSite.length > 0
    ? fail(
        'casarray',
        title,
        evidence,
        `An AD site has one array; ${inSite[0]?.Name ?? ''} already serves ${d.site.adSite}. Use it, or remove it (Remove-ClientAccessArray) if it is unused.`,
      )
    : pass('casarray', title, evidence);
}

function watermark(d: PreflightData): Check {
  const title = 'No unfinished Exchange setup';
  const unread = d.state.Watermarks.filter((w) => w.Error);
  if (unread.length > 0)
    return warn(
      'watermark',
      title,
      unread.map((w) => `${w.Server}: could not read the registry (${w.Error})`).join('; '),
      'Check the server is up and remote registry access works; then Retry.',
    );
  const marked = d.state.Watermarks.filter((w) => w.Watermark || w.Action);
  const evidence =
    marked.length === 0
      ? 'No setup Watermark or Action values on either server'
      : marked.map((w) => `${w.Server}: Watermark ${w.Watermark}, Action ${w.Action}`).join('; ');
  return marked.length > 0
    ? fail('watermark', title, evidence, 'Finish or rerun Exchange setup on that server first; a half-installed server is no base for HA.')
    : pass('watermark', title, evidence);
}

/** A setup started by hand: each piece with its health; adopted on Next; contradictions block with their fix. */
function foundSetup(d: PreflightData): Check[] {
  const found = d.site.found;
  if (!found) return [];
  const pieces = foundPieces(found, d.site);
  const evidence = pieces.map((p) => `${p.label}: ${p.health === 'ok' ? '' : `${p.health.toUpperCase()} - `}${p.detail}`).join('; ');
  const checks: Check[] = [];
  const conflicts = contradictions(found, d.site);
  if (conflicts.length > 0) {
    checks.push({
      ...fail(
        'found-conflict',
        'The setup started by hand fits together',
        conflicts.map((c) => c.what).join(' '),
        conflicts.map((c) => c.fix).join(' '),
      ),
      failing: conflicts.map((c) => c.what).join(' '),
    });
  }
  const broken = pieces.filter((p) => p.health === 'broken');
  const title = 'A setup started by hand was found: going on adopts it';
  const adoptNote =
    'Adopting records each piece in the journal as found (not made by the wizard): a rollback leaves it unless you ask to remove it too (exha rollback --include-found).';
  if (broken.length === 0) {
    checks.push(pass('found', title, `${evidence}. The wizard does only what is missing. ${adoptNote}`));
    return checks;
  }
  const nameBroken =
    broken.some((p) => p.kind === 'networkName') || (adoptableGroup(found)?.networkName?.detail ?? '').includes('Access is denied');
  const fix = nameBroken
    ? `A Network Name that will not come online usually means the DAG's cluster name object (${d.site.cluster.name}$) may not create the computer object: give it "Create Computer objects" on its OU, or pre-stage a disabled computer account that it has Full Control over. The Cluster role step then brings the name online. ${adoptNote}`
    : `The Cluster role step brings the group online; fix what its status names first. ${adoptNote}`;
  checks.push({ ...warn('found', title, evidence, fix), failing: broken.map((p) => `${p.label}: ${p.detail}`).join('; ') });
  return checks;
}

/** Every RpcClientAccessServer the rollback could not put back, named before any change (the rollback then uses the active server). */
function restorable(d: PreflightData): Check {
  const title = "Every database's current RpcClientAccessServer can be put back";
  const known = new Set([
    ...d.site.servers.flatMap((s) => [s.name.toLowerCase(), s.fqdn.toLowerCase()]),
    ...d.exchange.Arrays.flatMap((a) => [a.Name.toLowerCase(), a.Fqdn.toLowerCase()]),
  ]);
  const dangling = d.site.databases.filter((db) => !known.has(db.rpcClientAccessServer.toLowerCase()));
  if (dangling.length === 0)
    return pass('restorable', title, d.site.databases.map((db) => `${db.name}: ${db.rpcClientAccessServer}`).join('; '));
  const fqdnOf = (server: string) => d.site.servers.find((s) => s.name.toLowerCase() === server.toLowerCase())?.fqdn ?? server;
  const items = dangling.map(
    (db) =>
      `${db.name}: ${db.rpcClientAccessServer || '(empty)'} names no Exchange server or Client Access array; a rollback sets ${fqdnOf(db.server)} (the server holding its active copy)`,
  );
  return {
    ...warn(
      'restorable',
      title,
      items.join('; '),
      'Nothing to do before going on: Exchange refuses to set a value that names nothing, so the rollback restores the sound alternative and says so.',
    ),
    failing: items.join('; '),
  };
}

export function evaluatePreflight(d: PreflightData): Check[] {
  return [
    versions(d.site),
    roles(d.site),
    sameSite(d.site),
    dagMembers(d),
    witness(d),
    replication(d),
    copies(d),
    activation(d),
    clusterNodes(d),
    networks(d.site),
    casArray(d),
    ...foundSetup(d),
    restorable(d),
    watermark(d),
  ];
}
