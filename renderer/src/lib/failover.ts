// What the failover screen derives from the view: whether a lab timing is a measurement, which simulated
// delays made it, and the outage's events (the report uses the same shared/failover-events.ts words).
import type { WizardView } from '../../../shared/contract';
import { delaysOff, failoverEvents } from '../../../shared/failover-events';
import type { FailoverEvent, SimulatedDelays, TimelineSample } from '../../../shared/results';

/** A lab with its delays at zero switches over instantly: that is no measurement. */
export function labDelaysOff(view: WizardView): boolean {
  return view.target === 'lab' && delaysOff(simulatedDelays(view));
}

/** The delays the lab simulated: the test's own reading of the lab, else the run's record. Null on real servers. */
export function simulatedDelays(view: WizardView): SimulatedDelays | null {
  if (view.target !== 'lab') return null;
  return view.failover?.simulated ?? view.labDelays;
}

/** The node taken down: the result's, or while the outage runs, the cluster node the probe heard go silent at 0 s. */
export function outageNode(view: WizardView, samples: readonly TimelineSample[]): string | null {
  if (view.failover?.outage) return view.failover.outage.node;
  const nodes = (view.site?.cluster.nodes ?? []).map((n) => n.name.toLowerCase());
  return samples.flatMap((s) => s.heard ?? []).find((h) => !h.answering && h.t === 0 && nodes.includes(h.name.toLowerCase()))?.name ?? null;
}

export function outageEvents(view: WizardView, samples: readonly TimelineSample[], node: string | null): FailoverEvent[] {
  const outage = view.failover?.outage;
  if (outage?.events) return outage.events;
  return node ? failoverEvents(samples, node, outage?.clock) : [];
}
