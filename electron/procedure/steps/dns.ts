// DNS (write-up step 13): wait until the name the cluster registered resolves to the address. Read-only.
import { z } from 'zod';
import { asArray } from '../schemas';
import type { DnsResult } from '../../../shared/results';
import { arrayFqdn } from '../../../shared/validation';
import { ps, type StepScript } from '../../powershell/script';
import { requireInputs, requireSite, StepFailure, type StepDefinition, type PlannedCall } from '../step';

/** Dynamic registration plus replication between DNS servers can take a while on a busy domain. */
const DNS_WAIT_SECONDS = 120;
const RETRY_SECONDS = 3;

const resolveName: StepScript = {
  label: 'Resolve the client access point name',
  runsOn: 'local',
  kind: 'verify',
  params: ['Fqdn'],
  body: ps`
    param([string]$Fqdn)
    @(Resolve-ExhaHostName -Name $Fqdn | ForEach-Object { $_ })
  `,
};

const Addresses = asArray(z.string());

export const dnsStep: StepDefinition<DnsResult> = {
  id: 'dns',
  plan(ctx): PlannedCall[] {
    if (!ctx.inputs || !ctx.site) return [];
    return [{ script: resolveName, values: { Fqdn: arrayFqdn(ctx.inputs.name, ctx.site.domain) } }];
  },
  rollbackPlan: () => [],
  async run(ctx) {
    const inputs = requireInputs(ctx);
    const fqdn = arrayFqdn(inputs.name, requireSite(ctx).domain);
    const started = ctx.now();
    let attempts = 0;
    let addresses: string[] = [];
    for (;;) {
      attempts += 1;
      addresses = await ctx.run(resolveName, { Fqdn: fqdn }, Addresses);
      const waited = (ctx.now() - started) / 1000;
      if (addresses.includes(inputs.address)) return { fqdn, addresses, attempts, waitedSeconds: Math.round(waited) };
      if (waited >= DNS_WAIT_SECONDS) break;
      ctx.activity({
        label: `Waiting for ${fqdn} in DNS (attempt ${String(attempts)})`,
        waitingFor: `${fqdn} to resolve to ${inputs.address}`,
        timeoutSeconds: DNS_WAIT_SECONDS,
      });
      await ctx.sleep(RETRY_SECONDS * 1000);
    }
    throw new StepFailure(
      addresses.length === 0
        ? `${fqdn} still does not resolve after ${String(DNS_WAIT_SECONDS)} seconds.`
        : `${fqdn} resolves to ${addresses.join(', ')}, not ${inputs.address}, after ${String(DNS_WAIT_SECONDS)} seconds.`,
      addresses.length === 0
        ? "Usually the cluster's computer account (the DAG's CNO) may not register the record: check the Network Name resource in Failover Cluster Manager and the zone's dynamic-update setting, then Retry."
        : 'A stale static record for the name is answering: delete it in DNS Manager (the cluster re-registers its own), then Retry.',
    );
  },
};
