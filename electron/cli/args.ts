// exha's command line: commands, options and their meaning. Parsing only; no side effects.
import { isStepId, STEP_IDS, type StepId } from '../../shared/steps';
import { ReportFormatSchema, type ReportFormat } from '../../shared/contract';

/** Each command's own lines of the usage; `exha <command> --help` prints its own. */
export const COMMAND_USAGE = {
  plan: `  exha plan     [target] [--answers FILE]            print every script the procedure would run; runs nothing`,
  run: `  exha run      [target] [--answers FILE] [--until STEP] [--accept-warnings] [--validate-cluster]
                [--skip-failover-test]
                                                     the answers are kept in the journal for resume
                                                     --validate-cluster: after the cluster role is added, run
                                                     Test-Cluster -Include Inventory, Network, System
                                                     Configuration (never storage tests on a live DAG)`,
  resume: `  exha resume   [--answers FILE] [--until STEP] [--accept-warnings] [--retest-failover] [--skip-failover-test]
                                                     continue an interrupted run with the answers it was
                                                     given (--answers replaces them); a failed step is
                                                     retried (the failover test takes a node down again
                                                     only with --retest-failover)`,
  rollback: `  exha rollback [--to STEP] [--include-found]        undo the run's changes, newest first (down to STEP);
                                                     a setup found half-made and adopted stays unless
                                                     --include-found`,
  status: `  exha status                                        where the run stands`,
  report: `  exha report   --format html|pdf|json|ps1 --out FILE`,
} as const;

export type Command = keyof typeof COMMAND_USAGE;

const TARGET_USAGE = `Target (the lab is the default):
  --lab                    the built-in lab: two Exchange 2010 servers played by a PowerShell module
  --lab-seed FILE          the lab's starting site (default: the write-up's rogertech.local)
  --lab-state FILE         the lab's state file (default: inside the state folder)
  --lab-fast               lab delays at zero (node loss detected and databases mounted at once)
  --exchange-server FQDN   Exchange remote PowerShell to this server (with --lab: a lab server, default
                           its first Exchange server)
  --cluster-node NAME      the cluster node the cluster session runs on (default: the Exchange server);
                           the failover test moves a session off the node it takes down, and back
  --credential             real servers: ask for credentials instead of using your Windows logon`;

const OPTIONS_USAGE = `Options:
  --answers FILE           JSON {"name": "CASArray", "address": "192.168.0.110", "network": "Cluster Network 1"}
  --state-dir DIR          where the journal lives (default: $EXHA_STATE_DIR or your per-user state folder,
                           the same one the window and the browser wizard use)
  --json                   machine-readable result on stdout; progress stays on stderr
  --skip-failover-test     run/resume: skip the failover test (the window's Skip): no node is taken down,
                           and the report says the failover was not tested
  --help                   this text; exha <command> --help: that command's`;

const EXIT_USAGE = `Exit codes: 0 done; 1 a step failed (the journal keeps it; fix, then resume); 2 bad usage or answers (nothing ran);
            3 refused: nothing to resume, a journal that cannot be read, a journal of another site, or the state
              folder in use by another exha, window or browser wizard (the message names its process);
            4 PowerShell or the lab not found.`;

export const USAGE = `exha — Exchange HA Wizard, headless

Usage:
${Object.values(COMMAND_USAGE).join('\n')}

${TARGET_USAGE}

${OPTIONS_USAGE}

Steps: ${STEP_IDS.join(', ')}

${EXIT_USAGE}`;

/** One command's usage: its lines, then the target and options it takes. */
export function commandUsage(command: Command): string {
  const steps = command === 'run' || command === 'resume' || command === 'rollback' ? `\n\nSteps: ${STEP_IDS.join(', ')}` : '';
  return `Usage:\n${COMMAND_USAGE[command]}\n\n${TARGET_USAGE}\n\n${OPTIONS_USAGE}${steps}\n\n${EXIT_USAGE}`;
}

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
  if (!Object.keys(COMMAND_USAGE).includes(command)) throw new UsageError(`unknown command "${command}"; see exha --help`);
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
  // With --lab the two names say which lab servers the sessions belong to, as on real servers.
  const real = (values.has('--exchange-server') || values.has('--cluster-node')) && !flags.has('--lab');
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
