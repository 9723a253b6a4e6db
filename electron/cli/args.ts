// exha's command line: commands, options and their meaning. Parsing only; no side effects.
import { isStepId, STEP_IDS, type StepId } from '../../shared/steps';
import { ReportFormatSchema, type ReportFormat } from '../../shared/contract';

export const USAGE = `exha — Exchange HA Wizard, headless

Usage:
  exha plan     [target] [--answers FILE]            print every script the procedure would run; runs nothing
  exha run      [target] [--answers FILE] [--until STEP] [--accept-warnings] [--validate-cluster]
                                                     --validate-cluster: after the cluster role is added, run
                                                     Test-Cluster -Include Inventory, Network, System
                                                     Configuration (never storage tests on a live DAG)
  exha resume   [--until STEP] [--accept-warnings] [--retest-failover] [--skip-failover-test]
                                                     continue an interrupted run; a failed step is retried
                                                     (the failover test takes a node down again only with
                                                     --retest-failover)
  --skip-failover-test     run/resume: skip the failover test (the window's Skip): no node is taken down,
                           and the report says the failover was not tested
  exha rollback [--to STEP] [--include-found]        undo the run's changes, newest first (down to STEP);
                                                     a setup found half-made and adopted stays unless
                                                     --include-found
  exha status                                        where the run stands
  exha report   --format html|pdf|json|ps1 --out FILE

Target (the lab is the default):
  --lab                    the built-in lab: two Exchange 2010 servers played by a PowerShell module
  --lab-seed FILE          the lab's starting site (default: the write-up's rogertech.local)
  --lab-state FILE         the lab's state file (default: inside the state folder)
  --lab-fast               lab delays at zero (node loss detected and databases mounted at once)
  --exchange-server FQDN   real servers: Exchange remote PowerShell to this server
  --cluster-node NAME      real servers: the cluster node the wizard works through (never taken down)
  --credential             real servers: ask for credentials instead of using your Windows logon

Options:
  --answers FILE           JSON {"name": "CASArray", "address": "192.168.0.110", "network": "Cluster Network 1"}
  --state-dir DIR          where the journal lives (default: $EXHA_STATE_DIR or your per-user state folder)
  --json                   machine-readable result on stdout; progress stays on stderr
  --help

Steps: ${STEP_IDS.join(', ')}

Exit codes: 0 done; 1 a step failed (the journal keeps it; fix, then resume); 2 bad usage or answers (nothing ran);
            3 refused: nothing to resume, a journal that cannot be read, a journal of another site, or the state
              folder in use by another exha, window or browser wizard (the message names its process);
            4 PowerShell or the lab not found.`;

export type Command = 'plan' | 'run' | 'resume' | 'rollback' | 'status' | 'report';

export interface CliOptions {
  command: Command;
  lab: boolean;
  labSeed?: string;
  labState?: string;
  labFast: boolean;
  exchangeServer?: string;
  clusterNode?: string;
  credential: boolean;
  answers?: string;
  stateDir?: string;
  until?: StepId;
  to?: StepId;
  acceptWarnings: boolean;
  /** rollback: remove the pieces of an adopted setup too. */
  includeFound: boolean;
  /** resume: the failover test may take a node down again (a second outage the admin agreed to). */
  retestFailover: boolean;
  /** run/resume: skip the failover test, as the window's Skip does (no node is taken down). */
  skipFailoverTest: boolean;
  /** run/resume: after the cluster role is added, run the cluster's own validation (no storage tests). */
  validateCluster: boolean;
  json: boolean;
  format?: ReportFormat;
  out?: string;
}

export class UsageError extends Error {}

const VALUE_OPTIONS = new Set([
  '--lab-seed',
  '--lab-state',
  '--exchange-server',
  '--cluster-node',
  '--answers',
  '--state-dir',
  '--until',
  '--to',
  '--format',
  '--out',
]);
const FLAG_OPTIONS = new Set([
  '--lab',
  '--lab-fast',
  '--credential',
  '--include-found',
  '--accept-warnings',
  '--retest-failover',
  '--skip-failover-test',
  '--validate-cluster',
  '--json',
]);

/** The same rule the wizard applies before it connects (plan must refuse what run would refuse). */
const SERVER_NAME = /^[A-Za-z0-9.-]{1,255}$/;

function step(value: string, option: string): StepId {
  if (!isStepId(value)) throw new UsageError(`${option} takes a step id: ${STEP_IDS.join(', ')} (got "${value}")`);
  return value;
}

export function parseArgs(argv: string[]): CliOptions | 'help' {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return 'help';
  if (!['plan', 'run', 'resume', 'rollback', 'status', 'report'].includes(command))
    throw new UsageError(`unknown command "${command}"; see exha --help`);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    const [name = '', inline] = arg.split(/=(.*)/s, 2);
    if (arg === '--help') return 'help';
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
      values.set(name, value);
    } else if (FLAG_OPTIONS.has(name) && inline === undefined) {
      flags.add(name);
    } else {
      throw new UsageError(`unknown option "${arg}"; see exha --help`);
    }
  }
  const real = values.has('--exchange-server') || values.has('--cluster-node');
  if (real && flags.has('--lab')) throw new UsageError('choose either --lab or --exchange-server/--cluster-node');
  if (real && (!values.has('--exchange-server') || !values.has('--cluster-node')))
    throw new UsageError('real servers need both --exchange-server and --cluster-node');
  for (const name of ['--exchange-server', '--cluster-node']) {
    const value = values.get(name);
    if (value !== undefined && !SERVER_NAME.test(value))
      throw new UsageError(`${name} "${value}": server names may contain only letters, digits, dots and hyphens`);
  }
  if (flags.has('--retest-failover') && flags.has('--skip-failover-test'))
    throw new UsageError('choose either --retest-failover or --skip-failover-test');
  const format = values.get('--format');
  if (command === 'report') {
    if (!format || !values.get('--out')) throw new UsageError('report needs --format html|pdf|json|ps1 and --out FILE');
    if (!ReportFormatSchema.safeParse(format).success) throw new UsageError(`--format takes html, pdf, json or ps1 (got "${format}")`);
  }
  const until = values.get('--until');
  const to = values.get('--to');
  const opt = (name: string) => values.get(name);
  return {
    command: command as Command,
    lab: !real,
    labFast: flags.has('--lab-fast'),
    credential: flags.has('--credential'),
    acceptWarnings: flags.has('--accept-warnings'),
    includeFound: flags.has('--include-found'),
    retestFailover: flags.has('--retest-failover'),
    skipFailoverTest: flags.has('--skip-failover-test'),
    validateCluster: flags.has('--validate-cluster'),
    json: flags.has('--json'),
    ...(opt('--lab-seed') ? { labSeed: opt('--lab-seed') } : {}),
    ...(opt('--lab-state') ? { labState: opt('--lab-state') } : {}),
    ...(opt('--exchange-server') ? { exchangeServer: opt('--exchange-server') } : {}),
    ...(opt('--cluster-node') ? { clusterNode: opt('--cluster-node') } : {}),
    ...(opt('--answers') ? { answers: opt('--answers') } : {}),
    ...(opt('--state-dir') ? { stateDir: opt('--state-dir') } : {}),
    ...(until ? { until: step(until, '--until') } : {}),
    ...(to ? { to: step(to, '--to') } : {}),
    ...(format ? { format: format as ReportFormat } : {}),
    ...(opt('--out') ? { out: opt('--out') } : {}),
  };
}
