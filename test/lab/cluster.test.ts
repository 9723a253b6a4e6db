// The lab's FailoverClusters cmdlets: objects, the client access point (manual and Add-ClusterServerRole),
// its failure modes, moves and removal, and parameter binding.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineAsText } from './as-text';
import { type LabSession, startLabSession } from './lab-session';

let lab: LabSession;
beforeAll(async () => {
  lab = await startLabSession();
  await defineAsText(lab);
});
afterAll(async () => {
  await lab.dispose();
});
beforeEach(async () => {
  await lab.reset();
});

interface Row {
  [key: string]: unknown;
}

// The write-up's role, built with the remoting-safe sequence (one Set-ClusterParameter per value, as on 2008 R2).
const MANUAL_ROLE = `param($Name, $Ip, $Mask, $Net)
Add-ClusterGroup -Name $Name | Out-Null
Add-ClusterResource -Name "IP Address $Ip" -ResourceType 'IP Address' -Group $Name | Out-Null
$ipRes = Get-ClusterResource "IP Address $Ip"
$ipRes | Set-ClusterParameter -Name Address -Value $Ip
$ipRes | Set-ClusterParameter -Name SubnetMask -Value $Mask
$ipRes | Set-ClusterParameter -Name Network -Value $Net
$ipRes | Set-ClusterParameter -Name EnableDhcp -Value 0
Add-ClusterResource -Name $Name -ResourceType 'Network Name' -Group $Name | Out-Null
Get-ClusterResource $Name | Set-ClusterParameter -Name Name -Value $Name
Add-ClusterResourceDependency -Resource $Name -Provider "IP Address $Ip" | Out-Null
Start-ClusterGroup $Name | Select-Object Name, OwnerNode, State | ConvertTo-TestText`;
const ROLE_ARGS = { Name: 'CASArray', Ip: '192.168.0.110', Mask: '255.255.255.0', Net: 'Cluster Network 1' };

describe('reading the cluster', () => {
  it('Get-Cluster, Get-ClusterNode, Get-ClusterNetwork', async () => {
    expect(await lab.run<Row>('Get-Cluster | Select-Object Name, Domain')).toEqual({ Name: 'PrimaryDAG', Domain: 'rogertech.local' });
    expect(await lab.run<Row>('Get-Cluster -Name PrimaryDAG.rogertech.local | Select-Object Name')).toEqual({ Name: 'PrimaryDAG' });
    expect(await lab.run<Row[]>('Get-ClusterNode | Select-Object Name, Id, State | ConvertTo-TestText')).toEqual([
      { Name: 'EX01', Id: '1', State: 'Up' },
      { Name: 'EX02', Id: '2', State: 'Up' },
    ]);
    expect(
      await lab.run<Row[]>(
        "Get-ClusterNetwork | Select-Object Name, Address, AddressMask, @{ n = 'Role'; e = { [int]$_.Role } }, State | ConvertTo-TestText",
      ),
    ).toEqual([
      { Name: 'Cluster Network 1', Address: '192.168.0.0', AddressMask: '255.255.255.0', Role: 3, State: 'Up' },
      { Name: 'Cluster Network 2', Address: '10.0.0.0', AddressMask: '255.255.255.0', Role: 1, State: 'Up' },
    ]);
    expect(await lab.run("(Get-ClusterNode -Cluster EX02 -Name 'EX*').Count")).toBe(2);
  });

  it('Get-ClusterGroup / Get-ClusterResource with pipelines and real type names', async () => {
    expect(
      await lab.run<Row>("Get-ClusterGroup 'Cluster Group' | Select-Object Name, OwnerNode, State, IsCoreGroup | ConvertTo-TestText"),
    ).toEqual({ Name: 'Cluster Group', OwnerNode: 'EX01', State: 'Online', IsCoreGroup: true });
    expect(await lab.run("(Get-ClusterGroup 'Cluster Group').PSObject.TypeNames[0]")).toBe(
      'Microsoft.FailoverClusters.PowerShell.ClusterGroup',
    );
    const res = await lab.run<Row[]>(
      "Get-ClusterGroup 'Cluster Group' | Get-ClusterResource | Select-Object Name, State, OwnerGroup, ResourceType, OwnerNode | ConvertTo-TestText",
    );
    expect(res.map((r) => r.ResourceType)).toEqual(['IP Address', 'Network Name', 'File Share Witness']);
    expect(res[0]).toEqual({
      Name: 'Cluster IP Address',
      State: 'Online',
      OwnerGroup: 'Cluster Group',
      ResourceType: 'IP Address',
      OwnerNode: 'EX01',
    });
    expect(await lab.run('@(Get-ClusterNode EX01 | Get-ClusterGroup).Count')).toBe(2);
    expect(
      await lab.run<Row[]>(
        "Get-ClusterResource 'Cluster IP Address' | Get-ClusterParameter Address, Network | Select-Object ClusterObject, Name, Value, ParameterType",
      ),
    ).toEqual([
      { ClusterObject: 'Cluster IP Address', Name: 'Address', Value: '192.168.0.100', ParameterType: 'String' },
      { ClusterObject: 'Cluster IP Address', Name: 'Network', Value: 'Cluster Network 1', ParameterType: 'String' },
    ]);
  });

  it("a missing group, resource or unknown cluster fails with the cluster module's shape", async () => {
    const err = await lab.fail('Get-ClusterGroup CASArray');
    expect(err.message).toContain("An error occurred opening cluster group 'CASArray'.");
    expect(err.fullyQualifiedErrorId).toBe(
      'ClusterObjectNotFound,Microsoft.FailoverClusters.PowerShell.GetClusterGroupCommand,Get-ClusterGroup',
    );
    expect(err.exceptionType).toContain('ClusterCmdletException');
    expect(await lab.run('Get-ClusterGroup CASArray -ErrorAction SilentlyContinue')).toBeNull();
    expect((await lab.fail('Get-ClusterResource Nope')).message).toContain('The cluster resource could not be found.');
    expect((await lab.fail('Get-ClusterNode -Cluster OtherCluster')).message).toContain("Failed to connect to the cluster 'OtherCluster'");
  });
});

describe('the client access point', () => {
  it('the manual sequence brings the role online, registers DNS and creates the computer object', async () => {
    expect(await lab.run<Row>(MANUAL_ROLE, ROLE_ARGS)).toEqual({ Name: 'CASArray', OwnerNode: 'EX01', State: 'Online' });
    const st = lab.readState();
    expect(st.dns.records.filter((r) => r.name === 'CASArray.rogertech.local').map((r) => r.address)).toEqual(['192.168.0.110']);
    expect(st.activeDirectory.computers.find((c) => c.name === 'CASARRAY')?.enabled).toBe(true);
    expect(await lab.run('Resolve-ExhaHostName CASArray')).toEqual(['192.168.0.110']);
    expect(await lab.run('Test-Connection 192.168.0.110 -Quiet -Count 1')).toBe(true);
    expect(
      await lab.run<Row[]>(
        "Get-ClusterResource | Where-Object { [string]$_.OwnerGroup -eq 'CASArray' } | Select-Object Name, State | ConvertTo-TestText",
      ),
    ).toEqual([
      { Name: 'IP Address 192.168.0.110', State: 'Online' },
      { Name: 'CASArray', State: 'Online' },
    ]);
  });

  it('Add-ClusterServerRole builds the same role, and names the networks it needs', async () => {
    const missing = await lab.fail('Add-ClusterServerRole -Name CASArray');
    expect(missing.message).toContain("Static address was not specified for the cluster network 'Cluster Network 1'");
    const wrongNet = await lab.fail('Add-ClusterServerRole -Name CASArray -StaticAddress 10.0.0.110');
    expect(wrongNet.message).toContain('not on any cluster network enabled for client access');
    expect(
      await lab.run<Row>(
        "Add-ClusterServerRole -Name CASArray -StaticAddress 192.168.0.110 -IgnoreNetwork 'Cluster Network 2' | Select-Object Name, State | ConvertTo-TestText",
      ),
    ).toEqual({ Name: 'CASArray', State: 'Online' });
    expect((await lab.fail('Add-ClusterServerRole -Name CASArray -StaticAddress 192.168.0.111')).message).toContain(
      'The object already exists.',
    );
    expect(await lab.run('(Add-ClusterServerRole -StaticAddress 192.168.0.112).Name')).toBe('PrimaryDAGOther');
  });

  it('fails like the real one when the address already answers', async () => {
    await lab.run('Add-LabAnsweringAddress 192.168.0.110');
    const err = await lab.fail('Add-ClusterServerRole -Name CASArray -StaticAddress 192.168.0.110');
    expect(err.message).toContain("duplicate IP address '192.168.0.110' was detected");
    expect(await lab.run("(Get-ClusterResource 'IP Address 192.168.0.110').State")).toBe('Failed');
  });

  it('fails when the name is already in DNS or in AD', async () => {
    await lab.run('Add-LabDnsRecord CASArray 192.168.0.50');
    const dns = await lab.fail(MANUAL_ROLE, ROLE_ARGS);
    expect(dns.message).toContain('failed registration of one or more associated DNS name(s)');
    expect(dns.fullyQualifiedErrorId).toBe(
      'StartClusterGroup,Microsoft.FailoverClusters.PowerShell.StartClusterGroupCommand,Start-ClusterGroup',
    );
    expect(await lab.run('(Get-ClusterResource CASArray).State')).toBe('Failed');
    expect(await lab.run('(Get-ClusterGroup CASArray).State')).toBe('Failed');

    await lab.reset();
    await lab.run('Add-LabComputerObject CASArray');
    expect((await lab.fail(MANUAL_ROLE, ROLE_ARGS)).message).toContain('failed to create its associated computer object');
  });

  it('fails with Access is denied when the CNO may not create computer objects, unless the object is pre-staged', async () => {
    await lab.run('Set-LabActiveDirectory -CnoCanCreateComputerObjects $false');
    expect(await lab.run<Row>('Test-ExhaComputerObjectCreation CASArray | Select-Object Allowed')).toEqual({ Allowed: false });
    expect((await lab.fail(MANUAL_ROLE, ROLE_ARGS)).message).toContain('Access is denied.');

    await lab.reset();
    await lab.run('Set-LabActiveDirectory -CnoCanCreateComputerObjects $false; Add-LabComputerObject CASArray -Prestaged');
    expect(await lab.run('(Test-ExhaComputerObjectCreation CASArray).Allowed')).toBe(true);
    expect(await lab.run<Row>(MANUAL_ROLE, ROLE_ARGS)).toEqual({ Name: 'CASArray', OwnerNode: 'EX01', State: 'Online' });
    expect(await lab.run('(Get-ExhaComputerObject CASArray).Enabled')).toBe(true);
  });

  it('an IP Address resource needs Address, SubnetMask and Network; the network must allow clients', async () => {
    await lab.run("Add-ClusterGroup G1 | Out-Null; Add-ClusterResource 'IP Address 1' 'IP Address' G1 | Out-Null");
    expect((await lab.fail('Start-ClusterGroup G1')).message).toContain('required private property');
    await lab.run(
      "Get-ClusterResource 'IP Address 1' | Set-ClusterParameter -Multiple @{ Address = '10.0.0.50'; SubnetMask = '255.255.255.0'; Network = 'Cluster Network 2' }",
    );
    expect((await lab.fail('Start-ClusterGroup G1')).message).toContain('not configured to allow client access');
    expect((await lab.fail("Get-ClusterResource 'IP Address 1' | Set-ClusterParameter Address not-an-ip")).message).toContain(
      'The parameter is incorrect.',
    );
    expect((await lab.fail("Get-ClusterResource 'IP Address 1' | Set-ClusterParameter Bogus 1")).message).toContain(
      "Parameter name 'Bogus' does not exist",
    );
    expect((await lab.fail("Get-ClusterResource 'IP Address 1' | Set-ClusterParameter Network 'Cluster Network 9'")).message).toContain(
      'cluster network was not found',
    );
  });

  it('Set-ClusterParameter on an online resource warns that the change waits for a restart', async () => {
    const result = await lab.ps.invoke({ script: "Get-ClusterResource 'Cluster Name' | Set-ClusterParameter HostRecordTTL 300" });
    expect(result.ok).toBe(true);
    expect(result.warnings[0]).toContain('not all changes will take effect until Cluster Name is taken offline and then online again');
  });

  it('Add-ClusterResourceDependency refuses an online dependent, two groups, and a duplicate', async () => {
    await lab.run(MANUAL_ROLE, ROLE_ARGS);
    expect((await lab.fail("Add-ClusterResourceDependency CASArray 'IP Address 192.168.0.110'")).message).toContain('already exists');
    await lab.run('Stop-ClusterGroup CASArray | Out-Null');
    expect((await lab.fail("Add-ClusterResourceDependency CASArray 'Cluster IP Address'")).message).toContain('same group');
    await lab.run("Add-ClusterResource 'IP Address 2' 'IP Address' CASArray | Out-Null");
    // 'IP Address 2' has no address and fails; CASArray itself comes online.
    expect((await lab.fail('Start-ClusterGroup CASArray')).message).toContain("Resource 'IP Address 2' (IP Address) failed");
    expect(await lab.run('(Get-ClusterResource CASArray).State')).toBe('Online');
    const online = await lab.fail("Add-ClusterResourceDependency CASArray 'IP Address 2'");
    expect(online.message).toContain('the cluster resource is online');
  });

  it('Add-ClusterResource / Add-ClusterGroup errors', async () => {
    expect((await lab.fail("Add-ClusterResource X 'Magic Type' 'Cluster Group'")).message).toContain(
      'The specified resource type was not found.',
    );
    expect((await lab.fail("Add-ClusterResource X 'IP Address' NoSuchGroup")).message).toContain('The cluster group could not be found.');
    expect((await lab.fail("Add-ClusterGroup 'Cluster Group'")).message).toContain('The object already exists.');
    expect(
      await lab.run<Row>(
        "Add-ClusterResource X 'IP Address' -Group 'Available Storage' | Select-Object Name, State, OwnerGroup | ConvertTo-TestText",
      ),
    ).toEqual({ Name: 'X', State: 'Offline', OwnerGroup: 'Available Storage' });
  });
});

describe('moving, stopping and removing', () => {
  it('Move-ClusterGroup: to a node, to "the other node", refuses a down node', async () => {
    await lab.run(MANUAL_ROLE, ROLE_ARGS);
    expect(await lab.run<Row>('Move-ClusterGroup CASArray -Node EX02 | Select-Object OwnerNode, State | ConvertTo-TestText')).toEqual({
      OwnerNode: 'EX02',
      State: 'Online',
    });
    expect(await lab.run<Row>('Move-ClusterGroup CASArray | Select-Object OwnerNode, State | ConvertTo-TestText')).toEqual({
      OwnerNode: 'EX01',
      State: 'Online',
    });
    expect(lab.readState().dns.records.filter((r) => r.name === 'CASArray.rogertech.local')).toHaveLength(1);
    expect((await lab.fail('Move-ClusterGroup CASArray -Node EX07')).message).toContain('The cluster node was not found.');
    await lab.run('Set-LabNodeState EX02 Down');
    const down = await lab.fail('Move-ClusterGroup CASArray -Node EX02');
    expect(down.message).toBe("An error occurred while moving the clustered role 'CASArray'.\n    The cluster node is down.");
    expect(down.fullyQualifiedErrorId).toBe(
      'MoveClusterGroup,Microsoft.FailoverClusters.PowerShell.MoveClusterGroupCommand,Move-ClusterGroup',
    );
  });

  it('Move-ClusterGroup -Wait 0 returns while the group is Pending (real delays)', async () => {
    await lab.run(MANUAL_ROLE, ROLE_ARGS);
    await lab.run('Set-LabDelay -GroupOnlineSeconds 0.4');
    expect(await lab.run('(Move-ClusterGroup CASArray EX02 -Wait 0).State')).toBe('Pending');
    expect(await lab.run('Start-Sleep -Milliseconds 500; (Get-ClusterGroup CASArray).State')).toBe('Online');
    const started = Date.now();
    expect(await lab.run('(Move-ClusterGroup CASArray EX01).State')).toBe('Online');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    await lab.run('Set-LabDelay 0 0 0');
  });

  it('Stop-ClusterGroup / Start-ClusterGroup', async () => {
    await lab.run(MANUAL_ROLE, ROLE_ARGS);
    expect(await lab.run('(Stop-ClusterGroup CASArray).State')).toBe('Offline');
    expect(await lab.run('Test-Connection 192.168.0.110 -Quiet')).toBe(false);
    expect(await lab.run('(Get-ClusterGroup CASArray | Start-ClusterGroup).State')).toBe('Online');
  });

  it('Remove-ClusterGroup needs -RemoveResources, prompts without -Force, and leaves DNS and a disabled computer object behind', async () => {
    await lab.run(MANUAL_ROLE, ROLE_ARGS);
    expect((await lab.fail('Remove-ClusterGroup CASArray -Force')).message).toContain('-RemoveResources');
    expect((await lab.fail('Remove-ClusterGroup CASArray -RemoveResources')).message).toContain('NonInteractive');
    await lab.run('Remove-ClusterGroup CASArray -RemoveResources -WhatIf');
    expect(await lab.run('(Get-ClusterGroup CASArray).Name')).toBe('CASArray');
    expect((await lab.fail("Remove-ClusterGroup 'Cluster Group' -RemoveResources -Force")).message).toContain('core cluster group');

    await lab.run('Remove-ClusterGroup CASArray -RemoveResources -Force');
    expect(await lab.run('Get-ClusterGroup CASArray -ErrorAction SilentlyContinue')).toBeNull();
    expect(await lab.run<Row>('Get-ExhaComputerObject CASArray | Select-Object Name, Enabled')).toEqual({
      Name: 'CASARRAY',
      Enabled: false,
    });
    expect(await lab.run('Resolve-ExhaHostName CASArray.rogertech.local')).toEqual(['192.168.0.110']);
    expect(await lab.run('Test-Connection CASArray -Quiet')).toBe(false);

    // What is left behind blocks a re-run until it is cleaned up.
    expect((await lab.fail('Add-ClusterServerRole -Name CASArray -StaticAddress 192.168.0.110')).message).toContain('DNS');
    await lab.run(
      'Remove-ClusterGroup CASArray -RemoveResources -Force; Remove-ExhaDnsRecord -Name CASArray -Address 192.168.0.110; Remove-ExhaComputerObject -Name CASArray',
    );
    expect(await lab.run('[string](Add-ClusterServerRole -Name CASArray -StaticAddress 192.168.0.110).State')).toBe('Online');
  });

  it('Test-Cluster writes a report and lists its tests', async () => {
    const report = await lab.run<Row>('Test-Cluster -Ignore Storage | Select-Object Name, Extension');
    expect(String(report.Name)).toMatch(/^Validation Report .*\.htm$/);
    expect(await lab.run("@(Test-Cluster -List | Where-Object { $_.Category -eq 'Network' }).Count")).toBe(3);
  });
});

describe('parameter binding fails as real PowerShell does', () => {
  const unknown: [string, string][] = [
    ['Get-ClusterGroup', 'Get-ClusterGroup -VMId 1'],
    ['Get-ClusterResource', 'Get-ClusterResource -Bogus'],
    ['Add-ClusterGroup', 'Add-ClusterGroup X -GroupKind 1'],
    ['Start-ClusterGroup', 'Start-ClusterGroup CASArray -ChooseBestNode'],
    ['Move-ClusterGroup', 'Move-ClusterGroup CASArray -Target EX02'],
    ['Remove-ClusterGroup', 'Remove-ClusterGroup CASArray -Recurse'],
    ['Add-ClusterServerRole', 'Add-ClusterServerRole CASArray -IPAddress 192.168.0.110'],
    ['Get-Cluster', 'Get-Cluster -Cluster PrimaryDAG'],
  ];
  it.each(unknown)('%s rejects an unknown parameter', async (name, script) => {
    expect((await lab.fail(script)).fullyQualifiedErrorId).toBe(`NamedParameterNotFound,${name}`);
  });

  it.each([
    ['Add-ClusterGroup', 'Add-ClusterGroup'],
    ['Add-ClusterResource', 'Add-ClusterResource -Name X -Group CASArray'],
    ['Set-ClusterParameter', "Get-ClusterResource 'Cluster Name' | Set-ClusterParameter -Create"],
  ])('%s fails on a missing mandatory parameter', async (name, script) => {
    const err = await lab.fail(script);
    expect([
      `MissingMandatoryParameter,${name}`,
      `InvalidParameter,Microsoft.FailoverClusters.PowerShell.SetClusterParameterCommand,${name}`,
    ]).toContain(err.fullyQualifiedErrorId);
  });

  it('Set-ClusterParameter cannot mix -Multiple with -Name', async () => {
    expect(
      (await lab.fail("Get-ClusterResource 'Cluster Name' | Set-ClusterParameter -Name A -Multiple @{B=1}")).fullyQualifiedErrorId,
    ).toBe('AmbiguousParameterSet,Set-ClusterParameter');
  });
});
