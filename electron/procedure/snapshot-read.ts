// `exha snapshot`, the reading half: the site read through the wizard's own two sessions by Connect's and
// Preflight's own step code (so a rehearsal starts from what the wizard would see), plus the few details
// only a lab needs (snapshot-scripts.ts). Every script is a probe: nothing on the servers changes.
import type { z } from 'zod';
import type { SiteFacts } from '../../shared/site';
import type { ScriptValues, StepScript } from '../powershell/script';
import type { Day2Session } from './day2/session';
import type { PreflightData } from './steps/preflight-rules';
import { StepFailure, type StepContext } from './step';
import { connectStep } from './steps/connect';
import { preflightStep } from './steps/preflight';
import {
  ClusterDetailsSchema,
  ExchangeDetailsSchema,
  NamesAndObjectsSchema,
  readClusterDetails,
  readExchangeDetails,
  readNamesAndObjects,
  type ClusterDetails,
  type ExchangeDetails,
  type NamesAndObjects,
} from './snapshot-scripts';

/** Everything one snapshot read, as the scripts answered. */
export interface SiteReading {
  site: SiteFacts;
  /** Preflight's own reads (mount dial, activation policy, suspended copies, watermarks, the witness). */
  preflight: Omit<PreflightData, 'site'>;
  exchange: ExchangeDetails;
  cluster: ClusterDetails;
  names: NamesAndObjects;
  /** The name the procedure suggests for the array, whose DNS record and computer object were read too. */
  suggestedName: string;
}

/** A context that keeps each script's parsed answer: preflight's step returns verdicts, the snapshot wants the data. */
function recording(ctx: StepContext, answers: Map<string, unknown>): StepContext {
  return {
    ...ctx,
    async run<T>(script: StepScript, values: ScriptValues, schema: z.ZodType<T>): Promise<T> {
      const answer = await ctx.run(script, values, schema);
      answers.set(script.label, answer);
      return answer;
    },
  };
}

function preflightAnswers(answers: Map<string, unknown>): Omit<PreflightData, 'site'> {
  const labels = preflightStep
    .plan({ site: null, inputs: null, target: { kind: 'lab', sessionNode: null }, before: {} })
    .map((c) => c.script.label);
  const [exchange, nodes, state] = labels.map((l) => answers.get(l));
  if (!exchange || !nodes || !state) throw new StepFailure('Preflight did not read the site.', 'Check the servers answer, then try again.');
  return { exchange, nodes, state } as Omit<PreflightData, 'site'>;
}

export async function readSiteForSnapshot(day2: Day2Session, kind: 'lab' | 'real', suggestedName = 'CASArray'): Promise<SiteReading> {
  const answers = new Map<string, unknown>();
  const plain = day2.context({ site: null, inputs: null, target: { kind, sessionNode: null } });
  const site = await connectStep.run(recording(plain, answers));
  const ctx = recording(day2.context({ site, inputs: null, target: { kind, sessionNode: null } }), answers);
  try {
    await preflightStep.run(ctx);
  } catch (error) {
    // A site that fails preflight is still worth rehearsing on: the rehearsal shows the same refusal.
    if (!(error instanceof StepFailure) || !Array.isArray(error.partial)) throw error;
  }
  const exchange = await ctx.run(readExchangeDetails, {}, ExchangeDetailsSchema);
  const cluster = await ctx.run(readClusterDetails, {}, ClusterDetailsSchema);
  const networkNames = cluster.Resources.filter((r) => r.ResourceType === 'Network Name').map((r) => String(r.Parameters.Name ?? r.Name));
  const hostNames = site.clientHostNames;
  const witness = site.dag.witnessServer ? [`${site.dag.witnessServer.split('.')[0] ?? ''}.${site.domain}`] : [];
  const fqdns = unique([
    ...site.servers.map((s) => s.fqdn),
    ...networkNames.map((n) => `${n}.${site.domain}`),
    ...(site.found?.array ? [site.found.array.fqdn] : []),
    `${suggestedName}.${site.domain}`,
    ...hostNames,
    ...witness,
  ]);
  const computers = unique([
    ...site.servers.map((s) => s.name),
    ...networkNames,
    suggestedName,
    ...witness.map((w) => w.split('.')[0] ?? w),
  ]);
  const names = await ctx.run(readNamesAndObjects, { Fqdns: fqdns, Computers: computers, NewName: suggestedName }, NamesAndObjectsSchema);
  return { site, preflight: preflightAnswers(answers), exchange, cluster, names, suggestedName };
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (!v || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
