// The failover test in the report: the result, the timeline, and what the admin saw, in plain words.
import type { FailoverResult, TimelineSample } from '../../shared/results';
import { WRITE_UP_FAILOVER_SECONDS } from '../../shared/steps';
import type { FailoverPhase, ReportFailover } from './types';

const secs = (n: number) => `${n.toFixed(1)} s`;

function plannedPhase(name: string, p: FailoverResult['planned'][number]): FailoverPhase {
  const ok = p.state === 'Online' && p.arrayReachable;
  return {
    phase: 'planned',
    title: `Planned move of ${name} to ${p.to}`,
    saw: ok
      ? `The role was Online on ${p.to} after ${secs(p.seconds)} and the array address answered. Outlook showed "trying to connect" for a moment and carried on; OWA users had to log on again, at the same URL.`
      : `After ${secs(p.seconds)} the role was ${p.state} on ${p.to} and the array address ${p.arrayReachable ? 'answered' : 'did not answer'}: clients could not reach mail through the array.`,
  };
}

function outagePhase(node: string, samples: TimelineSample[], recovery: number | null, reference: number): FailoverPhase {
  const last = samples[samples.length - 1];
  const firstDown = samples.find((s) => !s.arrayReachable);
  const comparison = recovery === null ? '' : recovery <= reference
    ? `, within the write-up's ${String(reference)} seconds`
    : `, longer than the write-up's ${String(reference)} seconds`;
  return {
    phase: 'outage',
    title: `Outage of ${node}`,
    saw: recovery !== null
      ? `${node} was taken down (as if all its network adapters were disabled). ${firstDown ? `The array stopped answering and Outlook showed "trying to connect". ` : 'The array kept answering throughout. '}After ${secs(recovery)} the role was Online on ${last?.roleOwner ?? 'the other node'}, every database was mounted there and the array answered again${comparison}. Outlook reconnected to the same name by itself.`
      : `${node} was taken down, and within the watch window the role, the databases and the array were not all back on the other node${last ? ` (last seen: role ${last.roleState} on ${last.roleOwner}, array ${last.arrayReachable ? 'answering' : 'not answering'})` : ''}. Clients were cut off for that time.`,
  };
}

export function buildFailover(name: string, result: FailoverResult | null, live: TimelineSample[]): ReportFailover | null {
  if (!result && live.length === 0) return null;
  const outage = result?.outage ?? null;
  const samples = outage?.samples.length ? outage.samples : live;
  const reference = outage?.referenceSeconds ?? WRITE_UP_FAILOVER_SECONDS;
  const outageNode = outage?.node ?? null;
  const recovery = outage?.recoverySeconds ?? null;
  const phases: FailoverPhase[] = (result?.planned ?? []).map((p) => plannedPhase(name, p));
  if (outageNode) phases.push(outagePhase(outageNode, samples, recovery, reference));
  if (result && outage) {
    phases.push({
      phase: 'restore',
      title: 'Back to the starting point',
      saw: result.restored
        ? `${outageNode ?? 'The node'} came back and resynchronized; ${name} and the active database copies were moved back to ${result.originalOwner} and their original servers.`
        : `The original owner (${result.originalOwner}) and active copies could not all be restored: check the cluster and the database copies before anything else.`,
    });
  }
  return {
    originalOwner: result?.originalOwner ?? '',
    otherNode: result?.otherNode ?? '',
    planned: result?.planned ?? [],
    outageNode,
    samples,
    recoverySeconds: recovery,
    referenceSeconds: reference,
    restored: result?.restored ?? false,
    finished: result !== null && outage !== null,
    phases,
  };
}
