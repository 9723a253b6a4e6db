// Each step in the report: its state, when and how long, the PowerShell it ran, and the values it found before changing anything.
import type {
  BeforeValues,
  CasArrayResult,
  ClientCheckRow,
  ClusterRoleResult,
  DatabaseRow,
  DnsResult,
  FailoverResult,
} from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import { STEPS, type StepId } from '../../shared/steps';
import type { AccessPointInputs } from '../../shared/validation';
import type { JournalCommand, JournalData } from '../procedure/journal';
import { describeValidation } from '../procedure/steps/cluster-validation';
import { maskParams } from './secrets';
import { undoneAt } from './decisions';
import type { MachineState } from './status';
import type { ReportCommand, ReportRollback, ReportStep, StepState } from './types';

export function toReportCommand(c: JournalCommand, secrets: Set<string>): ReportCommand {
  return {
    id: c.id,
    label: c.label,
    script: c.script,
    params: maskParams(c.params, secrets),
    startedAt: c.startedAt,
    durationMs: c.durationMs,
    outcome: c.outcome,
    output: c.output,
    error: c.error ? `${c.error.message} (${c.error.fullyQualifiedErrorId}, ${c.error.category})` : null,
    warnings: c.warnings,
  };
}

function beforeOf(id: StepId, before: BeforeValues): ReportStep['before'] {
  switch (id) {
    case 'clusterRole': {
      const b = before.clusterRole;
      if (!b) return [];
      return [
        { label: 'DNS addresses of the name', value: b.dnsAddresses.join(', ') || '(none)' },
        {
          label: 'Computer object',
          value: b.computerObject ? `${b.computerObject.name} (${b.computerObject.enabled ? 'enabled' : 'disabled'})` : '(none)',
        },
      ];
    }
    case 'casArray':
      return before.casArray ? [{ label: 'Client Access arrays in the site', value: before.casArray.existing.join(', ') || '(none)' }] : [];
    case 'databases':
      return (before.databases ?? []).map((d) => ({ label: `${d.name} RpcClientAccessServer`, value: d.rpcClientAccessServer }));
    case 'failover': {
      const b = before.failover;
      if (!b) return [];
      return [
        { label: 'Role owner', value: b.roleOwner },
        ...Object.entries(b.activeServers).map(([db, server]) => ({ label: `${db} active on`, value: server })),
      ];
    }
    default:
      return [];
  }
}

/** One line on what the step found or did, from its output (a failed step's output is what it had found). */
function summaryOf(id: StepId, output: unknown): string {
  if (output === undefined || output === null) return '';
  try {
    return describeOutput(id, output);
  } catch {
    return '';
  }
}

function describeOutput(id: StepId, output: unknown): string {
  switch (id) {
    case 'connect': {
      const s = output as SiteFacts;
      return `${s.domain}, AD site ${s.adSite}: ${s.servers.map((x) => x.name).join(', ')}; DAG ${s.dag.name}; ${String(s.databases.length)} databases.`;
    }
    case 'preflight':
    case 'validate': {
      const checks = output as { status: string }[];
      const count = (st: string) => checks.filter((c) => c.status === st).length;
      const n = (k: number, word: string) => `${String(k)} ${word}${k === 1 ? '' : 's'}`;
      return `${String(count('pass'))} passed, ${n(count('warn'), 'warning')}, ${String(count('fail'))} failed.`;
    }
    case 'accessPoint': {
      const i = output as AccessPointInputs;
      return `${i.name}, ${i.address} on ${i.network}.`;
    }
    case 'clusterRole': {
      const r = output as ClusterRoleResult;
      const role = `Group ${r.group} is ${r.state} on ${r.ownerNode}: ${r.resources.map((x) => `${x.name} (${x.resourceType}) ${x.state}`).join('; ')}.`;
      return r.validation ? `${role} ${describeValidation(r.validation)}` : role;
    }
    case 'dns': {
      const d = output as DnsResult;
      return `${d.fqdn} resolves to ${d.addresses.join(', ')} after ${String(d.attempts)} attempts (${String(d.waitedSeconds)} s).`;
    }
    case 'casArray': {
      const a = output as CasArrayResult;
      return `Array ${a.name} (${a.fqdn}) in site ${a.site}; members: ${a.members.join(', ') || '(none)'}.`;
    }
    case 'databases':
      return (output as DatabaseRow[]).map((d) => `${d.name}: ${d.before} → ${d.after}`).join('; ');
    case 'clientChecks': {
      const rows = output as ClientCheckRow[];
      return `${String(rows.filter((r) => r.result === 'Success').length)} of ${String(rows.length)} checks succeeded.`;
    }
    case 'failover': {
      const f = output as FailoverResult;
      const r = f.outage?.recoverySeconds;
      return r === null || r === undefined
        ? 'The outage test did not recover within the watch window.'
        : `Recovered in ${r.toFixed(1)} s after ${f.outage?.node ?? ''} went down (write-up: ${String(f.outage?.referenceSeconds ?? 20)} s).`;
    }
    case 'complete':
      return 'After snapshot taken.';
  }
}

function stateOf(id: StepId, state: MachineState, journal: JournalData): StepState {
  const recorded = state.context.statuses[id];
  if (recorded === 'todo') {
    const timing = journal.timings[id];
    // Started, never ended: the journal was taken while the step ran (or the app stopped mid-step).
    return timing && timing.endedAt === null ? 'running' : 'notReached';
  }
  return recorded;
}

export function buildSteps(journal: JournalData, state: MachineState, secrets: Set<string>, rollbacks: ReportRollback[]): ReportStep[] {
  return STEPS.map((meta) => {
    const timing = journal.timings[meta.id];
    const startedAt = timing?.startedAt ?? null;
    const endedAt = timing?.endedAt ?? null;
    const duration = startedAt && endedAt ? Math.max(0, (Date.parse(endedAt) - Date.parse(startedAt)) / 1000) : null;
    return {
      id: meta.id,
      title: meta.title,
      writeUpSteps: [...meta.writeUpSteps],
      changesServers: meta.changesServers,
      state: stateOf(meta.id, state, journal),
      startedAt,
      endedAt,
      durationSeconds: duration === null ? null : Math.round(duration * 10) / 10,
      undoneAt: undoneAt(rollbacks, meta.id),
      summary: summaryOf(meta.id, state.context.outputs[meta.id]),
      before: beforeOf(meta.id, journal.before),
      commands: journal.commands.filter((c) => c.stepId === meta.id).map((c) => toReportCommand(c, secrets)),
    };
  });
}
