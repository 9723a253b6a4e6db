// Day 2 in the window: the health of a setup that is already there (made by the wizard or by hand), and the
// actions on it (check, maintenance on a node and its end, remove). Types only: main fills them, the window
// renders them; the CLI's exha check writes the same HealthReport.
import type { Activity, ErrorInfo, PlannedScript, TranscriptLine } from './contract';
import type { Check, ClientCheckRow } from './results';

export interface HealthReport {
  at: string;
  site: string;
  /** 'none': nothing of the setup exists (the window offers a new setup). */
  setup: 'none' | 'present';
  role: { group: string; state: string; owner: string; address: string; addressState: string; name: string; nameState: string } | null;
  array: { name: string; fqdn: string } | null;
  databases: { name: string; rpcClientAccessServer: string; onArray: boolean; activeServer: string }[];
  nodes: { name: string; state: string }[];
  /** Every cluster group and its owner node (maintenance moves the ones a node owns). Absent in older reports. */
  groups?: { name: string; owner: string; state: string }[];
  /** DAG, witness, replication, copies, activation and node checks, as preflight judges them. */
  checks: Check[];
  clientChecks: ClientCheckRow[];
  healthy: boolean;
  problems: string[];
}

export type Day2Action = 'check' | 'maintenance' | 'endMaintenance' | 'remove';

/** One change action, as its confirmation shows it: what moves or goes, and the PowerShell with its values. */
export interface Day2Plan {
  /** In the admin's words, one line per thing moved or removed. */
  what: string[];
  scripts: PlannedScript[];
}

export interface Day2View {
  /** 'finished': the wizard's run completed here; 'found': Connect found a setup on the servers. */
  source: 'finished' | 'found';
  /** The window opens on the day-2 screen (a finished run reopened); otherwise it is one click away. */
  opensOn: boolean;
  /** The latest check: this session's, or the last one saved in <state-dir>/checks. */
  health: HealthReport | null;
  /** What changed since the check before it. */
  changes: string[];
  savedTo: string | null;
  /** Maintenance in progress (maintenance.json): the node, where things went, what --end puts back. */
  maintenance: {
    node: string;
    to: string;
    startedAt: string;
    groups: string[];
    databases: string[];
    /** False when the moves off the node did not all return verified (a failure or a crash mid-move). */
    verified: boolean;
  } | null;
  running: Day2Action | null;
  activity: Activity | null;
  result: { action: Day2Action; ok: boolean; message: string; at: string } | null;
  error: ErrorInfo | null;
  /** What each action runs: check reads only; the others ask first and show this. Null: not possible now (and why). */
  plans: {
    check: PlannedScript[];
    maintenance: { node: string; plan: Day2Plan | null; why: string | null }[];
    endMaintenance: Day2Plan | null;
    remove: Day2Plan | null;
  };
  transcript: TranscriptLine[];
}
