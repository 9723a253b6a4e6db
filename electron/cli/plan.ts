// exha plan: every script the procedure would run, with the values filled in, and nothing run.
// The site is not read (that would run something): values that come from it are taken from the lab's
// seed for the lab, or shown as <placeholders> for real servers.
import { readFileSync } from 'node:fs';
import { STEPS } from '../../shared/steps';
import type { SiteFacts } from '../../shared/site';
import type { AccessPointInputs } from '../../shared/validation';
import { renderScript } from '../powershell/script';
import type { PlanContext } from '../procedure/step';
import { stepDefinition } from '../procedure/steps';
import { defaultLabSeed } from '../targets/lab';
import type { CliOptions } from './args';
import { siteFromSeed } from './seed-site';
import { seedPreflightLines } from './seed-preflight';
import { labLimitsOf } from '../procedure/snapshot-limits';

function placeholderSite(answers: AccessPointInputs): SiteFacts {
  return {
    domain: '<AD domain>',
    adSite: '<AD site>',
    account: '<you>',
    clientHostNames: [],
    servers: [],
    databases: [],
    dag: {
      name: '<DAG>',
      servers: ['<node 1>', '<node 2>'],
      witnessServer: '<witness>',
      witnessDirectory: '<witness directory>',
      ipAddresses: [],
    },
    cluster: {
      name: '<DAG>',
      nodes: [
        { name: '<node 1>', state: 'Up' },
        { name: '<node 2>', state: 'Up' },
      ],
      networks: [{ name: answers.network || '<client network>', address: '<network>', addressMask: '<subnet mask>', role: 3, state: 'Up' }],
    },
  };
}

export function printPlan(options: CliOptions, answers: AccessPointInputs | null, _stateDir: string, write: (text: string) => void): void {
  const base = { name: 'CASArray', address: '192.168.0.110', network: '' };
  const seedPath = options.labSeed ?? defaultLabSeed();
  const seed = options.lab ? (JSON.parse(readFileSync(seedPath, 'utf8')) as unknown) : null;
  const site = seed ? siteFromSeed(seed) : placeholderSite({ ...base, ...answers });
  const inputs: AccessPointInputs = { ...base, network: site.cluster.networks.find((n) => n.role === 3)?.name ?? '', ...(answers ?? {}) };
  const ctx: PlanContext = {
    site,
    inputs,
    target: { kind: options.lab ? 'lab' : 'real', sessionNode: options.clusterNode ?? null },
    before: {},
  };
  write(`# Exchange HA Wizard — plan for ${inputs.name} (${inputs.address}) on ${site.dag.name}, ${site.domain}\n`);
  write(`# Nothing has been run. Rollback scripts are shown with each step that changes the servers.\n`);
  // A seed other than the write-up's: what preflight and the lab will say about it, before anything runs.
  if (seed && options.labSeed) {
    write(`${seedPreflightLines(seed, site).join('\n')}\n`);
    const limits = labLimitsOf(seed);
    if (limits.length > 0) write(`# The lab cannot play:\n${limits.map((l) => `#   ! ${l}`).join('\n')}\n`);
  }
  write('\n');
  for (const meta of STEPS) {
    const def = stepDefinition(meta.id);
    const calls = def.plan(ctx);
    const undo = def.rollbackPlan(ctx);
    write(
      `#### ${meta.title}${meta.writeUpSteps.length ? ` (write-up steps ${meta.writeUpSteps.join(', ')})` : ''}${meta.changesServers ? ' — changes the servers' : ''}\n`,
    );
    if (calls.length === 0) write('# (no PowerShell: inputs only)\n');
    for (const call of calls) write(`${renderScript(call.script, call.values).text}\n\n`);
    for (const call of undo) write(`${renderScript(call.script, call.values).text.replace(/^# /, '# ROLLBACK: ')}\n\n`);
  }
}
