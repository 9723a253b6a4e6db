// The one API between the window and the engine. Electron's preload, main's IPC handlers and the
// browser host's WebSocket are all built from this table: a request schema and a result type per operation.
import { z } from 'zod';
import { OPERATIONS, type Operation } from './operations';
import type { StepId } from './steps';

export { OPERATIONS, VIEW_CHANNEL, channelOf, type Operation } from './operations';
import type { SiteFacts } from './site';
import type { AccessPointInputs, FieldErrors } from './validation';
import type { Day2View } from './day2';
import type {
  Check,
  ClientCheckRow,
  ClusterRoleResult,
  CasArrayResult,
  DatabaseRow,
  DnsResult,
  FailoverResult,
  TimelineSample,
} from './results';

export type StepStatus = 'todo' | 'current' | 'running' | 'done' | 'failed' | 'rolledBack' | 'skipped';
export type Phase = 'review' | 'running' | 'done' | 'failed' | 'rollingBack' | 'rolledBack' | 'rollbackFailed';

export interface PlannedScript {
  label: string;
  /** 'exchange': Exchange remote PowerShell; 'cluster': a session on a cluster node; 'local': the workstation. */
  runsOn: 'exchange' | 'cluster' | 'local';
  kind: 'probe' | 'apply' | 'verify' | 'rollback';
  /** Copyable PowerShell with the values filled in as literals. */
  text: string;
}

export interface TranscriptLine {
  id: number;
  label: string;
  script: string;
  params: Record<string, unknown>;
  startedAt: string;
  durationMs: number | null;
  outcome: 'running' | 'ok' | 'error' | 'timeout' | 'died';
  output: string;
  error: string | null;
  warnings: string[];
}

export interface Activity {
  label: string;
  since: string;
  waitingFor: string;
  timeoutSeconds: number | null;
}

export interface ErrorInfo {
  message: string;
  /** PowerShell's own error, quoted. */
  powershell: { message: string; fullyQualifiedErrorId: string; category: string; targetObject: string | null } | null;
  advice: string;
  /** The fix is another value on an earlier screen: where to go, and each field with the value that failed. */
  fixAt?: FixAt;
}

export interface FixAt {
  stepId: StepId;
  stepTitle: string;
  fields: { field: 'name' | 'address'; value: string; reason: string }[];
}

export interface ResumeOffer {
  stepId: StepId;
  stepTitle: string;
  phase: Phase;
  updatedAt: string;
  site: string;
  /** The run used other credentials: they were never stored, so resuming asks for them again. */
  credentialFor: string | null;
}

export interface StepView {
  id: StepId;
  title: string;
  writeUpSteps: readonly number[];
  status: StepStatus;
  changesServers: boolean;
  startedAt: string | null;
  endedAt: string | null;
}

/** One change this run made, undid, or found already there (electron/procedure/in-place.ts derives them). */
export interface InPlaceEffect {
  stepId: StepId;
  what: string;
}

/** What is on the servers now because of this run: the window, the CLI and the report all show this. */
export interface InPlace {
  outcome: 'nothing' | 'inPlace' | 'partlyRolledBack' | 'rolledBack';
  headline: string;
  /** Made by this run and still there. */
  made: InPlaceEffect[];
  /** Made by this run and undone since. */
  undone: InPlaceEffect[];
  /** There before the run; left as found. */
  found: InPlaceEffect[];
}

/** What each step returns, as the machine keeps it and the window shows it (the engine's view and the dev fake use this map). */
export interface StepResults {
  connect: SiteFacts;
  preflight: Check[];
  validate: Check[];
  clusterRole: ClusterRoleResult;
  dns: DnsResult;
  casArray: CasArrayResult;
  databases: DatabaseRow[];
  clientChecks: ClientCheckRow[];
  failover: FailoverResult;
}

/** The failover test as the window shows it: its result so far and the samples taken while it runs. */
export type FailoverView = FailoverResult & { live: TimelineSample[] };

export interface WizardView {
  /** Bumped on every change so clients can drop stale views. */
  revision: number;
  target: 'lab' | 'real' | null;
  started: boolean;
  site: SiteFacts | null;
  current: StepId;
  phase: Phase;
  steps: StepView[];
  plan: PlannedScript[];
  transcript: TranscriptLine[];
  activity: Activity | null;
  error: ErrorInfo | null;
  notice: { text: string; acknowledged: boolean };
  preflight: Check[] | null;
  inputs: AccessPointInputs | null;
  inputErrors: FieldErrors;
  validation: Check[] | null;
  clusterRole: ClusterRoleResult | null;
  dns: DnsResult | null;
  casArray: CasArrayResult | null;
  databases: DatabaseRow[] | null;
  clientChecks: ClientCheckRow[] | null;
  failover: FailoverView | null;
  /** What is on the servers now because of this run. */
  inPlace: InPlace;
  /** Lab runs: the delays the lab played (all zero: recovery times are not measurements). */
  labDelays: { nodeLossDetection: number; groupOnline: number; databaseMount: number } | null;
  /** The current step's own rollback, listed before Roll back this step asks to confirm. */
  rollbackStepPlan: { title: string; undo: string; scripts: PlannedScript[] } | null;
  /** What Roll back everything would undo, newest first. */
  rollbackPlan: { stepId: StepId; title: string; undo: string; scripts: PlannedScript[] }[];
  can: {
    next: boolean;
    back: boolean;
    retry: boolean;
    skip: boolean;
    rollbackStep: boolean;
    rollbackAll: boolean;
    acknowledge: boolean;
    setInputs: boolean;
    restart: boolean;
  };
  resume: ResumeOffer | null;
  stateDir: string;
  /** A setup already there (a finished run, or one found at Connect): its health and the day-2 actions. */
  day2: Day2View | null;
  /** What the last rollback put back differently (a value restored to an alternative) and what it left. */
  undoNotes: string[];
  /** A journal that cannot be read: shown on Connect and Preflight with the way back without it. */
  damagedJournal: { path: string; reason: string; message: string } | null;
}

const InputsSchema = z
  .object({
    name: z.string().max(64),
    address: z.string().max(64),
    network: z.string().max(256),
  })
  .strict();

/** Other credentials for the real servers: used for the session, never stored or logged. */
const CredentialSchema = z.object({ userName: z.string().min(1).max(256), password: z.string().max(1024) }).strict();

export const ReportFormatSchema = z.enum(['html', 'pdf', 'json', 'ps1']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

/** Every operation the window may ask for, with the schema its argument must match. */
export const requestSchemas = {
  getView: z.null(),
  start: z
    .object({
      target: z.enum(['lab', 'real']),
      exchangeServer: z.string().max(255).optional(),
      clusterNode: z.string().max(255).optional(),
      useCredential: z.boolean().optional(),
      /** Other credentials for the real servers: used for the session, never stored or logged. */
      credential: CredentialSchema.optional(),
    })
    .strict(),
  resume: z.object({ credential: CredentialSchema.optional() }).strict().nullable(),
  discardJournal: z.null(),
  /** validateCluster: on the cluster role screen, also run the cluster's own validation after the role is added. */
  next: z.object({ validateCluster: z.boolean().optional() }).strict().nullable(),
  back: z.null(),
  retry: z.null(),
  skip: z.null(),
  acknowledge: z.object({ notice: z.literal(true), warnings: z.boolean() }).strict(),
  setInputs: InputsSchema,
  rollbackStep: z.null(),
  /** includeFound: remove what the run found already there (adopted) too, as exha rollback --include-found. */
  rollbackAll: z.object({ confirmed: z.literal(true), includeFound: z.boolean().optional() }).strict(),
  restart: z.null(),
  exportReport: z.object({ format: ReportFormatSchema }).strict(),
  day2Check: z.null(),
  day2Maintenance: z
    .object({
      node: z.string().regex(/^[A-Za-z0-9-]{1,15}$/, 'a cluster node name: letters, digits and hyphens (at most 15)'),
      confirmed: z.literal(true),
    })
    .strict(),
  day2EndMaintenance: z.object({ confirmed: z.literal(true) }).strict(),
  day2Remove: z.object({ confirmed: z.literal(true) }).strict(),
  /** Connect's "Rehearse on a copy of this site": the site read-only, as the exha snapshot file. */
  snapshotSite: z.null(),
} as const;

// One schema per operation, no more, no less: this fails to compile when the two lists drift.
export const EVERY_OPERATION_HAS_A_SCHEMA: Record<Operation, z.ZodType> = requestSchemas;
export type RequestOf<O extends Operation> = z.infer<(typeof requestSchemas)[O]>;

export interface ExportResult {
  fileName: string;
  mimeType: string;
  /** base64 of the file's bytes, so every format travels the same way. */
  base64: string;
  /** Where main saved it, when it saved it (Electron and CLI). */
  savedTo: string | null;
}

export interface ResultMap {
  getView: WizardView;
  start: WizardView;
  resume: WizardView;
  discardJournal: WizardView;
  next: WizardView;
  back: WizardView;
  retry: WizardView;
  skip: WizardView;
  acknowledge: WizardView;
  setInputs: WizardView;
  rollbackStep: WizardView;
  rollbackAll: WizardView;
  restart: WizardView;
  exportReport: ExportResult;
  day2Check: WizardView;
  day2Maintenance: WizardView;
  day2EndMaintenance: WizardView;
  day2Remove: WizardView;
  snapshotSite: ExportResult;
}

/** The bridge the renderer sees: one function per operation, and a subscription to view pushes. */
export type WizardApi = {
  [O in Operation]: (request: RequestOf<O>) => Promise<ResultMap[O]>;
} & {
  onView(listener: (view: WizardView) => void): () => void;
};

/** An operation refused by main arrives as this. */
export interface ApiError {
  code: 'invalid-request' | 'not-allowed' | 'failed';
  message: string;
}

/** Browser host wire format: one JSON message per request and per response/push. */
export const WireRequestSchema = z.object({ id: z.number().int().nonnegative(), op: z.enum(OPERATIONS), arg: z.unknown() }).strict();
export type WireMessage =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: ApiError }
  | { kind: 'view'; view: WizardView };
