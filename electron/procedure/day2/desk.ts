// Day 2 in the window: the health of a setup already on the servers and the actions on it (check,
// maintenance on a node and its end, remove). The same code as exha check / maintenance / remove, driven
// from the contract's day2* operations. Changes are confirmed in the window with the scripts shown here;
// each action runs in the background and the window follows it through the view.
import type { Activity, ErrorInfo, Operation, PlannedScript, RequestOf, TranscriptLine } from '../../../shared/contract';
import type { Day2Action, Day2Plan, Day2View, HealthReport } from '../../../shared/day2';
import { foundInputs } from '../../../shared/found';
import type { SiteFacts } from '../../../shared/site';
import type { StepId } from '../../../shared/steps';
import type { LabDelays } from '../../targets/lab';
import type { ChangeSink } from '../changes';
import type { JournalData } from '../journal';
import { locate, type WizardSnapshot } from '../machine';
import { renderScript, type StepScript } from '../../powershell/script';
import { StepFailure, type PlanContext } from '../step';
import { stepDefinition } from '../steps';
import { removeArray } from '../steps/cas-array';
import { cleanLeftovers, removeRole } from '../steps/cluster-role';
import { restoreDatabases } from '../steps/databases';
import { checkSetup, previousChecks, readCheckReport, readSite, saveCheck } from './check';
import { Day2Refusal, endMaintenance, readableMaintenance, startMaintenance, type MaintenanceRecord } from './maintenance';
import { removeSetup } from './remove';
import { moveDatabases, moveGroups, readActiveServers, readGroupOwners } from './scripts';
import { Day2Session, type Day2Target } from './session';

export type Day2Operation = Extract<Operation, 'day2Check' | 'day2Maintenance' | 'day2EndMaintenance' | 'day2Remove'>;

/** A day-2 request refused before anything ran (main answers it as 'not-allowed'). */
export class Day2NotAllowed extends Error {
  readonly code = 'not-allowed';
}

export interface Day2DeskOptions {
  stateDir: string;
  labDelays?: LabDelays;
  /** The session's other credentials (real servers), never stored. */
  credential: () => { userName: string; password: string } | null;
  /** Where every change the window shows is announced. */
  emitter: ChangeSink;
}

interface Where {
  stepId: StepId;
  phase: string;
  site: SiteFacts | null;
  journal: JournalData | null;
}

const TRANSCRIPT_LINES = 60;
const WORDS: Record<Day2Action, string> = {
  check: 'The check',
  maintenance: 'Maintenance',
  endMaintenance: 'Ending maintenance',
  remove: 'Removing the setup',
};

/**
 * The maintenance the window may show as begun. The record is written before the first move (so a crash can be
 * undone); while those moves run and are not yet verified, the node is not "in maintenance", whatever the file says.
 */
export function maintenanceShown(running: Day2Action | null, record: MaintenanceRecord | null): Day2View['maintenance'] {
  if (running === 'maintenance' || !record) return null;
  return {
    node: record.node,
    to: record.to,
    startedAt: record.startedAt,
    groups: Object.keys(record.groupOwners),
    databases: Object.keys(record.activeServers),
    // A record from before movedAt was kept has no such field: it was shown as begun then, and still is.
    verified: record.movedAt !== null,
  };
}

export class Day2Desk {
  private session: Day2Session | null = null;
  private sessionKey = '';
  private health: HealthReport | null = null;
  private site: SiteFacts | null = null;
  private changes: string[] = [];
  private savedTo: string | null = null;
  private running: Day2Action | null = null;
  private activity: Activity | null = null;
  private result: Day2View['result'] = null;
  private error: ErrorInfo | null = null;
  private transcript: TranscriptLine[] = [];
  /** Each journal (by its start time), and whether it was already finished when first seen here. */
  private firstSeen: { key: string; finished: boolean } | null = null;

  constructor(private readonly options: Day2DeskOptions) {
    // The last check saved by exha check or an earlier window: the health shown until a new check runs.
    const last = previousChecks(options.stateDir).at(-1);
    const read = last ? readCheckReport(last) : null;
    // An unreadable old check is just not shown.
    if (last && read?.kind === 'ok') {
      this.health = read.data;
      this.savedTo = last;
    }
  }

  private where(snapshot: WizardSnapshot | null, journal: JournalData | null): Where | null {
    if (!snapshot) return null;
    const w = locate(snapshot);
    return { stepId: w.stepId, phase: w.phase, site: (snapshot.context.outputs.connect as SiteFacts | undefined) ?? null, journal };
  }

  private sourceOf(w: Where | null): Day2View['source'] | null {
    if (!w?.journal) return null;
    if (w.stepId === 'complete' && w.phase === 'done') return 'finished';
    if (w.site?.found && (w.stepId === 'connect' || w.stepId === 'preflight') && w.phase !== 'running') return 'found';
    return null;
  }

  private seenFinished(journal: JournalData | null, source: Day2View['source'] | null): boolean {
    const key = journal?.createdAt ?? '';
    if (this.firstSeen?.key !== key) this.firstSeen = { key, finished: source === 'finished' };
    return this.firstSeen.finished;
  }

  view(snapshot: WizardSnapshot | null, journal: JournalData | null): Day2View | null {
    const w = this.where(snapshot, journal);
    const source = this.sourceOf(w);
    const reopened = this.seenFinished(journal, source);
    if (!source || !w) return null;
    const record = readableMaintenance(this.options.stateDir);
    const open = maintenanceShown(this.running, record) ? record : null;
    const site = this.site ?? w.site;
    return {
      source,
      // A run that was already finished when this window first saw it: the window opens on its health and actions.
      opensOn: source === 'finished' && reopened,
      health: this.health,
      changes: this.changes,
      savedTo: this.savedTo,
      maintenance: maintenanceShown(this.running, record),
      running: this.running,
      activity: this.activity,
      result: this.result,
      error: this.error,
      plans: {
        check: checkPlan(site),
        maintenance: (this.health?.nodes ?? []).map((n) => ({ node: n.name, ...maintenancePlan(this.health, n.name, open !== null) })),
        endMaintenance: open
          ? {
              what: [
                ...Object.entries(open.groupOwners).map(([g, o]) => `Cluster group ${g}: back to ${o}`),
                ...Object.entries(open.activeServers).map(([d, s]) => `${d}: active copy back to ${s}`),
              ],
              scripts: moveScripts(open.groupOwners, open.activeServers),
            }
          : null,
        remove: removePlan(this.health),
      },
      transcript: this.transcript,
    };
  }

  /** The day-2 action running now, in words ("Maintenance"), or null: nothing else may change the servers meanwhile. */
  busyWith(): string | null {
    return this.running ? WORDS[this.running] : null;
  }

  /** Checks the request against where the run is, then starts the action; the view follows it. */
  start<O extends Day2Operation>(op: O, request: RequestOf<O>, snapshot: WizardSnapshot | null, journal: JournalData | null): void {
    const w = this.where(snapshot, journal);
    if (!this.sourceOf(w) || !journal)
      throw new Day2NotAllowed('Day-2 actions need a setup: a finished run, or one Connect found on the servers.');
    if (this.running) throw new Day2NotAllowed(`${WORDS[this.running]} is still running; wait for it to finish.`);
    const view = this.view(snapshot, journal);
    const action: Day2Action =
      op === 'day2Check' ? 'check' : op === 'day2Maintenance' ? 'maintenance' : op === 'day2EndMaintenance' ? 'endMaintenance' : 'remove';
    if (action === 'maintenance') {
      const node = (request as RequestOf<'day2Maintenance'>).node;
      const entry = view?.plans.maintenance.find((m) => m.node.toLowerCase() === node.toLowerCase());
      if (!entry)
        throw new Day2NotAllowed(
          `${node} is not a node of the cluster as last checked (${view?.plans.maintenance.map((m) => m.node).join(', ') || 'run a check first'}). Nothing was changed.`,
        );
      if (!entry.plan) throw new Day2NotAllowed(`${entry.why ?? 'Maintenance is not possible now.'} Nothing was changed.`);
    }
    if (action === 'endMaintenance' && !view?.plans.endMaintenance)
      throw new Day2NotAllowed('No maintenance is open: nothing to move back. Nothing was changed.');
    if (action === 'remove' && !view?.plans.remove)
      throw new Day2NotAllowed('Run a check first: removal needs to know what is on the servers now. Nothing was changed.');
    const session = this.sessionFor(journal);
    this.running = action;
    this.error = null;
    this.result = null;
    this.options.emitter.emit();
    void this.perform(action, session, request);
  }

  private async perform(action: Day2Action, day2: Day2Session, request: unknown): Promise<void> {
    const stateDir = this.options.stateDir;
    try {
      let message: string;
      if (action === 'maintenance') {
        const r = await startMaintenance(day2, stateDir, (request as RequestOf<'day2Maintenance'>).node);
        const moved = [...Object.keys(r.groupOwners), ...Object.keys(r.activeServers)];
        message = `${r.node} is ready for maintenance: ${moved.join(', ') || 'nothing it held'} moved to ${r.to} (verified). Afterwards, End maintenance moves them back.`;
      } else if (action === 'endMaintenance') {
        const r = await endMaintenance(day2, stateDir);
        message = `Maintenance of ${r.node} ended: ${[...Object.keys(r.groupOwners), ...Object.keys(r.activeServers)].join(', ') || 'nothing'} back on ${r.node} (verified).`;
      } else if (action === 'remove') {
        const r = await removeSetup(day2, stateDir);
        message = `The setup is removed (verified): ${[...r.found.groups.map((g) => `cluster group ${g.name}`), ...(r.found.array ? [`array ${r.found.array.name}`] : [])].join(', ')}; ${r.databases.map((d) => `${d.name} → ${d.setTo}`).join(', ') || 'no database used the array'}.`;
      } else {
        message = '';
      }
      // Every action ends with a fresh check: the health shown is what is on the servers now.
      const health = await this.check(day2);
      if (action === 'check')
        message = health.healthy
          ? 'Healthy.'
          : health.setup === 'none'
            ? 'No setup found on the servers.'
            : `Needs attention: ${health.problems.join('; ')}`;
      this.result = { action, ok: action !== 'check' || health.healthy || health.setup === 'none', message, at: new Date().toISOString() };
    } catch (error) {
      if (error instanceof Day2Refusal) this.result = { action, ok: false, message: error.message, at: new Date().toISOString() };
      else if (error instanceof StepFailure)
        this.error = { message: `${WORDS[action]} failed: ${error.message}`, powershell: error.powershell, advice: error.advice };
      else
        this.error = {
          message: `${WORDS[action]} failed: ${error instanceof Error ? error.message : String(error)}`,
          powershell: null,
          advice: 'Run a check to see where things are, then try again.',
        };
    } finally {
      this.syncTranscript(null);
      this.running = null;
      this.activity = null;
      this.options.emitter.emit();
    }
  }

  private async check(day2: Day2Session): Promise<HealthReport> {
    const site = await readSite(day2);
    const report = await checkSetup(day2, site);
    const saved = saveCheck(this.options.stateDir, report);
    this.site = site;
    this.health = report;
    this.changes = saved.notCompared ? [`Not compared with the previous check: ${saved.notCompared}.`] : saved.changes;
    this.savedTo = saved.path;
    return report;
  }

  /** One session per target, kept between actions (the run's own target, from its journal). */
  private sessionFor(journal: JournalData): Day2Session {
    const t = journal.target;
    const target: Day2Target = {
      kind: t.kind,
      ...(t.labStatePath ? { labStatePath: t.labStatePath } : {}),
      ...(t.labSeedPath ? { labSeedPath: t.labSeedPath } : {}),
      ...(t.exchangeServer ? { exchangeServer: t.exchangeServer } : {}),
      ...(t.clusterNode ? { clusterNode: t.clusterNode } : {}),
    };
    const key = JSON.stringify(target);
    if (this.session && this.sessionKey === key) return this.session;
    void this.session?.dispose();
    this.transcript = [];
    const delays = t.labDelays ?? this.options.labDelays;
    this.session = new Day2Session({
      stateDir: this.options.stateDir,
      target,
      ...(delays ? { labDelays: delays } : {}),
      credential: this.options.credential(),
      show: (text, script) => {
        this.shown(text, script);
      },
    });
    this.sessionKey = key;
    return this.session;
  }

  /** The session's finished commands (with their outcome), and the one running now. */
  private syncTranscript(running: TranscriptLine | null): void {
    const done = this.session?.commands ?? [];
    this.transcript = [
      ...done.map((c, i) => ({
        id: i + 1,
        label: c.label,
        script: c.text,
        params: {},
        startedAt: c.at,
        durationMs: c.durationMs,
        outcome: c.outcome as TranscriptLine['outcome'],
        output: '',
        error: c.error,
        warnings: [],
      })),
      ...(running ? [{ ...running, id: done.length + 1 }] : []),
    ].slice(-TRANSCRIPT_LINES);
  }

  private shown(text: string, script: StepScript): void {
    const now = new Date().toISOString();
    this.syncTranscript({
      id: 0,
      label: script.label,
      script: text,
      params: {},
      startedAt: now,
      durationMs: null,
      outcome: 'running',
      output: '',
      error: null,
      warnings: [],
    });
    this.activity = {
      label: script.label,
      since: now,
      waitingFor:
        script.runsOn === 'cluster' ? 'the cluster node' : script.runsOn === 'exchange' ? 'Exchange remote PowerShell' : 'this workstation',
      timeoutSeconds: script.timeoutSeconds ?? null,
    };
    this.options.emitter.emit();
  }

  async dispose(): Promise<void> {
    await this.session?.dispose();
    this.session = null;
  }
}

function rendered(script: StepScript, values: Parameters<typeof renderScript>[1]): PlannedScript {
  return renderScript(script, values);
}

/** What a check runs: the setup's own read-only probes (Connect, the health checks, client access checks). */
function checkPlan(site: SiteFacts | null): PlannedScript[] {
  const pc: PlanContext = {
    site,
    inputs: site?.found ? foundInputs(site.found, site) : null,
    target: { kind: 'lab', sessionNode: null },
    before: {},
  };
  const plans = (['connect', 'preflight', 'clientChecks'] as const).flatMap((id) => {
    try {
      return stepDefinition(id)
        .plan(id === 'connect' ? { ...pc, site: null } : pc)
        .map((c) => rendered(c.script, c.values));
    } catch {
      return [];
    }
  });
  return [...plans, rendered(readGroupOwners, {})];
}

function moveScripts(groups: Record<string, string>, databases: Record<string, string>): PlannedScript[] {
  const g = Object.entries(groups);
  const d = Object.entries(databases);
  return [
    rendered(readGroupOwners, {}),
    rendered(readActiveServers, {}),
    ...(g.length > 0 ? [rendered(moveGroups, { Groups: g.map(([n]) => n), Nodes: g.map(([, o]) => o) })] : []),
    ...(d.length > 0 ? [rendered(moveDatabases, { Databases: d.map(([n]) => n), Servers: d.map(([, s]) => s) })] : []),
  ];
}

/** Everything the node holds, as last checked, to the other node that is up. */
function maintenancePlan(health: HealthReport | null, node: string, open: boolean): { plan: Day2Plan | null; why: string | null } {
  if (!health) return { plan: null, why: 'Run a check first: it reads where the role and the databases are now.' };
  if (open) return { plan: null, why: 'A maintenance is still open: end it first.' };
  const me = node.toLowerCase();
  const other = health.nodes.find((n) => n.name.toLowerCase() !== me && n.state === 'Up');
  if (!other) return { plan: null, why: `${node} is the only node up: there is nowhere to move the role and the databases.` };
  const groups = Object.fromEntries((health.groups ?? []).filter((g) => g.owner.toLowerCase() === me).map((g) => [g.name, other.name]));
  const dbs = Object.fromEntries(health.databases.filter((d) => d.activeServer.toLowerCase() === me).map((d) => [d.name, other.name]));
  return {
    plan: {
      what: [
        ...Object.keys(groups).map((g) => `Cluster group ${g}: ${node} → ${other.name}`),
        ...Object.keys(dbs).map((d) => `${d}: active copy ${node} → ${other.name}`),
        ...(Object.keys(groups).length + Object.keys(dbs).length === 0 ? [`${node} holds nothing as last checked: nothing moves.`] : []),
      ],
      scripts: moveScripts(groups, dbs),
    },
    why: null,
  };
}

/** The databases to their active server, the array, then the cluster role with its DNS record and computer object. */
function removePlan(health: HealthReport | null): Day2Plan | null {
  if (health?.setup !== 'present') return null;
  const pointed = health.databases.filter((d) => d.onArray);
  const role = health.role;
  return {
    what: [
      ...pointed.map((d) => `${d.name}: RpcClientAccessServer ${health.array?.fqdn ?? ''} → its active server (${d.activeServer})`),
      ...(health.array ? [`Client Access array ${health.array.name} (${health.array.fqdn}): removed`] : []),
      ...(role
        ? [`Cluster group ${role.group} with its IP Address and Network Name: removed, with the DNS record and computer object`]
        : []),
    ],
    scripts: [
      ...(pointed.length > 0 ? [rendered(restoreDatabases, { Previous: Object.fromEntries(pointed.map((d) => [d.name, ''])) })] : []),
      ...(health.array ? [rendered(removeArray, { Name: health.array.name })] : []),
      ...(role
        ? [
            rendered(removeRole, { Name: role.group }),
            rendered(cleanLeftovers, {
              Name: role.name || role.group,
              Address: role.address,
              RemoveDnsRecord: role.address !== '',
              RemoveComputerObject: true,
            }),
          ]
        : []),
    ],
  };
}
