// The failover test in the report: the result, the timeline, and what the wizard observed. What clients
// usually notice is kept apart as guidance: the wizard watches the cluster, not anyone's Outlook.
import type { FailoverResult, SessionMove, TimelineSample } from '../../shared/results';
import { WRITE_UP_FAILOVER_SECONDS } from '../../shared/steps';
import type { FailoverPhase, ReportFailover } from './types';

const secs = (n: number) => `${n.toFixed(1)} s`;

const NOT_MEASURED = 'not measured (lab delays off)';

function plannedPhase(name: string, p: FailoverResult['planned'][number]): FailoverPhase {
  const ok = p.state === 'Online' && p.arrayReachable;
  return {
    phase: 'planned',
    title: `Planned move of ${name} to ${p.to}`,
    saw: `After ${secs(p.seconds)} the role was ${p.state} on ${p.to} and the array address ${p.arrayReachable ? 'answered' : 'did not answer'}.`,
    guidance: ok
      ? 'During a planned move Outlook usually shows "trying to connect" for a moment and carries on; OWA sessions may have to log on again, at the same URL.'
      : 'While the role is not Online or the array does not answer, clients cannot reach mail through the array.',
  };
}

function outagePhase(
  node: string,
  samples: TimelineSample[],
  recovery: number | null,
  reference: number,
  measured: boolean,
): FailoverPhase {
  const last = samples[samples.length - 1];
  const lost = samples.some((s) => !s.arrayReachable);
  const count = `${String(samples.length)} ${samples.length === 1 ? 'sample' : 'samples'}`;
  let saw: string;
  if (recovery === null) {
    saw = `${node} was taken down. Within the watch window the role, the databases and the array were not all back on the other node${last ? ` (last sample at ${secs(last.t)}: role ${last.roleState} on ${last.roleOwner}, array ${last.arrayReachable ? 'answering' : 'not answering'})` : ''}.`;
  } else if (!measured) {
    saw = `${node} was taken down in the lab with its delays at zero, so the switch-over was instant by construction (${count}): the role was Online on ${last?.roleOwner ?? 'the other node'}, every database mounted and the array answering. No outage time was measured.`;
  } else {
    const comparison =
      recovery <= reference ? `within the write-up's ${String(reference)} s` : `longer than the write-up's ${String(reference)} s`;
    saw = `${node} was taken down. ${lost ? 'The array stopped answering in at least one sample. ' : 'The array answered in every sample. '}After ${secs(recovery)} (${comparison}; ${count}) the role was Online on ${last?.roleOwner ?? 'the other node'}, every database was mounted there and the array answered.`;
  }
  return {
    phase: 'outage',
    title: `Outage of ${node}`,
    saw,
    guidance:
      recovery === null
        ? 'Until the role and the databases are back, clients are cut off.'
        : 'In such an outage Outlook usually shows "trying to connect" and reconnects to the same name by itself once the array answers again.',
  };
}

export function buildFailover(
  name: string,
  result: FailoverResult | null,
  live: TimelineSample[],
  labDelaysOff = false,
): ReportFailover | null {
  if (!result && live.length === 0) return null;
  const outage = result?.outage ?? null;
  const samples = outage?.samples.length ? outage.samples : live;
  const reference = outage?.referenceSeconds ?? WRITE_UP_FAILOVER_SECONDS;
  const outageNode = outage?.node ?? null;
  const recovery = outage?.recoverySeconds ?? null;
  const measured = recovery !== null && !labDelaysOff;
  const outageText = recovery === null ? 'no full recovery seen' : measured ? secs(recovery) : NOT_MEASURED;
  const phases: FailoverPhase[] = (result?.planned ?? []).map((p) => plannedPhase(name, p));
  if (outageNode) phases.push(outagePhase(outageNode, samples, recovery, reference, measured));
  if (result && outage) {
    phases.push({
      phase: 'restore',
      title: 'Back to the starting point',
      saw:
        (result.restored
          ? `${outageNode ?? 'The node'} came back; ${name} and the active database copies were moved back to ${result.originalOwner} and their original servers.`
          : `The original owner (${result.originalOwner}) and active copies could not all be restored: check the cluster and the database copies before anything else.`) +
        sessionMovesText(result.sessionMoves ?? []),
      guidance: '',
    });
  }
  return {
    originalOwner: result?.originalOwner ?? '',
    otherNode: result?.otherNode ?? '',
    planned: result?.planned ?? [],
    outageNode,
    samples,
    recoverySeconds: recovery,
    measured,
    outageText,
    referenceSeconds: reference,
    restored: result?.restored ?? false,
    finished: result !== null && outage !== null,
    phases,
    ...(result?.sessionMoves?.length ? { sessionMoves: result.sessionMoves } : {}),
  };
}

/** The wizard's own sessions it moved off the node it took down, in words (empty when none was on it). */
function sessionMovesText(moves: SessionMove[]): string {
  return moves
    .map(
      (m) =>
        ` The wizard's ${m.session === 'exchange' ? 'Exchange' : 'cluster'} session was moved from ${m.from} to ${m.to} before the outage${m.back ? ` and back to ${m.from} after it` : ` and is still on ${m.to}`}.`,
    )
    .join('');
}
