// exha check | maintenance | remove: coming back to a finished setup. Own options, own exit codes (the
// same meanings as the rest of exha); every command is printed before it runs.
import { resolve } from 'node:path';
import { checkSetup, saveCheck, type HealthReport } from '../procedure/day2/check';
import { Day2Refusal, endMaintenance, openMaintenance, startMaintenance } from '../procedure/day2/maintenance';
import { removeSetup } from '../procedure/day2/remove';
import { Day2Session, targetFromJournal, type Day2Target } from '../procedure/day2/session';
import { StateFolderBusy, StateLock } from '../procedure/state-lock';
import { StepFailure } from '../procedure/step';
import { UnreadableFile } from '../procedure/files';
import { promptCredential } from './prompt';
import { EXIT, reportEngineError } from './engine-errors';

export const DAY2_COMMANDS = ['check', 'maintenance', 'remove'] as const;
export type Day2Command = (typeof DAY2_COMMANDS)[number];

/** Each day-2 command's own lines of the usage; `exha <command> --help` prints its own. */
export const DAY2_COMMAND_USAGE: Record<Day2Command, string> = {
  check: `  exha check                        client access checks, DAG and replication health, the role's state and
                                    owner; written as a dated report in <state-dir>/checks (earlier ones kept;
                                    the changes since the last are listed)`,
  maintenance: `  exha maintenance --node EX01      before patching EX01: move the groups it owns and its active databases
                                    to the other node (shown, verified, journaled in maintenance.json)
  exha maintenance --end            afterwards: move them back where they were
  exha maintenance --node EX01 --end  the same, refused unless EX01 is the node in maintenance`,
  remove: `  exha remove                       take the setup down: databases to their active server, the array, the
                                    cluster role with its DNS record and computer object`,
};

const DAY2_TARGET_USAGE = `  Target: the run's own (from the journal in --state-dir; a journal that cannot be read is refused, exit 3,
  unless the target is named), else --lab (default) or
  --exchange-server FQDN --cluster-node NAME [--credential]; also --lab-seed, --lab-state, --lab-fast, --json.`;

export const DAY2_USAGE = `Day 2 (a finished setup, made by the wizard or by hand):
${Object.values(DAY2_COMMAND_USAGE).join('\n')}
${DAY2_TARGET_USAGE}`;

/** One day-2 command's usage. */
export function day2CommandUsage(command: Day2Command): string {
  return `Usage:\n${DAY2_COMMAND_USAGE[command]}\n${DAY2_TARGET_USAGE}`;
}

interface Day2Args {
  command: Day2Command;
  stateDir: string;
  target: Day2Target | null;
  labFast: boolean;
  credential: boolean;
  json: boolean;
  node?: string;
  end: boolean;
}

export function isDay2Command(word: string | undefined): word is Day2Command {
  return (DAY2_COMMANDS as readonly string[]).includes(word ?? '');
}

function parse(argv: string[], defaultStateDir: string): Day2Args {
  const [command, ...rest] = argv as [Day2Command, ...string[]];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const valued = new Set(['--state-dir', '--lab-seed', '--lab-state', '--exchange-server', '--cluster-node', '--node']);
  const flagged = new Set(['--lab', '--lab-fast', '--credential', '--json', '--end']);
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    if (valued.has(arg)) {
      const value = rest[++i];
      if (value === undefined || value.startsWith('--')) throw new Day2Refusal(`${arg} needs a value`, 'usage');
      values.set(arg, value);
    } else if (flagged.has(arg)) flags.add(arg);
    else throw new Day2Refusal(`unknown option "${arg}" for exha ${command}; see exha --help`, 'usage');
  }
  const node = values.get('--node');
  if (command === 'maintenance' && !node && !flags.has('--end'))
    throw new Day2Refusal('maintenance needs --node NAME (start) or --end (move everything back)', 'usage');
  if (node !== undefined && !/^[A-Za-z0-9-]{1,15}$/.test(node))
    throw new Day2Refusal(`--node "${node}": a cluster node name has letters, digits and hyphens only (at most 15)`, 'usage');
  const stateDir = resolve(values.get('--state-dir') ?? defaultStateDir);
  const exchangeServer = values.get('--exchange-server');
  const clusterNode = values.get('--cluster-node');
  let target: Day2Target | null = null;
  const lab = flags.has('--lab') || values.has('--lab-state') || values.has('--lab-seed');
  if ((exchangeServer || clusterNode) && !lab) {
    if (!exchangeServer || !clusterNode) throw new Day2Refusal('real servers need both --exchange-server and --cluster-node', 'usage');
    target = { kind: 'real', exchangeServer, clusterNode };
  } else if (lab) {
    const state = values.get('--lab-state');
    const seed = values.get('--lab-seed');
    // The lab servers the sessions belong to, as on real servers (default: the lab's first Exchange server).
    target = {
      kind: 'lab',
      ...(state ? { labStatePath: resolve(state) } : {}),
      ...(seed ? { labSeedPath: resolve(seed) } : {}),
      ...(exchangeServer ? { exchangeServer } : {}),
      ...(clusterNode ? { clusterNode } : {}),
    };
  }
  return {
    command,
    stateDir,
    target,
    labFast: flags.has('--lab-fast'),
    credential: flags.has('--credential'),
    json: flags.has('--json'),
    end: flags.has('--end'),
    ...(node ? { node } : {}),
  };
}

function printHealth(report: HealthReport, out: (line: string) => void): void {
  out(`Health check ${report.at}, ${report.site}`);
  if (report.setup === 'none') {
    out('No setup found (no client access role, no Client Access array): start one with exha run.');
    return;
  }
  const r = report.role;
  out(
    r
      ? `Role ${r.group}: ${r.state} on ${r.owner} (IP Address ${r.address} ${r.addressState}, Network Name ${r.name} ${r.nameState})`
      : 'Role: none in the cluster',
  );
  const on = report.databases.filter((d) => d.onArray).length;
  out(
    `Array: ${report.array ? `${report.array.name} (${report.array.fqdn})` : 'none'}; databases on it: ${String(on)} of ${String(report.databases.length)}`,
  );
  out(
    `Nodes: ${report.nodes.map((n) => `${n.name} ${n.state}`).join(', ')}; active: ${report.databases.map((d) => `${d.name}@${d.activeServer}`).join(', ')}`,
  );
  for (const c of report.checks)
    out(
      `  ${c.status === 'pass' ? '✔' : c.status === 'warn' ? '!' : '✖'} ${c.title}${c.status === 'pass' ? '' : `: ${c.failing ?? c.evidence}`}`,
    );
  for (const c of report.clientChecks)
    out(`  ${c.result === 'Success' ? '✔' : '✖'} ${c.cmdlet}: ${c.result} (${String(Math.round(c.latencyMs))} ms)`);
  out(report.healthy ? 'Healthy.' : `Needs attention: ${report.problems.join('; ')}`);
}

/** The session on the target (its lab state file checked first: UnreadableFile names a damaged one). */
async function openSession(args: Day2Args, target: Day2Target): Promise<Day2Session> {
  const credential = args.credential && target.kind === 'real' ? await promptCredential() : null;
  return new Day2Session({
    stateDir: args.stateDir,
    target,
    ...(args.labFast ? { labDelays: { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 } } : {}),
    ...(credential ? { credential } : {}),
    // Changes are shown in full before they run, as in the setup; reads by name only.
    show: (text, script) => {
      process.stderr.write(`${script.kind === 'apply' || script.kind === 'rollback' ? `\n${text}\n` : `  $ ${script.label}`}\n`);
    },
  });
}

export async function runDay2(argv: string[], defaultStateDir: string): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let args: Day2Args;
  try {
    args = parse(argv, defaultStateDir);
  } catch (error) {
    err(`exha: ${(error as Error).message}`);
    return EXIT.usage;
  }
  // maintenance and remove change the servers and write beside the journal: one writer per state folder,
  // as for run/resume/rollback (check only reads and writes its own dated file).
  let lock: StateLock | null = null;
  if (args.command !== 'check') {
    try {
      lock = StateLock.acquire(args.stateDir, `exha ${args.command}`);
    } catch (error) {
      if (!(error instanceof StateFolderBusy)) throw error;
      err(`exha: ${error.message}`);
      if (args.json) process.stdout.write(`${JSON.stringify({ ok: false, error: error.message })}\n`);
      return EXIT.refused;
    }
  }
  const json = (value: object) => {
    if (args.json) process.stdout.write(`${JSON.stringify(value)}\n`);
  };
  let day2: Day2Session;
  try {
    // Without target flags, the run's own servers: never another target when its journal cannot say which.
    const target = args.target ?? targetFromJournal(args.stateDir) ?? { kind: 'lab' as const };
    day2 = await openSession(args, target);
  } catch (error) {
    lock?.release();
    if (!(error instanceof UnreadableFile)) throw error;
    err(`exha: ${error.message}`);
    json({ ok: false, error: error.message, file: error.path });
    return EXIT.refused;
  }
  try {
    switch (args.command) {
      case 'check': {
        const report = await checkSetup(day2);
        const saved = saveCheck(args.stateDir, report);
        if (!args.json) {
          printHealth(report, (line) => process.stdout.write(`${line}\n`));
          // An earlier report that cannot be read costs the comparison only: said, and the check stands.
          if (saved.notCompared) process.stdout.write(`Not compared with the previous check: ${saved.notCompared}.\n`);
          else if (saved.previous)
            process.stdout.write(
              saved.changes.length
                ? `Changes since ${saved.previous}:\n${saved.changes.map((c) => `  • ${c}`).join('\n')}\n`
                : `No change since ${saved.previous}.\n`,
            );
          process.stdout.write(`Report written to ${saved.path}\n`);
        }
        json({
          ok: report.healthy || report.setup === 'none',
          report,
          path: saved.path,
          previous: saved.previous,
          changes: saved.changes,
          notCompared: saved.notCompared,
        });
        return report.healthy || report.setup === 'none' ? EXIT.ok : EXIT.failed;
      }
      case 'maintenance': {
        // --node X --end: end X's maintenance, and only X's.
        const open = args.end && args.node ? openMaintenance(args.stateDir) : null;
        if (open && args.node && open.node.toLowerCase() !== args.node.toLowerCase())
          throw new Day2Refusal(
            `${args.node} is not in maintenance: ${open.node} is (exha maintenance --end moves its groups and databases back). Nothing was changed.`,
          );
        const record = args.end ? await endMaintenance(day2, args.stateDir) : await startMaintenance(day2, args.stateDir, args.node ?? '');
        const groups = Object.keys(record.groupOwners);
        const dbs = Object.keys(record.activeServers);
        if (!args.json) {
          process.stdout.write(
            args.end
              ? `Maintenance of ${record.node} ended: ${[...groups, ...dbs].join(', ') || 'nothing'} back on ${record.node} (verified).\n`
              : `${record.node} is ready for maintenance: ${groups.length ? `groups ${groups.join(', ')}` : 'no groups'} and ${dbs.length ? `databases ${dbs.join(', ')}` : 'no active databases'} moved to ${record.to} (verified). Afterwards: exha maintenance --end\n`,
          );
        }
        json({ ok: true, maintenance: record });
        return EXIT.ok;
      }
      case 'remove': {
        const record = await removeSetup(day2, args.stateDir);
        if (!args.json) {
          process.stdout.write(
            `The setup is removed (verified): ${[
              ...record.found.groups.map((g) => `cluster group ${g.name}`),
              ...(record.found.array ? [`array ${record.found.array.name}`] : []),
            ].join(', ')}; ${record.databases.map((d) => `${d.name} → ${d.setTo}`).join(', ') || 'no database used the array'}.\n`,
          );
        }
        json({ ok: true, removed: record });
        return EXIT.ok;
      }
      default:
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof Day2Refusal || error instanceof UnreadableFile) {
      err(`exha: ${error.message}`);
      json({ ok: false, error: error.message });
      return error instanceof Day2Refusal && error.kind === 'usage' ? EXIT.usage : EXIT.refused;
    }
    if (error instanceof StepFailure) json({ ok: false, error: error.message, advice: error.advice });
    const code = reportEngineError(error, err);
    if (code === null) throw error;
    return code;
  } finally {
    await day2.dispose();
    lock?.release();
  }
}
