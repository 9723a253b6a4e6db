// buildReport: the journal of a run, turned into the report document every format renders.
import type { Check, ClientCheckRow, ClusterRoleResult, FailoverResult } from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import { arrayFqdn } from '../../shared/validation';
import type { JournalData } from '../procedure/journal';
import { buildDiff } from './diff';
import { buildFailover } from './failover';
import { buildNotices } from './notices';
import { reconnectsOf } from '../procedure/reconnects';
import { assertNoSecrets, scrub } from './secrets';
import { buildRun, labDelaysOff, machineState } from './status';
import { buildSteps, toReportCommand } from './steps';
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type ReportDocument, type ReportInputs, type ReportNotice } from './types';
import { buildUndo, buildUndoScript } from './undo';
import { buildRehearsal } from './rehearsal';
import { SNAPSHOT_TOOL } from '../../shared/tool';

export const GENERATOR = { ...SNAPSHOT_TOOL };

function inputsOf(site: SiteFacts | null, raw: { name: string; address: string; network: string } | null): ReportInputs | null {
  if (!raw) return null;
  const network = site?.cluster.networks.find((n) => n.name === raw.network);
  return {
    name: raw.name,
    address: raw.address,
    network: raw.network,
    subnetMask: network?.addressMask ?? '',
    fqdn: site ? arrayFqdn(raw.name, site.domain) : raw.name,
  };
}

const asArray = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

export function buildReport(journal: JournalData, now: Date = new Date(), stateDir?: string): ReportDocument {
  const state = machineState(journal);
  const outputs = state.context.outputs;
  const site = (outputs.connect as SiteFacts | undefined) ?? null;
  const inputs = inputsOf(site, state.context.inputs);
  const secrets = new Set<string>();
  const failoverResult = outputs.failover as FailoverResult | undefined;
  const run = buildRun(journal, state);
  const failover = buildFailover(
    inputs?.name ?? '',
    failoverResult && typeof failoverResult === 'object' && 'planned' in failoverResult ? failoverResult : null,
    journal.failoverLive,
    labDelaysOff(run),
    run.target === 'lab' ? run.labDelays : null,
  );
  const steps = buildSteps(journal, state, secrets, run.rollbacks);
  const clusterValidation = (outputs.clusterRole as ClusterRoleResult | undefined)?.validation;
  const doc: ReportDocument = {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    generator: GENERATOR,
    lab: run.target === 'lab',
    run,
    who: { account: site?.account ?? null },
    site,
    inputs,
    preflight: asArray<Check>(outputs.preflight),
    validation: asArray<Check>(outputs.validate),
    steps,
    otherCommands: journal.commands.filter((c) => c.stepId === null).map((c) => toReportCommand(c, secrets)),
    clientChecks: asArray<ClientCheckRow>(outputs.clientChecks),
    ...(clusterValidation ? { clusterValidation } : {}),
    failover,
    notices: [
      ...reconnectNotices(journal),
      ...buildNotices({
        inputs,
        dagName: site?.dag.name ?? null,
        nodes: site?.cluster.nodes.map((n) => n.name) ?? [],
        inPlace: run.inPlace,
        rollbacks: run.rollbacks,
        databasesSetAt: journal.timings.databases?.endedAt ?? null,
      }),
    ],
    undo: buildUndo(journal, state),
    undoScript: buildUndoScript(journal, state),
    diff: buildDiff(journal.touched, run.inPlace.undone.length > 0),
  };
  const rehearsal = buildRehearsal(journal, stateDir);
  if (rehearsal) doc.rehearsal = rehearsal;
  // A value that travelled under a secret's name is scrubbed wherever else it was echoed (errors, output).
  const clean = scrub(doc, secrets);
  assertNoSecrets(clean);
  return clean;
}

/** The run's reconnects (reconnects.ts), first among the notices: what the run observed has gaps there. */
function reconnectNotices(journal: JournalData): ReportNotice[] {
  const all = reconnectsOf(journal);
  if (all.length === 0) return [];
  return [
    {
      id: 'reconnects',
      title: `The connection to the servers was opened again ${all.length === 1 ? 'once' : `${String(all.length)} times`} during the run`,
      paragraphs: all.map((r) => r.text),
      commands: [],
    },
  ];
}
