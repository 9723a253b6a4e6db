// The report document (schema version 1): everything the HTML, the PDF and the JSON export show.
// docs/report.schema.json describes exactly this shape; change both together and bump the version.
import type { ReportRehearsal } from './rehearsal';
import type { InPlace } from '../../shared/contract';
import type {
  Check,
  ClientCheckRow,
  ClusterValidationResult,
  FailoverEvent,
  SessionMove,
  SimulatedDelays,
  TimelineSample,
} from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import type { StepId } from '../../shared/steps';

export const REPORT_SCHEMA_VERSION = 1;
export const REPORT_SCHEMA_ID = 'https://exchange-ha-wizard.local/schemas/report/v1.json';

export type RunStatus = 'complete' | 'partial' | 'rolledBack' | 'failed';
export type StepState = 'done' | 'skipped' | 'failed' | 'rolledBack' | 'notReached' | 'running';

export interface ReportRun {
  status: RunStatus;
  /** Beside the status at the top of the report: what ran and what state the servers are in. */
  headline: string;
  /** Steps whose changes are still on the servers, in order (the titles of inPlace.made's steps). */
  changesInPlace: string[];
  /** What is on the servers now because of this run: made, undone since, found already there. */
  inPlace: InPlace;
  lastStep: { id: StepId; title: string };
  error: { stepId: StepId; message: string; advice: string; powershell: string | null } | null;
  startedAt: string;
  updatedAt: string;
  target: 'lab' | 'real';
  /** Where it ran: the workstation, and the Exchange server and cluster node it talked to (lab: the lab's names). */
  where: { workstation: string | null; exchangeServer: string | null; clusterNode: string | null };
  /** Lab runs: the delays the lab played (set by the run, or the seed's own); null on real servers, or a lab seed that could not be read. All zero: no outage time was measured. */
  labDelays: { nodeLossDetection: number; groupOnline: number; databaseMount: number } | null;
  /** Where labDelays came from: set for this run, or the lab seed's own (read from the seed file); null on real servers. */
  labDelaysSource: 'run' | 'seed' | null;
  /** Who acknowledged the unsupported configuration (and any preflight warnings), and when. */
  acknowledgement: ReportAcknowledgement | null;
  /** Each rollback of this run, oldest first: asked when and by whom, what it undid when, how it ended. */
  rollbacks: ReportRollback[];
}

export interface ReportAcknowledgement {
  /** null: acknowledged before the wizard recorded when and by whom. */
  at: string | null;
  by: string | null;
  /** 'notice', or 'notice and preflight warnings'. */
  what: string;
}

export interface ReportRollback {
  /** null: the journal did not record the request (an older run). */
  requestedAt: string | null;
  /** The OS user who asked for it on the workstation; null when not recorded. */
  by: string | null;
  /** Roll back everything, one step (Roll back this step), or every step after `to`. */
  scope: 'all' | 'step' | 'to';
  to: StepId | null;
  /** The steps it undid, in the order undone, each with when (null: not recorded). */
  undone: { stepId: StepId; title: string; at: string | null }[];
  result: 'done' | 'failed' | 'running';
}

export interface ReportCommand {
  id: number;
  label: string;
  script: string;
  params: Record<string, unknown>;
  startedAt: string;
  durationMs: number;
  outcome: 'ok' | 'error' | 'timeout' | 'died';
  output: string;
  error: string | null;
  warnings: string[];
}

export interface ReportStep {
  id: StepId;
  title: string;
  writeUpSteps: number[];
  changesServers: boolean;
  state: StepState;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  /** When the step's change was undone by a rollback (null: not undone, or not recorded). */
  undoneAt: string | null;
  summary: string;
  /** Values read before the step changed anything (the rollback uses them), as label/value pairs. */
  before: { label: string; value: string }[];
  commands: ReportCommand[];
}

export interface ReportInputs {
  name: string;
  address: string;
  network: string;
  subnetMask: string;
  fqdn: string;
}

export interface FailoverPhase {
  phase: 'planned' | 'outage' | 'restore';
  title: string;
  /** What the wizard observed (from its samples and results), in plain language; never assumed. */
  saw: string;
  /** What clients usually notice in such a phase: general guidance, not an observation of this run. */
  guidance: string;
}

export interface ReportFailover {
  originalOwner: string;
  otherNode: string;
  planned: { to: string; state: string; arrayReachable: boolean; seconds: number }[];
  outageNode: string | null;
  samples: TimelineSample[];
  recoverySeconds: number | null;
  /** False when the number is not a measurement (a lab with its delays at zero). */
  measured: boolean;
  /** How the outage time reads: "14.1 s", "not measured (lab delays off)", "no full recovery seen". */
  outageText: string;
  referenceSeconds: number;
  /** The outage as a client lives it, each moment in seconds since the node went silent (shared/failover-events.ts). */
  events: (FailoverEvent & { text: string })[];
  /** The outage in one paragraph, the same words as the window's. */
  sentence: string;
  /** Lab runs: the delays the lab simulated; a lab timing is made of these. Null on real servers. */
  simulated: SimulatedDelays | null;
  restored: boolean;
  /** True when the test finished; false when only live samples of an interrupted test exist. */
  finished: boolean;
  phases: FailoverPhase[];
  /** The wizard's own sessions moved off the node it took down, and back (absent: none was on it). */
  sessionMoves?: SessionMove[];
}

export interface UndoStep {
  stepId: StepId;
  title: string;
  summary: string;
  scripts: { label: string; runsOn: 'exchange' | 'cluster' | 'local'; text: string }[];
}

export interface ReportUndoScript {
  /** What running it does; it checks before each change, so a second run changes nothing and fails on nothing. */
  note: string;
  /** One PowerShell 2.0 script: the helper functions it needs, then every undo of ReportDocument.undo in order. */
  text: string;
}

export type DiffOp = '+' | '-' | '~';

export interface DiffField {
  op: DiffOp;
  field: string;
  before: string | null;
  after: string | null;
}

export interface DiffObject {
  kind: 'cluster group' | 'cluster resource' | 'DNS record' | 'Client Access array' | 'mailbox database' | 'computer object';
  name: string;
  op: DiffOp;
  fields: DiffField[];
}

export interface ReportDiff {
  /** False when one of the two snapshots is missing (the run stopped before the first change or before Complete). */
  available: boolean;
  note: string;
  beforeAt: string | null;
  afterAt: string | null;
  objects: DiffObject[];
}

export interface ReportNotice {
  id: string;
  title: string;
  paragraphs: string[];
  commands: string[];
}

export interface ReportDocument {
  $schema: string;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  generator: { name: string; version: string };
  /** True for a lab rehearsal: nothing real was changed and every number is the lab's (run.labDelays). */
  lab: boolean;
  run: ReportRun;
  who: { account: string | null };
  site: SiteFacts | null;
  inputs: ReportInputs | null;
  preflight: Check[];
  validation: Check[];
  steps: ReportStep[];
  /** Commands that ran outside any step (the connection prelude, for example). */
  otherCommands: ReportCommand[];
  clientChecks: ClientCheckRow[];
  /** The cluster's own validation (Test-Cluster, no storage tests), present only when the admin asked for it. */
  clusterValidation?: ClusterValidationResult;
  failover: ReportFailover | null;
  notices: ReportNotice[];
  undo: UndoStep[];
  undoScript: ReportUndoScript | null;
  diff: ReportDiff;
  /** A rehearsal on a copy of a site, or the real run's rehearsal found (electron/report/rehearsal.ts); absent otherwise. */
  rehearsal?: ReportRehearsal;
}
