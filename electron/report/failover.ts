// The failover test in the report: the result, the timeline, its events in words, and what the wizard
// observed. What Outlook users usually notice is kept apart as guidance: the wizard measures a MAPI logon
// through the surviving server, not anyone's Outlook.
import { eventText, failoverEvents, outageSentence, simulatedMoveText, simulatedOutageText } from '../../shared/failover-events';
import type { FailoverResult, SessionMove, SimulatedDelays, TimelineSample } from '../../shared/results';
import { WRITE_UP_FAILOVER_SECONDS } from '../../shared/steps';
import type { FailoverPhase, ReportFailover } from './types';

const secs = (n: number) => `${n.toFixed(1)} s`;

const NOT_MEASURED = 'not measured (lab delays off)';

function plannedPhase(name: string, p: FailoverResult['planned'][number], simulated: SimulatedDelays | null): FailoverPhase {
  const ok = p.state === 'Online' && p.arrayReachable;
  const lab = simulated ? ` (${simulatedMoveText(simulated)})` : '';
  return {
    phase: 'planned',
    title: `Planned move of ${name} to ${p.to}`,
    saw: `After ${secs(p.seconds)}${lab} the role was ${p.state} on ${p.to} and the array address ${p.arrayReachable ? 'answered' : 'did not answer'}.`,
    guidance: ok
      ? 'During a planned move Outlook usually shows "trying to connect" for a moment and carries on; OWA sessions may have to log on again, at the same URL.'
      : 'While the role is not Online or the array does not answer, clients cannot reach mail through the array.',
  };
}

function outagePhase(node: string, samples: TimelineSample[], recovery: number | null, sentence: string, said: string[]): FailoverPhase {
  const last = samples[samples.length - 1];
  const count = `${String(samples.length)} ${samples.length === 1 ? 'sample' : 'samples'}`;
  const lastSeen = last
    ? ` (last sample at ${secs(last.t)}: role ${last.roleState} on ${last.roleOwner}, array ${last.arrayReachable ? 'answering' : 'not answering'})`
    : '';
  const order = said.length > 0 ? ` In order: ${said.join('; ')}.` : '';
  return {
    phase: 'outage',
    title: `Outage of ${node}`,
    saw: `${sentence}${recovery === null ? lastSeen : ''}${order} (${count}.)`,
    guidance:
      recovery === null
        ? 'Until the role and the databases are back, clients are cut off.'
        : 'In such an outage Outlook usually shows "trying to connect" and reconnects to the same name by itself once the array answers again.',
  };
}

/** `simulated`: a lab run's delays (the result's own reading of the lab, else the run's); null on real servers. */
export function buildFailover(
  name: string,
  result: FailoverResult | null,
  live: TimelineSample[],
  labDelaysOff = false,
  runDelays: SimulatedDelays | null = null,
): ReportFailover | null {
  if (!result && live.length === 0) return null;
  const outage = result?.outage ?? null;
  const samples = outage?.samples.length ? outage.samples : live;
  const reference = outage?.referenceSeconds ?? WRITE_UP_FAILOVER_SECONDS;
  const outageNode = outage?.node ?? null;
  const recovery = outage?.recoverySeconds ?? null;
  const measured = recovery !== null && !labDelaysOff;
  const simulated = result?.simulated ?? runDelays;
  const lab = simulated && measured ? `; lab, ${simulatedOutageText(simulated)}` : '';
  const outageText = recovery === null ? 'no full recovery seen' : measured ? `${secs(recovery)}${lab}` : NOT_MEASURED;
  const events = outageNode
    ? (outage?.events ?? failoverEvents(samples, outageNode, outage?.clock)).map((e) => ({ ...e, text: eventText(e, outageNode) }))
    : [];
  const sentence = outage ? outageSentence(outage, simulated, labDelaysOff) : '';
  const said = events.map((e) => (e.kind === 'gap' ? e.text : `${secs(e.t)} ${e.text}`));
  const phases: FailoverPhase[] = (result?.planned ?? []).map((p) => plannedPhase(name, p, simulated));
  if (outageNode) phases.push(outagePhase(outageNode, samples, recovery, sentence, said));
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
    events,
    sentence,
    simulated,
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
