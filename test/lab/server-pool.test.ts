// The suite's warm pool of lab servers (test/setup/lab-server-pool.ts) keeps each session apart: a server
// that served one session serves the next on a fresh runspace bound to that session's own lab state, and
// a session killed while connected does not take its pair out of the pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PowerShellSession, PowerShellTimeoutError, resolvePowerShell, toPsLiteral } from '../../electron/powershell';
import { startBoundarySession, type BoundarySession } from './boundary-session';
import { DEFAULT_SEED, LAB_MODULE } from './lab-session';
import { startLabServerPool, type LabServerPool } from '../setup/lab-server-pool';

let pool: LabServerPool;
const scratch = mkdtempSync(join(tmpdir(), 'exha-pool-test-'));
beforeAll(async () => {
  pool = await startLabServerPool(1);
});
afterAll(async () => {
  await pool.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A session whose pwsh starts (and so takes its servers) while this test's one-pair pool is the pool. */
async function sessionOnPool(seedPath?: string): Promise<BoundarySession> {
  const suitePool = process.env.EXHA_LAB_SERVER_POOL;
  process.env.EXHA_LAB_SERVER_POOL = pool.directory;
  const session = startBoundarySession(seedPath === undefined ? {} : { seedPath });
  try {
    await session.run('1');
  } finally {
    if (suitePool === undefined) delete process.env.EXHA_LAB_SERVER_POOL;
    else process.env.EXHA_LAB_SERVER_POOL = suitePool;
  }
  return session;
}

/** Resolves when the file exists (a watch on its folder; checked once more after the watch is set). */
async function fileAppears(path: string): Promise<void> {
  const folder = join(path, '..');
  await new Promise<void>((resolve) => {
    const watcher = watch(folder, () => {
      if (existsSync(path)) {
        watcher.close();
        resolve();
      }
    });
    if (existsSync(path)) {
      watcher.close();
      resolve();
    }
  });
}

const pipes =
  '@([string]$global:ExhaExchangeSession.Runspace.ConnectionInfo.CustomPipeName, [string]$global:ExhaClusterSession.Runspace.ConnectionInfo.CustomPipeName)';
const site = '@([string](Get-DatabaseAvailabilityGroup).Name, (Invoke-ExhaCluster -ScriptBlock { [string](Get-Cluster).Name }))';

describe('the warm pool of lab servers', () => {
  it('lends its pair to one session after another, each on its own lab state, even after a session is killed', async () => {
    const first = await sessionOnPool();
    const firstPipes = await first.run<string[]>(pipes);
    expect(firstPipes).toEqual([expect.stringMatching(/^exha-lab-\d+$/), expect.stringMatching(/^exha-lab-\d+$/)]);
    expect(await first.run(site)).toEqual(['PrimaryDAG', 'PrimaryDAG']);

    // The pair is lent, not shared: a second session meanwhile starts servers of its own.
    const meanwhile = await sessionOnPool();
    expect(await meanwhile.run<string[]>(pipes)).toEqual(['', '']);
    await meanwhile.dispose();

    // Killed while connected, in the middle of a command on the cluster node: its pipes may never close
    // cleanly, yet the next session gets the pair, and the command dies with its session.
    const firstPid = await first.run<number>('$PID');
    const started = join(scratch, 'started');
    const hanging = first.ps.invoke({
      script: `Invoke-ExhaCluster -ArgumentList ${toPsLiteral(started)} -ScriptBlock { param($Flag) Set-Content -LiteralPath $Flag -Value 1; Start-Sleep -Seconds 600 }`,
      timeoutMs: 700_000,
    });
    hanging.catch(() => undefined);
    await fileAppears(started);
    process.kill(firstPid, 'SIGKILL');
    await first.dispose();

    const otherSeed = join(scratch, 'other-site.json');
    writeFileSync(otherSeed, readFileSync(DEFAULT_SEED, 'utf8').replaceAll('PrimaryDAG', 'BranchDAG'));
    const second = await sessionOnPool(otherSeed);
    try {
      const secondPipes = await second.run<string[]>(pipes);
      // The same servers, on the pipes they keep for their life.
      expect(secondPipes).toEqual(firstPipes);
      // Both servers read this session's state, not the one their previous session was bound to.
      expect(await second.run(site)).toEqual(['BranchDAG', 'BranchDAG']);
      // The server keeps only its own runspace and this session's: the killed session's, with its command, is gone.
      expect(await second.run('Invoke-ExhaCluster -ScriptBlock { @(Get-Runspace).Count }')).toBe(2);
    } finally {
      await second.dispose();
    }
  });

  it('serves the next session after one whose call hung because its server was down', async () => {
    const hung = await sessionOnPool();
    await hung.run('Set-LabNodeState EX01 Down');
    // The cluster session belongs to EX01: the call hangs until the engine's timeout kills its PowerShell.
    const outcome = await hung.ps
      .invoke({ script: 'Invoke-ExhaCluster -ScriptBlock { @(Get-ClusterNode).Count }', timeoutMs: 2000 })
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(PowerShellTimeoutError);
    await hung.dispose();
    // The same pair, its hung runspace gone, bound afresh to the next session's server and state.
    const next = await sessionOnPool();
    try {
      expect(await next.run('Invoke-ExhaCluster -ScriptBlock { @(Get-ClusterNode).Count }')).toBe(2);
      expect(await next.run('Invoke-ExhaCluster -ScriptBlock { @(Get-Runspace).Count }')).toBe(2);
      expect(await next.run('@(Get-MailboxDatabase).Count')).toBe(3);
    } finally {
      await next.dispose();
    }
  });

  it("stops a killed session's command even when no session takes the pair after it", async () => {
    // As a server started for one session exits with its client, a pooled server's command must not run
    // on (writing a lab state another process's session may be using) once its client is gone.
    const session = await sessionOnPool();
    const started = join(scratch, 'orphan-started');
    const stopped = join(scratch, 'orphan-stopped');
    const clientPid = await session.run<number>('$PID');
    const hanging = session.ps.invoke({
      script: `Invoke-ExhaCluster -ArgumentList ${toPsLiteral(started)}, ${toPsLiteral(stopped)} -ScriptBlock { param($Started, $Stopped) Set-Content -LiteralPath $Started -Value 1; try { Start-Sleep -Seconds 600 } finally { Set-Content -LiteralPath $Stopped -Value 1 } }`,
      timeoutMs: 700_000,
    });
    hanging.catch(() => undefined);
    await fileAppears(started);
    process.kill(clientPid, 'SIGKILL');
    await session.dispose();
    await fileAppears(stopped);
    expect(existsSync(stopped)).toBe(true);
  });

  it('gives a new session a pipe that stays up even while the previous session is still connected', async () => {
    // The server can get the next request before it has seen its previous client go (a killed client's
    // end is read by a background thread; on a busy machine, late). The previous session's listener then
    // ends after the new one is open, and must not take the new session's pipe down with it.
    const previous = await sessionOnPool();
    const poolFile = JSON.parse(readFileSync(join(pool.directory, 'pool.json'), 'utf8')) as {
      pairs: { ClusterNode: { pid: number; slot: string } }[];
    };
    const node = poolFile.pairs[0]!.ClusterNode;
    const next = slotClient(node.slot);
    try {
      expect(await next.answer).toBe(String(node.pid));
      // The previous session's connection is closed: it was superseded, its runspace is not kept.
      await expect(previous.run('Invoke-ExhaCluster -ScriptBlock { $PID }')).rejects.toThrow();
      // The new session's pipe still answers after the previous listener has ended.
      expect(await next.ask()).toBe(String(node.pid));
    } finally {
      await next.exit();
      await previous.dispose();
    }
  });

  // PowerShell's named-pipe client can return from Open() on a session the server closed during the
  // handshake, without a word (seen in CI): the lab opens it again on a fresh listener (Connect-LabServer).
  // Here the first runspace of a connection is closed on purpose, on this pool's pair and on servers
  // started for the session; with one attempt the session fails, and reconnecting to the same pipe hung.
  it('opens a session closed as it opened again, on a pooled server and on servers of its own', async () => {
    const engine = new PowerShellSession({ defaultTimeoutMs: 60_000 });
    try {
      const result = await engine.invoke({
        script: `param($Module, $State, $Pool)
          Import-Module $Module -DisableNameChecking
          Use-LabState -Path $State
          $lab = Get-Module ExchangeLab
          foreach ($folder in @($Pool, $null)) {
              $env:EXHA_LAB_SERVER_POOL = $folder
              & $lab { $script:LabCloseNextRunspace = $true; $script:LabReopenedSessions = 0 }
              $exchange, $node = New-LabPSSession -Role Exchange, ClusterNode
              $module = Import-PSSession $exchange -CommandName Get-MailboxDatabase -AllowClobber
              New-Object PSObject -Property @{
                  Pooled = [bool]$exchange.Runspace.ConnectionInfo.CustomPipeName
                  Reopened = & $lab { $script:LabReopenedSessions }
                  Databases = @(Get-MailboxDatabase).Count
                  Nodes = [int](Invoke-Command -Session $node -ScriptBlock { Import-Module FailoverClusters; @(Get-ClusterNode).Count })
              }
              Remove-Module $module
              Remove-PSSession $exchange, $node
          }`,
        params: { Module: LAB_MODULE, State: join(scratch, 'reopen-state.json'), Pool: pool.directory },
      });
      expect(result.ok ? result.data : result.error.message).toEqual([
        { Pooled: true, Reopened: 1, Databases: 3, Nodes: 2 },
        { Pooled: false, Reopened: 1, Databases: 3, Nodes: 2 },
      ]);
    } finally {
      await engine.dispose();
    }
  });

  it('lets one process at a time hold a lease, whatever pid its file names, and frees it when the holder exits', async () => {
    const lease = join(scratch, 'lease-0');
    const holder = leaseTaker(lease);
    expect(await holder.answer).toBe('True');
    // A dead holder's pid in the file (what a second taker read in CI before the first rewrote it) does
    // not free a lease a live process holds.
    writeFileSync(lease, '999999999');
    const refused = leaseTaker(lease);
    expect(await refused.answer).toBe('False');
    await refused.exit();
    await holder.exit();
    const next = leaseTaker(lease);
    expect(await next.answer).toBe('True');
    await next.exit();
  });
});

/** A PowerShell that tries to take the lease, prints True or False, and holds on until exit() closes its input. */
function leaseTaker(lease: string): { answer: Promise<string>; exit(): Promise<void> } {
  const serverPool = join(import.meta.dirname, '..', '..', 'lab', 'ExchangeLab', 'ServerPool.ps1');
  const script = `. ${toPsLiteral(serverPool)}; [Console]::Out.WriteLine((Lock-LabPoolLease ${toPsLiteral(lease)})); [Console]::Out.Flush(); while ($null -ne [Console]::In.ReadLine()) { }`;
  const child = spawn(resolvePowerShell(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const answer = Promise.race([once(lines, 'line').then(([line]) => String(line)), exited.then(() => '(exited)')]);
  return {
    answer,
    async exit() {
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * A PowerShell that asks a pooled server's slot for a pipe without taking the pair's lease, opens a
 * runspace on it and prints the server's pid; each line on its input asks again on the same runspace.
 */
function slotClient(slot: string): { answer: Promise<string>; ask(): Promise<string>; exit(): Promise<void> } {
  const serverPool = join(import.meta.dirname, '..', '..', 'lab', 'ExchangeLab', 'ServerPool.ps1');
  const script = [
    `. ${toPsLiteral(serverPool)}`,
    `$request = Wait-LabSlotPipe -Request (Send-LabSlotRequest -Slot ${toPsLiteral(slot)} -Role ClusterNode)`,
    '$connection = New-Object System.Management.Automation.Runspaces.NamedPipeConnectionInfo($request.Pipe)',
    '$connection.OpenTimeout = 15000',
    '$runspace = [runspacefactory]::CreateRunspace($connection)',
    'do {',
    '  try {',
    '    if ($runspace.RunspaceStateInfo.State -eq "BeforeOpen") { $runspace.Open() }',
    '    $shell = [powershell]::Create(); $shell.Runspace = $runspace',
    "    $answer = [string]($shell.AddScript('$PID').Invoke() | Select-Object -First 1)",
    '  } catch { $answer = "failed: $($_.Exception.Message)" }',
    '  [Console]::Out.WriteLine($answer); [Console]::Out.Flush()',
    '} while ($null -ne [Console]::In.ReadLine())',
  ].join('\n');
  const child = spawn(resolvePowerShell(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = () => Promise.race([lines.next().then((r) => (r.done ? '(exited)' : r.value)), exited.then(() => '(exited)')]);
  return {
    answer: nextLine(),
    ask() {
      child.stdin.write('\n');
      return nextLine();
    },
    async exit() {
      child.stdin.end();
      await exited;
    },
  };
}
