// What each step finds or proves. Step actors return these; the journal keeps them; the view and the report show them.

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was observed, quoted from the servers. */
  evidence: string;
  /** What to do about a warn or fail; empty on pass. */
  fix: string;
  /** The failing items themselves (which copy, its status and queue), when the evidence says more than that. */
  failing?: string;
}

export interface ClusterRoleResult {
  group: string;
  ownerNode: string;
  state: string;
  resources: { name: string; resourceType: string; state: string }[];
  /** The cluster's own validation, when the admin asked for it (exha run --validate-cluster, or the screen's checkbox). */
  validation?: ClusterValidationResult;
}

/** Test-Cluster -Include 'Inventory','Network','System Configuration' (never storage on a live DAG), as the node returned it. */
export interface ClusterValidationResult {
  /** The command as it ran, values filled in. */
  command: string;
  ranAt: string;
  /** The report file Test-Cluster wrote on the cluster node; empty when it did not finish. */
  reportPath: string;
  /** Per category, counted from the report's result column; empty when the report could not be read. */
  categories: { category: string; succeeded: number; warnings: number; failed: number }[];
  /** What Test-Cluster wrote to its warning stream. */
  warnings: string[];
  /** Test-Cluster itself failed (the role is in place regardless). */
  error: string | null;
}

export interface DnsResult {
  fqdn: string;
  addresses: string[];
  attempts: number;
  waitedSeconds: number;
}

export interface CasArrayResult {
  name: string;
  fqdn: string;
  site: string;
  members: string[];
}

export interface DatabaseRow {
  name: string;
  server: string;
  before: string;
  after: string;
}

export interface ClientCheckRow {
  id: string;
  title: string;
  cmdlet: string;
  result: 'Success' | 'Failure';
  latencyMs: number;
  detail: string;
}

export interface TimelineSample {
  /** Seconds since the outage node went silent (the first probe from the workstation it did not answer),
   *  taken when this sample's round trip returned: what it shows held by then. */
  t: number;
  at: string;
  roleOwner: string;
  roleState: string;
  activeCopies: Record<string, string | null>;
  /** The array's address answered the workstation's background probe at t. */
  arrayReachable: boolean;
  note?: string;
  /** The outage node's state as the cluster reports it (Up until its node-loss detection). */
  nodeState?: string;
  /** Test-MAPIConnectivity -Database through the surviving server: true when the logon worked.
   *  A database not mounted is not tried and reads false. */
  logon?: Record<string, boolean>;
  /** The test message sent during the outage had been delivered (its DELIVER event in the message tracking log). */
  mail?: boolean;
  /** What the workstation's background probe heard change since the previous sample (seconds since silent). */
  heard?: ProbeChange[];
  /** When each part of this sample was seen (seconds since silent, the middle of its own call): the cluster,
   *  the copies, each database's MAPI logon. */
  seen?: { cluster: number; copies: number; logon: Record<string, number>; mail?: number };
  /** This sample follows a span with no observation (the session did not answer): from `from` s until t. */
  gap?: { from: number; reason: string };
}

export interface ProbeChange {
  name: string;
  answering: boolean;
  t: number;
}

/** One moment of the outage as a client lives it, derived from the samples (shared/failover-events.ts). */
export interface FailoverEvent {
  kind:
    | 'nodeSilent'
    | 'clusterNoticed'
    | 'roleOnline'
    | 'databaseMounted'
    | 'arrayAnswering'
    | 'logonWorking'
    | 'mailSent'
    | 'mailDelivered'
    | 'gap';
  /** The server the role or the database came online on. */
  on?: string;
  /** Seconds since the node went silent: halfway between the last observation that did not show it and the
   *  first that did (`between`), or when it was seen if nothing earlier was observed. */
  t: number;
  between?: [number, number];
  /** The database, for databaseMounted and logonWorking; the server for roleOnline; the node otherwise. */
  subject: string;
  /** For a gap: where the observation resumed. */
  until?: number;
}

/** The lab's injected delays as it used them (seconds): a lab timing is made of these, not measured. */
export interface SimulatedDelays {
  nodeLossDetection: number;
  groupOnline: number;
  databaseMount: number;
}

export interface FailoverResult {
  originalOwner: string;
  otherNode: string;
  planned: { to: string; state: string; arrayReachable: boolean; seconds: number }[];
  outage: {
    node: string;
    samples: TimelineSample[];
    /** Seconds from the node going silent until the role, every database, the array and a MAPI logon to
     *  every database worked again (the client's view). */
    recoverySeconds: number | null;
    referenceSeconds: number;
    /** What the timeline recorded, in order (absent in results kept from before events were recorded). */
    events?: FailoverEvent[];
    /** Where the clock started: the probe heard the node go silent, or (no answer before the outage, e.g. a
     *  firewall drops ping and 5985) the cluster reported it not Up, after its node-loss detection. */
    clock?: 'silent' | 'clusterNoticed';
    /** The test message sent through the surviving server once the node was silent: to whom, when (seconds since
     *  silent), or why it could not be sent. */
    mail?: { to: string; subject: string; sentAt: number | null; error?: string };
  } | null;
  restored: boolean;
  /** The wizard's own sessions it moved off the node it took down (and back): absent when none was on it. */
  sessionMoves?: SessionMove[];
  /** Lab runs: the delays the lab simulated (read from the lab, defaults included). */
  simulated?: SimulatedDelays;
}

/** One of the wizard's remote sessions reopened on another server for the outage, as the transcript shows it. */
export interface SessionMove {
  session: 'exchange' | 'cluster';
  from: string;
  to: string;
  /** When it was reopened on `to` (ISO). */
  at: string;
  /** When it was put back on `from` after the restore (ISO); null while it is not. */
  back: string | null;
}

/** Values read before a step changed anything; rollback uses them. */
export interface BeforeValues {
  clusterRole?: { dnsAddresses: string[]; computerObject: { name: string; enabled: boolean } | null };
  casArray?: { existing: string[] };
  databases?: { name: string; server: string; rpcClientAccessServer: string }[];
  /** groupOwners: every cluster group's owner, so the outage's moves of the core groups are put back too. */
  failover?: { roleOwner: string; activeServers: Record<string, string>; groupOwners?: Record<string, string> };
  /** A setup started by hand, adopted: the pieces found (not made by the wizard). A rollback leaves them
   *  unless removeOnRollback (exha rollback --include-found). */
  adopted?: AdoptedSetup;
  /** What each step's rollback did other than a plain undo (a substituted value) and what it left, by step id. */
  undoNotes?: Partial<Record<string, string[]>>;
  /** Not a value found on the servers but the admin's choice, kept with the run so a resume keeps it:
   *  run the cluster's own validation after the role is added. */
  validateCluster?: boolean;
  /** The same: the access point's answers given to exha run (--answers FILE; not secret), which exha resume
   *  uses unless given its own --answers. */
  answers?: { name: string; address: string; network: string };
}

export interface AdoptedSetup {
  at: string;
  group: string | null;
  resources: string[];
  array: string | null;
  arrayFqdn: string | null;
  pointed: string[];
  removeOnRollback?: boolean;
}

/** What the procedure touches, captured before the first change and after the last. */
export interface TouchedSnapshot {
  capturedAt: string;
  clusterGroups: {
    name: string;
    ownerNode: string;
    state: string;
    resources: { name: string; resourceType: string; state: string; parameters: Record<string, string> }[];
  }[];
  dnsRecords: { name: string; addresses: string[] }[];
  clientAccessArrays: { name: string; fqdn: string; site: string }[];
  databases: { name: string; rpcClientAccessServer: string; activeServer: string }[];
  computerObjects: { name: string; enabled: boolean }[];
}
