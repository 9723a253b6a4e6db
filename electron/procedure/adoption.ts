// Adopting a setup started by hand: the pieces Connect found are recorded in the journal as found before
// the first change, the steps carry on with only what is missing, and rollback leaves found pieces alone
// unless the admin asks to remove them too.
import type { AdoptedSetup, BeforeValues } from '../../shared/results';
import { adoptableGroup, foundPieces } from '../../shared/found';
import type { SiteFacts } from '../../shared/site';
import type { PlanContext, StepContext } from './step';

/** The found setup matches the run's client access point (the admin went on with the found values). */
function foundForInputs(ctx: PlanContext): AdoptedSetup | null {
  const found = ctx.site?.found;
  if (!found || !ctx.inputs || !ctx.site) return null;
  const name = ctx.inputs.name.toLowerCase();
  const group = adoptableGroup(found);
  const groupMatches = group !== null && group.name.toLowerCase() === name;
  const arrayMatches = found.array !== null && found.array.fqdn.toLowerCase() === `${name}.${ctx.site.domain}`.toLowerCase();
  if (!groupMatches && !arrayMatches) return null;
  return {
    at: new Date().toISOString(),
    group: groupMatches ? group.name : null,
    resources: groupMatches ? [group.ipAddress?.resource, group.networkName?.resource].filter((r): r is string => Boolean(r)) : [],
    array: arrayMatches ? (found.array?.name ?? null) : null,
    arrayFqdn: arrayMatches ? (found.array?.fqdn ?? null) : null,
    pointed: arrayMatches ? found.pointed : [],
  };
}

/** Records the found pieces once, before the first change, so every later step (and a resume) knows them. */
export async function recordAdoption(ctx: StepContext): Promise<AdoptedSetup | null> {
  if (ctx.before.adopted) return ctx.before.adopted;
  const adopted = foundForInputs(ctx);
  return adopted ? ctx.recordBefore('adopted', adopted) : null;
}

export function adoptedGroup(ctx: PlanContext, name: string): boolean {
  const adopted = ctx.before.adopted ?? foundForInputs(ctx);
  return adopted?.group?.toLowerCase() === name.toLowerCase();
}

export function adoptedArray(ctx: PlanContext): string | null {
  return (ctx.before.adopted ?? foundForInputs(ctx))?.array ?? null;
}

/** The admin asked the rollback to remove what was found too. */
export function removeFound(ctx: PlanContext): boolean {
  return ctx.before.adopted?.removeOnRollback === true;
}

/** exha rollback --include-found: the choice is kept with the adoption, so a resumed rollback keeps it. */
export function withIncludeFound(before: BeforeValues, include: boolean): BeforeValues {
  if (!before.adopted) return before;
  return { ...before, adopted: { ...before.adopted, removeOnRollback: include } };
}

/** One line per found piece with its health, for the CLI and the run's summary. */
export function describeAdoption(site: SiteFacts | null): string[] {
  if (!site?.found) return [];
  return foundPieces(site.found, site).map((p) => `${p.health === 'ok' ? '✔' : p.health === 'broken' ? '!' : '+'} ${p.label}: ${p.detail}`);
}
