// What is on the servers now because of this run: the one answer the window (Complete screen, rail), the
// CLI and every report format show. Derived only from the journal: each changing step's recorded status
// (done, failed, rolled back) and the values it found before it acted, so "made", "undone" and "found"
// can never disagree between the places that show them.
import type { InPlace, InPlaceEffect } from '../../shared/contract';
import type { BeforeValues, FailoverResult } from '../../shared/results';
import type { SiteFacts } from '../../shared/site';
import { arrayFqdn } from '../../shared/validation';
import type { WizardContext } from './machine';

export type { InPlace, InPlaceEffect } from '../../shared/contract';

type Sorted = { made: InPlaceEffect[]; undone: InPlaceEffect[]; found: InPlaceEffect[] };

function clusterRoleEffects(ctx: WizardContext, before: BeforeValues, out: Sorted): void {
  const status = ctx.statuses.clusterRole;
  const inputs = ctx.inputs;
  const site = ctx.outputs.connect as SiteFacts | undefined;
  if (!inputs || (status !== 'done' && status !== 'failed' && status !== 'rolledBack')) return;
  const fqdn = site ? arrayFqdn(inputs.name, site.domain) : inputs.name;
  const owner = (ctx.outputs.clusterRole as { ownerNode?: string } | undefined)?.ownerNode;
  const partly = status === 'failed' ? ' (the step failed: it may be only partly there)' : '';
  const list = status === 'rolledBack' ? out.undone : out.made;
  const group = `Cluster group ${inputs.name} with IP Address ${inputs.address} and Network Name ${inputs.name}${owner && status === 'done' ? `, verified online on ${owner} when the step ran` : ''}${partly}`;
  // An adopted group was there before the run: found, not made (gone only when the admin asked a rollback to remove it).
  if (before.adopted?.group?.toLowerCase() === inputs.name.toLowerCase()) {
    if (status === 'rolledBack' && before.adopted.removeOnRollback === true)
      out.undone.push({ stepId: 'clusterRole', what: `${group} (found already there; removed as asked)` });
    else out.found.push({ stepId: 'clusterRole', what: `${group} (found already there; adopted)` });
  } else {
    list.push({ stepId: 'clusterRole', what: group });
  }
  const b = before.clusterRole;
  if (!b) return;
  if (b.dnsAddresses.includes(inputs.address))
    out.found.push({ stepId: 'clusterRole', what: `DNS record ${fqdn} → ${inputs.address} (there before the run; kept)` });
  else list.push({ stepId: 'clusterRole', what: `DNS record ${fqdn} → ${inputs.address}, registered by the cluster` });
  if (b.computerObject)
    out.found.push({ stepId: 'clusterRole', what: `Computer object ${b.computerObject.name} (there before the run; kept)` });
  else list.push({ stepId: 'clusterRole', what: `Computer object ${inputs.name}, created by the cluster` });
}

function casArrayEffects(ctx: WizardContext, before: BeforeValues, out: Sorted): void {
  const status = ctx.statuses.casArray;
  const inputs = ctx.inputs;
  const site = ctx.outputs.connect as SiteFacts | undefined;
  if (!inputs || !site || (status !== 'done' && status !== 'failed' && status !== 'rolledBack')) return;
  const partly = status === 'failed' ? ' (the step failed: it may be only partly there)' : '';
  const array = `Client Access array ${inputs.name} (${arrayFqdn(inputs.name, site.domain)}) in AD site ${site.adSite}${partly}`;
  if (before.adopted?.array) {
    if (status === 'rolledBack' && before.adopted.removeOnRollback === true)
      out.undone.push({ stepId: 'casArray', what: `${array} (found already there; removed as asked)` });
    else
      out.found.push({
        stepId: 'casArray',
        what: `Client Access array ${before.adopted.array} (${before.adopted.arrayFqdn ?? ''}) in AD site ${site.adSite} (found already there; adopted)`,
      });
    return;
  }
  (status === 'rolledBack' ? out.undone : out.made).push({ stepId: 'casArray', what: array });
}

function databaseEffects(ctx: WizardContext, before: BeforeValues, out: Sorted): void {
  const status = ctx.statuses.databases;
  const inputs = ctx.inputs;
  const site = ctx.outputs.connect as SiteFacts | undefined;
  if (!inputs || !site || (status !== 'done' && status !== 'failed' && status !== 'rolledBack')) return;
  const fqdn = arrayFqdn(inputs.name, site.domain);
  for (const db of before.databases ?? []) {
    if (db.rpcClientAccessServer.toLowerCase() === fqdn.toLowerCase()) {
      out.found.push({ stepId: 'databases', what: `Mailbox database ${db.name} already used ${fqdn} (left as it was)` });
    } else if (status === 'rolledBack') {
      out.undone.push({
        stepId: 'databases',
        what: `Mailbox database ${db.name}: RpcClientAccessServer back to ${db.rpcClientAccessServer}`,
      });
    } else {
      out.made.push({
        stepId: 'databases',
        what: `Mailbox database ${db.name}: RpcClientAccessServer ${fqdn} (was ${db.rpcClientAccessServer})${status === 'failed' ? ', if the failed step got that far' : ''}`,
      });
    }
  }
}

function failoverEffects(ctx: WizardContext, out: Sorted): void {
  const status = ctx.statuses.failover;
  const result = ctx.outputs.failover as Partial<FailoverResult> | undefined;
  // A finished test puts the owners back itself: it leaves nothing behind, and a later rollback of it
  // (Roll back everything includes it) undoes nothing this run left.
  if ((status === 'done' || status === 'rolledBack') && result?.restored === true) return;
  if (status === 'rolledBack') {
    out.undone.push({ stepId: 'failover', what: 'Role owner and active database copies put back where the failover test found them' });
  } else if (status === 'done' || status === 'failed') {
    out.made.push({
      stepId: 'failover',
      what: 'The failover test moved the role and active database copies and did not put them all back',
    });
  }
}

export function inPlaceOf(context: WizardContext, before: BeforeValues): InPlace {
  const out: Sorted = { made: [], undone: [], found: [] };
  clusterRoleEffects(context, before, out);
  casArrayEffects(context, before, out);
  databaseEffects(context, before, out);
  failoverEffects(context, out);
  const { made, undone, found } = out;
  const kept =
    found.length > 0
      ? ` Left as found: ${String(found.length)} ${found.length === 1 ? 'object that was' : 'objects that were'} there before the run.`
      : '';
  if (made.length === 0 && undone.length > 0) {
    return {
      outcome: 'rolledBack',
      headline: `Rolled back: everything this run changed was undone (${String(undone.length)} ${undone.length === 1 ? 'change' : 'changes'}). Nothing it created is left on the servers.${kept}`,
      made,
      undone,
      found,
    };
  }
  if (made.length > 0 && undone.length > 0) {
    return {
      outcome: 'partlyRolledBack',
      headline: `Partly rolled back: ${String(undone.length)} ${undone.length === 1 ? 'change was' : 'changes were'} undone; ${String(made.length)} ${made.length === 1 ? 'is' : 'are'} still on the servers.${kept}`,
      made,
      undone,
      found,
    };
  }
  if (made.length > 0) {
    return {
      outcome: 'inPlace',
      headline: `On the servers now: ${String(made.length)} ${made.length === 1 ? 'change' : 'changes'} made by this run.${kept}`,
      made,
      undone,
      found,
    };
  }
  return { outcome: 'nothing', headline: `Nothing this run could change is on the servers.${kept}`, made, undone, found };
}
