// The lab's state file, faults, Test-Connection and the target adapter functions.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, type LabSession, startLabSession } from './lab-session';

let lab: LabSession;
beforeAll(async () => {
  lab = await startLabSession();
});
afterAll(async () => {
  await lab.dispose();
});
beforeEach(async () => {
  await lab.reset();
  await lab.run('Clear-LabFault');
});

interface Row {
  [key: string]: unknown;
}

describe('the state file', () => {
  it('is created from the seed, readable JSON with sorted keys, and untouched by reads', async () => {
    const seed = JSON.parse(readFileSync(DEFAULT_SEED, 'utf8')) as { lab: { delays: unknown } };
    const st = lab.readState() as unknown as { lab: { delays: unknown }; [k: string]: unknown };
    expect({ ...st, lab: { ...st.lab, delays: seed.lab.delays } }).toEqual(seed);
    const text = lab.readStateText();
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toEqual([...keys].sort());
    await lab.run(
      'Get-ExchangeServer | Out-Null; Get-ClusterGroup | Out-Null; Get-MailboxDatabaseCopyStatus | Out-Null; Get-LabTimeline | Out-Null; Test-Connection EX01 -Quiet | Out-Null',
    );
    expect(lab.readStateText()).toBe(text);
  });

  it('writes atomically (no temp files left) and re-reads the file at every command', async () => {
    await lab.run("Set-LabDatabase VIP -RpcClientAccessServer 'old-cas.rogertech.local'");
    expect(lab.files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await lab.run('(Get-MailboxDatabase VIP).RpcClientAccessServer')).toBe('old-cas.rogertech.local');
    // Another process changing the file is seen by the next command.
    const st = lab.readState();
    st.cluster.nodes[1]!.state = 'Paused';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(lab.statePath, JSON.stringify(st));
    expect(await lab.run('(Get-ClusterNode EX02).State')).toBe('Paused');
  });

  it('Get-LabState returns the state and Use-LabState needs an existing seed', async () => {
    expect(await lab.run('(Get-LabState).dag.name')).toBe('PrimaryDAG');
    const err = await lab.fail("param($P) Use-LabState -Path (Join-Path $P 'other.json') -SeedPath (Join-Path $P 'missing.json')", {
      P: lab.dir,
    });
    expect(err.fullyQualifiedErrorId).toBe('SeedNotFound,Use-LabState');
    await lab.run('param($S, $Seed) Use-LabState -Path $S -SeedPath $Seed', { S: lab.statePath, Seed: lab.seedPath });
  });
});

describe('faults', () => {
  it('fails a command once by default, with a message of choice', async () => {
    await lab.run("Set-LabFault -CommandName Get-ClusterGroup -Message 'The RPC server is unavailable.'");
    const err = await lab.fail('Get-ClusterGroup');
    expect(err.message).toBe('The RPC server is unavailable.');
    expect(err.fullyQualifiedErrorId).toBe('LabInjectedFault,Get-ClusterGroup');
    expect(await lab.run('@(Get-ClusterGroup).Count')).toBe(2);
  });

  it('fails N times, or always until cleared', async () => {
    await lab.run('Set-LabFault New-ClientAccessArray -Count 2');
    await lab.fail('New-ClientAccessArray -Fqdn a.rogertech.local -Site Default-First-Site-Name');
    await lab.fail('New-ClientAccessArray -Fqdn a.rogertech.local -Site Default-First-Site-Name');
    await lab.run('New-ClientAccessArray -Fqdn a.rogertech.local -Site Default-First-Site-Name | Out-Null');
    await lab.run('Set-LabFault Get-MailboxDatabase -Always');
    for (let i = 0; i < 3; i++) await lab.fail('Get-MailboxDatabase');
    await lab.run('Clear-LabFault Get-MailboxDatabase');
    await lab.run('Get-MailboxDatabase | Out-Null');
    expect(lab.readState().lab.timeline.filter((e) => e.kind === 'FaultTriggered')).toHaveLength(5);
  });

  it('runs a command slowly (without failing) with -DelaySeconds', async () => {
    await lab.run('Set-LabFault Get-ExchangeServer -DelaySeconds 0.5');
    const started = Date.now();
    expect(await lab.run('@(Get-ExchangeServer).Count')).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });
});

describe('Test-Connection (PowerShell 2.0 shape, never a real packet)', () => {
  it('answers from the state: nodes, the DAG IP, the DC; not free addresses', async () => {
    const ping = await lab.run<Row>('Test-Connection EX01 -Count 1 | Select-Object Address, IPV4Address, StatusCode, ResponseTime');
    expect(ping).toEqual({ Address: 'EX01', IPV4Address: '192.168.0.101', StatusCode: 0, ResponseTime: 1 });
    expect(await lab.run('@(Test-Connection 192.168.0.100 -Count 2).Count')).toBe(2);
    expect(await lab.run('Test-Connection DC01 -Quiet')).toBe(true);
    expect(await lab.run('Test-Connection 192.168.0.110 -Quiet')).toBe(false);
    await lab.run('Add-LabAnsweringAddress 192.168.0.110');
    expect(await lab.run('Test-Connection 192.168.0.110 -Quiet')).toBe(true);
    await lab.run('Remove-LabAnsweringAddress 192.168.0.110');
    expect(await lab.run('Test-Connection 192.168.0.110 -Quiet')).toBe(false);
  });

  it('fails per computer like PowerShell 2.0, and validates its parameters', async () => {
    const err = await lab.fail('Test-Connection 192.168.0.110 -Count 1');
    expect(err.message).toBe("Testing connection to computer '192.168.0.110' failed: Error due to lack of resources");
    expect(err.fullyQualifiedErrorId).toBe('TestConnectionException,Test-Connection');
    expect((await lab.fail('Test-Connection -TargetName EX01')).fullyQualifiedErrorId).toBe('NamedParameterNotFound,Test-Connection');
    expect((await lab.fail('Test-Connection EX01 -Count 0')).fullyQualifiedErrorId).toBe(
      'ParameterArgumentValidationError,Test-Connection',
    );
    expect((await lab.fail('Test-Connection')).fullyQualifiedErrorId).toBe('MissingMandatoryParameter,Test-Connection');
  });
});

describe('target adapter functions', () => {
  it('Resolve-ExhaHostName / Resolve-ExhaAddress: forward and reverse, short names get the AD suffix', async () => {
    expect(await lab.run('Resolve-ExhaHostName EX01')).toEqual(['192.168.0.101']);
    expect(await lab.run('Resolve-ExhaHostName mail.rogertech.local')).toEqual(['192.168.0.101', '192.168.0.102']);
    expect(await lab.run('Resolve-ExhaHostName CASArray')).toEqual([]);
    expect(await lab.run('Resolve-ExhaAddress 192.168.0.101')).toEqual([
      'EX01.rogertech.local',
      'mail.rogertech.local',
      'autodiscover.rogertech.local',
    ]);
    expect(await lab.run('Resolve-ExhaAddress 192.168.0.110')).toEqual([]);
    await lab.run('Add-LabDnsRecord CASArray 192.168.0.110');
    expect(await lab.run('Resolve-ExhaAddress 192.168.0.110')).toEqual(['CASArray.rogertech.local']);
  });

  it('Invoke-ExhaCluster runs the block with its arguments', async () => {
    expect(
      await lab.run("Invoke-ExhaCluster -ScriptBlock { param($n) [string](Get-ClusterGroup $n).OwnerNode } -ArgumentList 'Cluster Group'"),
    ).toBe('EX01');
  });

  it('computer objects, setup watermark and witness', async () => {
    expect(await lab.run<Row>('Get-ExhaComputerObject EX01 | Select-Object Name, Enabled, DistinguishedName')).toEqual({
      Name: 'EX01',
      Enabled: true,
      DistinguishedName: 'CN=EX01,CN=Computers,DC=rogertech,DC=local',
    });
    expect(await lab.run('Get-ExhaComputerObject CASArray')).toBeNull();
    expect(await lab.run<Row>('Test-ExhaComputerObjectCreation CASArray | Select-Object Allowed')).toEqual({ Allowed: true });
    await lab.run('Add-LabComputerObject CASArray');
    expect(await lab.run('(Test-ExhaComputerObjectCreation CASArray).Reason')).toContain('already exists and is enabled');
    expect(await lab.run<Row>('Get-ExhaSetupWatermark EX02 | Select-Object Server, Watermark, Action')).toEqual({
      Server: 'EX02',
      Watermark: null,
      Action: null,
    });
    await lab.run("Set-LabExchangeServer EX02 -SetupWatermark 'MailboxRole' -SetupAction 'Install'");
    expect(await lab.run<Row>('Get-ExhaSetupWatermark EX02 | Select-Object Watermark, Action')).toEqual({
      Watermark: 'MailboxRole',
      Action: 'Install',
    });
    expect(await lab.run<Row>('Test-ExhaWitness | Select-Object WitnessServer, Reachable')).toEqual({
      WitnessServer: 'DC01',
      Reachable: true,
    });
  });
});
