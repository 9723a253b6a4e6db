// vitest globalSetup: one warm pool of lab servers for the whole suite (lab/server/LabServerPool.ps1).
// Every engine session a test starts (in-process, through the CLI or the browser host) takes a free
// pair through EXHA_LAB_SERVER_POOL instead of starting two servers of its own: the same PSRP
// boundary, a third of the CPU. Sessions that find no free pair start their own, as outside tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { powerShellEnvironment, resolvePowerShell } from '../../electron/powershell';
import { describeLabTrace, summarizeLabTrace } from './lab-trace';

/** Three files run at a time (vitest.config.ts), and a file may hold a run, a day-2 session and a browser host at once.
 * EXHA_TEST_POOL_PAIRS sets fewer when running one file by hand. */
const SUITE_PAIRS = Number(process.env.EXHA_TEST_POOL_PAIRS) || 6;

export interface LabServerPool {
  directory: string;
  stop(): Promise<void>;
}

export async function startLabServerPool(pairs: number): Promise<LabServerPool> {
  const directory = mkdtempSync(join(tmpdir(), 'exha-lab-pool-'));
  const script = join(import.meta.dirname, '..', '..', 'lab', 'server', 'LabServerPool.ps1');
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script, '-Directory', directory, '-Pairs', String(pairs)];
  const pool = spawn(resolvePowerShell(), args, { stdio: ['pipe', 'pipe', 'inherit'], env: powerShellEnvironment() });
  // 'close' rather than 'exit': its output has been read by then.
  const exited = once(pool, 'close');
  // 'ready' once every server has answered. Whatever else it prints goes into the error: pwsh's own
  // words (for a missing script, an empty line and then its usage) say more than a first line.
  const seen: string[] = [];
  const lines = createInterface({ input: pool.stdout });
  const ready = new Promise<boolean>((resolve) => {
    lines.on('line', (line) => {
      if (line.trim() === 'ready') resolve(true);
      else seen.push(line);
    });
  });
  if (!(await Promise.race([ready, exited.then(() => false)])))
    throw new Error(`The lab server pool did not start; it printed: ${JSON.stringify(seen.join('\n'))}`);
  return {
    directory,
    async stop() {
      pool.stdin.end();
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export default async function setup(): Promise<() => Promise<void>> {
  // Traced (lab/README.md) unless the caller traces elsewhere: set before the pool starts, so its servers,
  // and every session a test starts, write there; a few lines of it end the suite's output.
  const ownTrace = process.env.EXHA_LAB_TRACE === undefined;
  const trace = process.env.EXHA_LAB_TRACE ?? mkdtempSync(join(tmpdir(), 'exha-lab-trace-'));
  process.env.EXHA_LAB_TRACE = trace;
  const pool = await startLabServerPool(SUITE_PAIRS);
  process.env.EXHA_LAB_SERVER_POOL = pool.directory;
  return async () => {
    await pool.stop();
    console.log(describeLabTrace(summarizeLabTrace(trace)));
    if (ownTrace) rmSync(trace, { recursive: true, force: true });
  };
}
