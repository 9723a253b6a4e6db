// exha snapshot: read a site (real servers, or the lab playing a seed) read-only and write it as a lab
// seed, so the whole change can be rehearsed on a copy first: exha run --lab --lab-seed <file>.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Day2Session } from '../procedure/day2/session';
import { writeFileAtomic } from '../procedure/journal';
import { readSiteForSnapshot } from '../procedure/snapshot-read';
import { labLimitsOf } from '../procedure/snapshot-limits';
import { seedFromReading } from '../procedure/snapshot-seed';
import { SNAPSHOT_TOOL } from '../../shared/tool';
import { promptCredential } from './prompt';
import { EXIT, reportEngineError } from './engine-errors';

export const SNAPSHOT_USAGE = `Rehearsal on a copy of your site:
  exha snapshot --out FILE [target]  read the site read-only (Connect's and Preflight's own reads) and write it
                                    as a lab seed (schema: docs/site.schema.json); nothing on the servers changes
  Target: --exchange-server FQDN --cluster-node NAME [--credential], or --lab [--lab-seed FILE] [--lab-state FILE]
  Then:   exha run --lab --lab-seed FILE   rehearses the whole procedure, outage included, on the copy`;

const SERVER_NAME = /^[A-Za-z0-9.-]{1,255}$/;

interface SnapshotArgs {
  out: string;
  kind: 'lab' | 'real';
  exchangeServer: string;
  clusterNode: string;
  labSeed?: string;
  labState?: string;
  credential: boolean;
  json: boolean;
}

class SnapshotUsage extends Error {}

function parse(argv: string[]): SnapshotArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const valued = new Set(['--out', '--exchange-server', '--cluster-node', '--lab-seed', '--lab-state', '--state-dir']);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (valued.has(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new SnapshotUsage(`${arg} needs a value`);
      values.set(arg, value);
    } else if (['--lab', '--credential', '--json'].includes(arg)) flags.add(arg);
    else throw new SnapshotUsage(`unknown option "${arg}" for exha snapshot; see exha --help`);
  }
  const out = values.get('--out');
  if (!out) throw new SnapshotUsage('snapshot needs --out FILE (where to write the copy of the site)');
  const exchangeServer = values.get('--exchange-server') ?? '';
  const clusterNode = values.get('--cluster-node') ?? '';
  const real = Boolean(exchangeServer || clusterNode);
  if (real && (flags.has('--lab') || values.has('--lab-seed') || values.has('--lab-state')))
    throw new SnapshotUsage('choose either --lab or --exchange-server/--cluster-node');
  if (real && (!exchangeServer || !clusterNode)) throw new SnapshotUsage('real servers need both --exchange-server and --cluster-node');
  for (const [name, value] of [
    ['--exchange-server', exchangeServer],
    ['--cluster-node', clusterNode],
  ] as const)
    if (value && !SERVER_NAME.test(value))
      throw new SnapshotUsage(`${name} "${value}": server names may contain only letters, digits, dots and hyphens`);
  const labSeed = values.get('--lab-seed');
  const labState = values.get('--lab-state');
  if (labSeed && !existsSync(labSeed)) throw new SnapshotUsage(`--lab-seed ${labSeed}: no such file`);
  if (labState && !existsSync(labState)) throw new SnapshotUsage(`--lab-state ${labState}: no such file (a snapshot never creates a lab)`);
  const outPath = resolve(out);
  // The copy must never replace what it copies.
  for (const source of [labSeed, labState])
    if (source && resolve(source) === outPath) throw new SnapshotUsage(`--out ${out} is the file being read; write the copy elsewhere`);
  return {
    out: outPath,
    kind: real ? 'real' : 'lab',
    exchangeServer,
    clusterNode,
    ...(labSeed ? { labSeed: resolve(labSeed) } : {}),
    ...(labState ? { labState: resolve(labState) } : {}),
    credential: flags.has('--credential'),
    json: flags.has('--json'),
  };
}

/** exha run --lab --lab-seed: what the lab cannot play of the seed, named before the rehearsal starts. */
export function reportLabLimits(seedPath: string): void {
  let seed: unknown;
  try {
    seed = JSON.parse(readFileSync(seedPath, 'utf8'));
  } catch {
    return; // The lab itself says why it cannot read the file.
  }
  const limits = labLimitsOf(seed);
  if (limits.length) process.stderr.write(`The lab cannot play all of ${seedPath}:\n${limits.map((l) => `  ! ${l}`).join('\n')}\n`);
}

export async function runSnapshot(argv: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let args: SnapshotArgs;
  try {
    args = parse(argv);
  } catch (error) {
    err(`exha: ${(error as Error).message}`);
    return EXIT.usage;
  }
  // The lab playing a seed reads a state of its own, made from the seed and thrown away afterwards.
  const scratch = args.kind === 'lab' && !args.labState ? mkdtempSync(join(tmpdir(), 'exha-snapshot-')) : null;
  const labState = args.labState ?? (scratch ? join(scratch, 'lab-state.json') : undefined);
  const day2 = new Day2Session({
    stateDir: scratch ?? tmpdir(),
    target:
      args.kind === 'lab'
        ? { kind: 'lab', ...(labState ? { labStatePath: labState } : {}), ...(args.labSeed ? { labSeedPath: args.labSeed } : {}) }
        : { kind: 'real', exchangeServer: args.exchangeServer, clusterNode: args.clusterNode },
    ...(args.credential && args.kind === 'real' ? { credential: await promptCredential() } : {}),
    show: (_text, script) => {
      err(`  $ ${script.label}`);
    },
  });
  try {
    err(`Reading ${args.kind === 'lab' ? `the lab${args.labSeed ? ` playing ${args.labSeed}` : ''}` : args.exchangeServer} (read-only):`);
    const reading = await readSiteForSnapshot(day2, args.kind);
    const seed = seedFromReading(
      reading,
      { kind: args.kind, exchangeServer: args.exchangeServer, clusterNode: args.clusterNode },
      SNAPSHOT_TOOL,
      new Date(),
    );
    writeFileAtomic(args.out, `${JSON.stringify(seed, null, 2)}\n`);
    const limits = labLimitsOf(seed);
    const site = reading.site;
    if (!args.json) {
      process.stdout.write(
        `Snapshot of ${site.domain} (DAG ${site.dag.name}: ${site.dag.servers.join(', ')}; ${String(site.databases.length)} databases) written to ${args.out}\n`,
      );
      if (seed.snapshot.assumed.length)
        process.stdout.write(
          `Not read, filled in (listed in the file's snapshot.assumed):\n${seed.snapshot.assumed.map((a) => `  ~ ${a}`).join('\n')}\n`,
        );
      if (limits.length) process.stdout.write(`The lab cannot play:\n${limits.map((l) => `  ! ${l}`).join('\n')}\n`);
      process.stdout.write(`Rehearse on it: exha run --lab --lab-seed ${args.out}\n`);
    } else process.stdout.write(`${JSON.stringify({ ok: true, out: args.out, snapshot: seed.snapshot, labCannotPlay: limits })}\n`);
    return EXIT.ok;
  } catch (error) {
    const code = reportEngineError(error, err);
    if (code === null) throw error;
    err('Nothing was written.');
    return code;
  } finally {
    await day2.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
