// Command-line and environment options shared by both shells (no electron import here).
// Unknown arguments are ignored: Electron and Chromium put their own switches on the same command line.
import type { WizardOptions } from '../procedure/wizard';
import { defaultStateDir } from '../procedure/state-folder';
import { exportReport } from '../report/export';

export interface ShellArgs {
  browser: boolean;
  /** 0 picks a free port. */
  port: number;
  stateDir: string | undefined;
  labSeed: string | undefined;
  labDelaysZero: boolean;
}

export function parseShellArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ShellArgs {
  const value = (flag: string): string | undefined => {
    const at = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (at < 0) return undefined;
    const arg = argv[at] ?? '';
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
  };
  const portText = value('--port') ?? env.EXHA_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${portText}".`);
  return {
    browser: argv.includes('--browser'),
    port,
    stateDir: value('--state-dir') ?? env.EXHA_STATE_DIR,
    labSeed: value('--lab-seed') ?? env.EXHA_LAB_SEED,
    labDelaysZero: argv.includes('--lab-delays-zero') || env.EXHA_LAB_DELAYS_ZERO === '1',
  };
}

/** The host's options; the state folder is --state-dir, else the one default exha also uses. */
export function hostOptions(args: ShellArgs, env: NodeJS.ProcessEnv = process.env): WizardOptions {
  return {
    stateDir: args.stateDir ?? defaultStateDir(env),
    exportReport,
    ...(args.labSeed === undefined ? {} : { labSeedPath: args.labSeed }),
    ...(args.labDelaysZero ? { labDelays: { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 } } : {}),
  };
}
