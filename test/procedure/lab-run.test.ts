// The procedure against the lab through real pwsh: a whole run, rollback from after every step back to
// the seed, and every lab fault ending in the right failed state with a retry that completes.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEPS, stepIndex, type StepId } from '../../shared/steps';
import { labControl } from '../helpers/lab-control';
import { driveTo, labWizard, startLab, type LabWizard } from '../helpers/wizard';

type Lab = Record<string, unknown> & { lab: Record<string, unknown> };

/** The lab state minus its history: the timeline only grows, and the delays are the test's own.
 *  After a real outage the copies resynchronise, which drains their queues: not a change the wizard made. */
function comparable(state: Lab, drainedQueues = false): unknown {
  const { timeline: _t, delays: _d, sequence: _s, ...rest } = state.lab;
  const databases = (state.databases as { copies: Record<string, unknown>[] }[]).map((d) => ({
    ...d,
    copies: d.copies.map((c) => (drainedQueues ? { ...c, copyQueueLength: 0, replayQueueLength: 0 } : c)),
  }));
  return { ...state, databases, lab: rest };
}

const control = labControl();
afterAll(async () => {
  await control.dispose();
});

async function labCommand(w: LabWizard, script: string): Promise<void> {
  await control.run(w.labState, script);
}

describe('a whole lab run', () => {
  let w: LabWizard;
  let seed: unknown;
  beforeAll(async () => {
    w = labWizard();
    await startLab(w.host);
    seed = comparable(w.readLab() as Lab, true);
  });
  afterAll(async () => {
    await w.dispose();
  });

  it('ends with every step verified and the lab in the expected state', async () => {
    const view = await driveTo(w.host);
    expect(view.error).toBeNull();
    expect(view.steps.map((s) => s.status)).toEqual(Array(11).fill('done'));
    const lab = w.readLab() as {
      cluster: {
        groups: { name: string; ownerNode: string }[];
        resources: {
          name: string;
          group: string;
          state: string;
          resourceType: string;
          dependsOn: string[];
          parameters: Record<string, unknown>;
        }[];
      };
      clientAccessArrays: { name: string; fqdn: string; site: string }[];
      databases: { name: string; rpcClientAccessServer: string; activeServer: string }[];
      dns: { records: { name: string; address: string }[] };
    };
    const role = lab.cluster.resources.filter((r) => r.group === 'CASArray');
    expect(role.map((r) => `${r.resourceType}:${r.state}`).sort()).toEqual(['IP Address:Online', 'Network Name:Online']);
    const ip = role.find((r) => r.resourceType === 'IP Address');
    expect(ip?.parameters).toMatchObject({ Address: '192.168.0.110', SubnetMask: '255.255.255.0', Network: 'Cluster Network 1' });
    expect(role.find((r) => r.resourceType === 'Network Name')?.dependsOn).toEqual([ip?.name]);
    expect(lab.cluster.groups.find((g) => g.name === 'CASArray')?.ownerNode).toBe('EX01');
    expect(lab.cluster.groups.find((g) => g.name === 'Cluster Group')?.ownerNode).toBe('EX01');
    expect(lab.clientAccessArrays).toMatchObject([{ name: 'CASArray', fqdn: 'CASArray.rogertech.local', site: 'Default-First-Site-Name' }]);
    expect(lab.databases.map((d) => d.rpcClientAccessServer)).toEqual(lab.databases.map(() => 'CASArray.rogertech.local'));
    expect(lab.databases.find((d) => d.name === 'VIP')?.activeServer).toBe('EX01');
    expect(lab.dns.records).toContainEqual(expect.objectContaining({ name: 'CASArray.rogertech.local', address: '192.168.0.110' }));
    expect(view.failover?.outage?.recoverySeconds).not.toBeNull();
    expect(view.databases?.find((d) => d.name === 'Staff')?.before).toBe('EX02.rogertech.local');
  });

  it('journals every command with its result and never a step twice on a clean run', () => {
    const journal = w.host.journalData();
    const applies = journal?.commands.filter((c) => c.label.startsWith('Create the group')) ?? [];
    expect(applies).toHaveLength(1);
    expect(journal?.commands.every((c) => c.outcome === 'ok')).toBe(true);
    expect(journal?.touched.before?.clientAccessArrays).toEqual([]);
    expect(journal?.touched.after?.clientAccessArrays.map((a) => a.fqdn)).toEqual(['CASArray.rogertech.local']);
  });

  it('rollback from after failover (the whole run) returns the lab to its seed', async () => {
    expect(w.host.view().current).toBe('complete');
    await w.host.handle('rollbackAll', { confirmed: true });
    const view = await w.host.idle();
    expect(view.phase).toBe('rolledBack');
    expect(comparable(w.readLab() as Lab, true)).toEqual(seed);
  });
});

// Rollback from after each step that changes the servers (the steps between them only read, so rolling back
// after one of those would repeat the run before it), and every fault: chained, so that one engine session
// serves several cases. A chain takes its faults in step order (each fails at its step, is cleared, and Retry
// completes that step; the run then goes on to the next fault), and ends with a rollback back to the seed
// from after a step that changes the servers. From after the failover test: the whole run above.
interface FaultCase {
  name: string;
  fault: string;
  clear: string;
  step: StepId;
  message: RegExp;
}
const FAULTS = {
  nodeDown: {
    name: 'a node down',
    fault: 'Set-LabNodeState -Node EX02 -State Down',
    clear: 'Set-LabNodeState -Node EX02 -State Up',
    step: 'preflight',
    message: /Cluster nodes up|DAG with exactly two members/,
  },
  unhealthyCopy: {
    name: 'an unhealthy copy',
    fault: "Set-LabDatabaseCopy 'VIP\\EX02' -Status FailedAndSuspended",
    clear: "Set-LabDatabaseCopy 'VIP\\EX02' -Status Healthy",
    step: 'preflight',
    message: /copies healthy/,
  },
  copyQueue: {
    name: 'a copy queue above the mount dial',
    fault: "Set-LabDatabaseCopy 'VIP\\EX02' -CopyQueueLength 9",
    clear: "Set-LabDatabaseCopy 'VIP\\EX02' -CopyQueueLength 0",
    step: 'preflight',
    message: /copies healthy/,
  },
  witness: {
    name: 'a missing witness',
    fault: 'Set-LabWitness $false',
    clear: 'Set-LabWitness $true',
    step: 'preflight',
    message: /witness/,
  },
  answering: {
    name: 'an address already answering',
    fault: 'Add-LabAnsweringAddress 192.168.0.110',
    clear: 'Remove-LabAnsweringAddress 192.168.0.110',
    step: 'validate',
    message: /192\.168\.0\.110 answers: the address is taken/,
  },
  dnsName: {
    name: 'a name already in DNS',
    fault: 'Add-LabDnsRecord CASArray 192.168.0.50',
    clear: 'Remove-ExhaDnsRecord -Name CASArray -Address 192.168.0.50',
    step: 'validate',
    message: /CASArray\.rogertech\.local resolves: the name is taken in DNS/,
  },
  cno: {
    name: 'a cluster that may not create computer objects',
    fault: 'Set-LabActiveDirectory -CnoCanCreateComputerObjects $false',
    clear: 'Set-LabActiveDirectory -CnoCanCreateComputerObjects $true',
    step: 'validate',
    message: /may not create the computer object/,
  },
  newArray: {
    name: 'New-ClientAccessArray failing once',
    fault: 'Set-LabFault -CommandName New-ClientAccessArray',
    clear: '',
    step: 'casArray',
    message: /LabInjectedFault|injected/i,
  },
  setDatabase: {
    name: 'Set-MailboxDatabase failing',
    fault: 'Set-LabFault -CommandName Set-MailboxDatabase -Always',
    clear: 'Clear-LabFault',
    step: 'databases',
    message: /Point each mailbox database at the array/,
  },
} satisfies Record<string, FaultCase>;

/** One wizard for a describe block: started in beforeAll, its lab as it was then kept as the seed. */
function sharedRun(): { w: () => LabWizard; seed: () => unknown } {
  let w: LabWizard | undefined;
  let seed: unknown;
  beforeAll(async () => {
    w = labWizard();
    await startLab(w.host);
    seed = comparable(w.readLab() as Lab);
  });
  afterAll(async () => {
    await w?.dispose();
  });
  return {
    w: () => {
      if (!w) throw new Error('the lab run did not start');
      return w;
    },
    seed: () => seed,
  };
}

async function faultCase(w: LabWizard, c: FaultCase): Promise<void> {
  await labCommand(w, c.fault);
  const failed = await driveTo(w.host);
  expect(failed.current).toBe(c.step);
  expect(failed.phase).toBe('failed');
  expect(
    `${failed.error?.message ?? ''} ${failed.error?.powershell?.message ?? ''} ${failed.error?.powershell?.fullyQualifiedErrorId ?? ''}`,
  ).toMatch(c.message);
  expect(failed.error?.advice.length).toBeGreaterThan(10);
  if (c.clear) await labCommand(w, c.clear);
  await w.host.handle('retry', null);
  const done = await driveTo(w.host, c.step);
  expect(done.error).toBeNull();
  expect(done.current).toBe(c.step);
  expect(done.phase).toBe('done');
}

async function rollbackToSeed(w: LabWizard, until: StepId, seed: unknown): Promise<void> {
  const reached = await driveTo(w.host, until);
  expect(reached.error).toBeNull();
  expect(reached.current).toBe(until);
  await w.host.handle('rollbackAll', { confirmed: true });
  const view = await w.host.idle();
  expect(view.phase).toBe('rolledBack');
  expect(comparable(w.readLab() as Lab)).toEqual(seed);
}

const CHAINS: { faults: FaultCase[]; rollbackFrom: StepId }[] = [
  { faults: [FAULTS.witness, FAULTS.answering, FAULTS.newArray, FAULTS.setDatabase], rollbackFrom: 'databases' },
  { faults: [FAULTS.unhealthyCopy, FAULTS.dnsName], rollbackFrom: 'clusterRole' },
  { faults: [FAULTS.copyQueue, FAULTS.cno], rollbackFrom: 'casArray' },
];

describe('lab faults, and rollback returns the lab to its seed', () => {
  it('every fault and every step that changes the servers is in a chain', () => {
    const chained = [...CHAINS.flatMap((c) => c.faults), FAULTS.nodeDown];
    expect(new Set(chained)).toEqual(new Set(Object.values(FAULTS)));
    const rolledBackFrom = [...CHAINS.map((c) => c.rollbackFrom), 'failover'];
    expect(rolledBackFrom.sort()).toEqual(
      STEPS.filter((s) => s.changesServers)
        .map((s) => s.id)
        .sort(),
    );
    for (const c of CHAINS) {
      const order = c.faults.map((f) => stepIndex(f.step));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(stepIndex(c.rollbackFrom)).toBeGreaterThanOrEqual(order.at(-1) ?? 0);
    }
  });

  for (const chain of CHAINS) {
    describe(`one run: ${chain.faults.map((f) => f.name).join(', ')}`, () => {
      const run = sharedRun();
      for (const c of chain.faults)
        it(`${c.name}: fails at the right step, with PowerShell's words, and Retry completes once it is cleared`, async () => {
          await faultCase(run.w(), c);
        });
      it(`rollback from after ${chain.rollbackFrom} returns the lab to its seed`, async () => {
        await rollbackToSeed(run.w(), chain.rollbackFrom, run.seed());
      });
    });
  }

  // A node down is a real outage in the lab (the databases it held move): no rollback compares this run to its seed.
  describe('one run: a node down, then a copy too far behind at the failover test', () => {
    const run = sharedRun();
    it(`${FAULTS.nodeDown.name}: fails at the right step, with PowerShell's words, and Retry completes once it is cleared`, async () => {
      await faultCase(run.w(), FAULTS.nodeDown);
    });

    it('a database whose passive copy is too far behind does not mount on failover, and the test says so', async () => {
      const w = run.w();
      const checked = await driveTo(w.host, 'clientChecks');
      expect(checked.error).toBeNull();
      await labCommand(w, "Set-LabDatabaseCopy 'VIP\\EX02' -CopyQueueLength 40");
      const view = await driveTo(w.host);
      expect(view.current).toBe('failover');
      expect(view.phase).toBe('failed');
      expect(view.error?.message).toMatch(/were not all back/);
      const samples = view.failover?.outage?.samples ?? [];
      expect(samples.at(-1)?.activeCopies.VIP).toBeNull();
    });
  });
});

describe('resume trusts the servers', () => {
  // One run stopped after Preflight serves both: each test resumes its own copy of the state folder.
  let stopped = '';
  beforeAll(async () => {
    const w = labWizard();
    try {
      await startLab(w.host);
      const view = await driveTo(w.host, 'preflight');
      expect(view.error).toBeNull();
    } finally {
      await w.dispose();
    }
    stopped = w.stateDir;
  });
  const copyOfStopped = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'exha-test-resume-'));
    cpSync(stopped, dir, { recursive: true });
    return dir;
  };

  it('refuses a journal from another site', async () => {
    const stateDir = copyOfStopped();
    const journalPath = join(stateDir, 'journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { siteIdentity: string };
    expect(journal.siteIdentity).toBe('rogertech.local/primarydag');
    writeFileSync(journalPath, JSON.stringify({ ...journal, siteIdentity: 'contoso.local/dag1' }));
    const again = labWizard({ stateDir });
    try {
      expect(again.host.view().resume?.stepTitle).toBe('Preflight checks');
      await expect(again.host.handle('resume', null)).rejects.toThrow(/belongs to contoso\.local\/dag1.*rogertech\.local\/primarydag/);
    } finally {
      await again.dispose();
    }
  });

  it('asks again for the password of a run that used other credentials, and never stored it', async () => {
    const stateDir = copyOfStopped();
    const journalPath = join(stateDir, 'journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { target: Record<string, unknown> };
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, target: { ...journal.target, useCredential: true, userName: 'ROGERTECH\\admin2' } }),
    );
    const again = labWizard({ stateDir });
    try {
      expect(again.host.view().resume?.credentialFor).toBe('ROGERTECH\\admin2');
      await expect(again.host.handle('resume', null)).rejects.toThrow(/used the account ROGERTECH\\admin2; enter its password/);
      await again.host.handle('resume', { credential: { userName: 'ROGERTECH\\admin2', password: 'S3cret-Pa55' } });
      const view = await again.host.idle();
      expect(view.current).toBe('preflight');
      expect(readFileSync(journalPath, 'utf8')).not.toContain('S3cret-Pa55');
    } finally {
      await again.dispose();
    }
  });

  it('reports an unreadable journal, leaves it where it is, and offers the way back without it', async () => {
    const w = labWizard();
    await w.dispose();
    writeFileSync(`${w.stateDir}/journal.json`, '{"schemaVersion": 1, "snapsh');
    const again = labWizard({ stateDir: w.stateDir });
    try {
      expect(again.host.view().damagedJournal?.message).toMatch(/cannot be read.*kept, unchanged, at .*journal\.json.*exha remove/s);
      // Reading is not a reason to move the evidence: only starting a new run sets it aside.
      expect(readdirSync(w.stateDir).some((f) => f.startsWith('journal.unreadable-'))).toBe(false);
    } finally {
      await again.dispose();
    }
  });
});
