// The lab's Exchange 2010 cmdlets: what they return, how they fail, and how their parameters bind.
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

describe('discovery', () => {
  it('Get-ExchangeServer shows both SP3 servers with their roles and site', async () => {
    const servers = await lab.run<Row[]>(
      'Get-ExchangeServer | Select-Object Name, Fqdn, AdminDisplayVersion, ServerRole, Site, IsMailboxServer | ConvertTo-TestText',
    );
    expect(servers).toEqual([
      {
        Name: 'EX01',
        Fqdn: 'EX01.rogertech.local',
        AdminDisplayVersion: 'Version 14.3 (Build 123.4)',
        ServerRole: 'Mailbox, ClientAccess, HubTransport',
        Site: 'rogertech.local/Configuration/Sites/Default-First-Site-Name',
        IsMailboxServer: true,
      },
      {
        Name: 'EX02',
        Fqdn: 'EX02.rogertech.local',
        AdminDisplayVersion: 'Version 14.3 (Build 123.4)',
        ServerRole: 'Mailbox, ClientAccess, HubTransport',
        Site: 'rogertech.local/Configuration/Sites/Default-First-Site-Name',
        IsMailboxServer: true,
      },
    ]);
    expect(await lab.run('(Get-ExchangeServer ex02.rogertech.local).Name')).toBe('EX02');
    expect(await lab.run('(Get-ExchangeServer EX01).PSObject.TypeNames[0]')).toBe(
      'Microsoft.Exchange.Data.Directory.Management.ExchangeServer',
    );
    expect(await lab.run('@(Get-ExchangeServer -Domain rogertech.local).Count')).toBe(2);
  });

  it('a named object that does not exist fails like Exchange 2010 (ManagementObjectNotFoundException)', async () => {
    const err = await lab.fail('Get-ExchangeServer EX09');
    expect(err.message).toBe("The operation couldn't be performed because object 'EX09' couldn't be found on 'DC01.rogertech.local'.");
    expect(err.fullyQualifiedErrorId).toMatch(/^[0-9A-F]{8},Microsoft\.Exchange\.Management\.SystemConfigurationTasks\.GetExchangeServer/);
    expect(err.exceptionType).toContain('ManagementObjectNotFoundException');
    // Non-terminating, as in Exchange: -ErrorAction SilentlyContinue turns it into "nothing".
    expect(await lab.run('Get-MailboxDatabase Nope -ErrorAction SilentlyContinue')).toBeNull();
  });

  it('$null as -Identity returns everything, as the real Get- cmdlets do', async () => {
    expect(await lab.run('@(Get-MailboxDatabase -Identity $null).Count')).toBe(3);
  });

  it('Get-ADSite and Get-MailboxServer', async () => {
    expect(await lab.run('(Get-ADSite).Name')).toBe('Default-First-Site-Name');
    expect(
      await lab.run<Row>(
        'Get-MailboxServer EX01 | Select-Object Name, AutoDatabaseMountDial, DatabaseCopyAutoActivationPolicy, DatabaseAvailabilityGroup | ConvertTo-TestText',
      ),
    ).toEqual({
      Name: 'EX01',
      AutoDatabaseMountDial: 'GoodAvailability',
      DatabaseCopyAutoActivationPolicy: 'Unrestricted',
      DatabaseAvailabilityGroup: 'PrimaryDAG',
    });
  });

  it('Get-DatabaseAvailabilityGroup fills OperationalServers and PrimaryActiveManager only with -Status', async () => {
    const plain = await lab.run<Row>(
      'Get-DatabaseAvailabilityGroup | Select-Object Name, Servers, WitnessServer, WitnessDirectory, OperationalServers, PrimaryActiveManager, DatabaseAvailabilityGroupIpv4Addresses | ConvertTo-TestText',
    );
    expect(plain).toEqual({
      Name: 'PrimaryDAG',
      Servers: ['EX01', 'EX02'],
      WitnessServer: 'DC01',
      WitnessDirectory: 'C:\\DAGFileShareWitnesses\\PrimaryDAG.rogertech.local',
      OperationalServers: null,
      PrimaryActiveManager: null,
      DatabaseAvailabilityGroupIpv4Addresses: ['192.168.0.100'],
    });
    const status = await lab.run<Row>(
      'Get-DatabaseAvailabilityGroup PrimaryDAG -Status | Select-Object OperationalServers, PrimaryActiveManager, WitnessShareInUse | ConvertTo-TestText',
    );
    expect(status).toEqual({ OperationalServers: ['EX01', 'EX02'], PrimaryActiveManager: 'EX01', WitnessShareInUse: 'Primary' });
  });
});

describe('mailbox databases', () => {
  it('Get-MailboxDatabase: active server, copies, and RpcClientAccessServer values that differ per database', async () => {
    const dbs = await lab.run<Row[]>(
      'Get-MailboxDatabase | Select-Object Name, Server, Servers, RpcClientAccessServer, MasterServerOrAvailabilityGroup, Mounted | ConvertTo-TestText',
    );
    expect(dbs.map((d) => [d.Name, d.Server, d.RpcClientAccessServer, d.Mounted])).toEqual([
      ['VIP', 'EX01', 'EX01.rogertech.local', null],
      ['Mailbox Database 01', 'EX01', 'EX01.rogertech.local', null],
      ['Staff', 'EX02', 'EX02.rogertech.local', null],
    ]);
    expect(await lab.run('(Get-MailboxDatabase VIP -Status).Mounted')).toBe(true);
    expect(await lab.run('@(Get-MailboxDatabase -Server EX02).Count')).toBe(3);
  });

  it('Set-MailboxDatabase takes pipeline input and accepts only an existing CAS or array', async () => {
    const err = await lab.fail('Set-MailboxDatabase VIP -RpcClientAccessServer CASArray.rogertech.local');
    expect(err.message).toContain("object 'CASArray.rogertech.local' couldn't be found");
    await lab.run('New-ClientAccessArray -Fqdn CASArray.rogertech.local -Site Default-First-Site-Name | Out-Null');
    await lab.run('Get-MailboxDatabase | Set-MailboxDatabase -RpcClientAccessServer CASArray.rogertech.local');
    expect(lab.readState().databases.map((d) => d.rpcClientAccessServer)).toEqual(Array(3).fill('CASArray.rogertech.local'));
    await lab.run('Set-MailboxDatabase Staff -RpcClientAccessServer ex02');
    expect(lab.readState().databases[2]!.rpcClientAccessServer).toBe('EX02.rogertech.local');
  });

  it('Set-MailboxDatabase -WhatIf changes nothing', async () => {
    const before = lab.readStateText();
    await lab.run('Set-MailboxDatabase VIP -RpcClientAccessServer EX02.rogertech.local -WhatIf');
    expect(lab.readStateText()).toBe(before);
  });

  it('Get-MailboxDatabaseCopyStatus: all, one database, one copy, by server, active only', async () => {
    const all = await lab.run<Row[]>(
      'Get-MailboxDatabaseCopyStatus * | Select-Object Name, Status, CopyQueueLength, ReplayQueueLength, ContentIndexState, ActiveCopy',
    );
    expect(all).toHaveLength(6);
    expect(all[0]).toEqual({
      Name: 'VIP\\EX01',
      Status: 'Mounted',
      CopyQueueLength: 0,
      ReplayQueueLength: 0,
      ContentIndexState: 'Healthy',
      ActiveCopy: true,
    });
    expect(await lab.run("(Get-MailboxDatabaseCopyStatus 'Mailbox Database 01\\EX02').CopyQueueLength")).toBe(1);
    expect(await lab.run('@(Get-MailboxDatabaseCopyStatus VIP).Count')).toBe(2);
    expect(await lab.run('@(Get-MailboxDatabaseCopyStatus -Server EX02).Count')).toBe(3);
    expect(await lab.run('(Get-MailboxDatabaseCopyStatus -Server EX02 -Active).Name')).toBe('Staff\\EX02');
    expect((await lab.fail("Get-MailboxDatabaseCopyStatus 'VIP\\EX07'")).message).toContain("'VIP\\EX07'");
  });

  it('Move-ActiveMailboxDatabase switches over and reports; checks health, content index and queues', async () => {
    const res = await lab.run<Row>(
      'Move-ActiveMailboxDatabase VIP -ActivateOnServer EX02 -Confirm:$false | Select-Object Identity, ActiveServerAtStart, ActiveServerAtEnd, Status',
    );
    expect(res).toEqual({ Identity: 'VIP', ActiveServerAtStart: 'EX01', ActiveServerAtEnd: 'EX02', Status: 'Succeeded' });
    expect(await lab.run('[string](Get-MailboxDatabase VIP).Server')).toBe('EX02');
    expect(lab.readState().lab.timeline.some((e) => e.kind === 'DatabaseMoved' && e.subject === 'VIP')).toBe(true);

    await lab.run("Set-LabDatabaseCopy 'Staff\\EX01' -ContentIndexState Failed");
    const ci = await lab.fail('Move-ActiveMailboxDatabase Staff -ActivateOnServer EX01 -Confirm:$false');
    expect(ci.message).toContain('SkipClientExperienceChecks');
    expect(ci.exceptionType).toContain('AmDbActionWrapperException');
    await lab.run('Move-ActiveMailboxDatabase Staff -ActivateOnServer EX01 -SkipClientExperienceChecks -Confirm:$false | Out-Null');

    await lab.run("Set-LabDatabaseCopy 'Mailbox Database 01\\EX02' -Status Failed");
    expect((await lab.fail("Move-ActiveMailboxDatabase 'Mailbox Database 01' EX02 -Confirm:$false")).message).toContain("status 'Failed'");
    expect((await lab.fail('Move-ActiveMailboxDatabase VIP -ActivateOnServer EX02 -Confirm:$false')).message).toContain('already active');
  });

  it('Move-ActiveMailboxDatabase -Server moves every active database off a server', async () => {
    await lab.run('Move-ActiveMailboxDatabase -Server EX01 -ActivateOnServer EX02 -Confirm:$false | Out-Null');
    expect(lab.readState().databases.map((d) => d.activeServer)).toEqual(['EX02', 'EX02', 'EX02']);
  });

  it('Move-ActiveMailboxDatabase asks for confirmation, which a piped session cannot give', async () => {
    const err = await lab.fail('Move-ActiveMailboxDatabase VIP -ActivateOnServer EX02');
    expect(err.message).toContain('NonInteractive');
    expect(lab.readState().databases[0]!.activeServer).toBe('EX01');
  });

  it('Test-ReplicationHealth passes on a healthy site and names what fails', async () => {
    const rows = await lab.run<Row[]>('Test-ReplicationHealth EX01 | Select-Object Server, Check, Result');
    expect(rows.every((r) => r.Result === 'Passed')).toBe(true);
    expect(rows.map((r) => r.Check)).toContain('FileShareQuorum');
    await lab.run('Set-LabWitness $false');
    await lab.run("Set-LabDatabaseCopy 'VIP\\EX02' -CopyQueueLength 40");
    const failed = await lab.run<Row[]>(
      "Test-ReplicationHealth EX02 | Where-Object { $_.Result -ne 'Passed' } | Select-Object Check, Result",
    );
    expect(failed.map((r) => r.Check)).toEqual(['QuorumGroup', 'FileShareQuorum', 'DBLogCopyKeepingUp']);
    expect(failed[0]!.Result).toBe('*FAILED*');
  });
});

describe('client access arrays', () => {
  it('New/Get/Set/Remove-ClientAccessArray, with the default name from the FQDN', async () => {
    expect(await lab.run('Get-ClientAccessArray')).toBeNull();
    const created = await lab.run<Row>(
      'New-ClientAccessArray -Fqdn CASArray.rogertech.local -Site Default-First-Site-Name | Select-Object Name, Fqdn, Site, Members | ConvertTo-TestText',
    );
    expect(created).toEqual({
      Name: 'CASArray',
      Fqdn: 'CASArray.rogertech.local',
      Site: 'Default-First-Site-Name',
      Members: ['EX01', 'EX02'],
    });
    expect(await lab.run('(Get-ClientAccessArray -Site Default-First-Site-Name).Fqdn')).toBe('CASArray.rogertech.local');
    expect(await lab.run('(Get-ClientAccessArray CASArray.rogertech.local).Name')).toBe('CASArray');
    await lab.run('Set-ClientAccessArray CASArray -Fqdn outlook.rogertech.local');
    expect(lab.readState().clientAccessArrays[0]!.fqdn).toBe('outlook.rogertech.local');
    await lab.run('Get-ClientAccessArray | Remove-ClientAccessArray -Confirm:$false');
    expect(lab.readState().clientAccessArrays).toEqual([]);
  });

  it('allows one array per AD site and checks the site', async () => {
    await lab.run('New-ClientAccessArray -Name CASArray -Fqdn CASArray.rogertech.local -Site Default-First-Site-Name | Out-Null');
    const again = await lab.fail('New-ClientAccessArray -Name Second -Fqdn second.rogertech.local -Site Default-First-Site-Name');
    expect(again.message).toContain('Only one Client Access array is allowed per Active Directory site');
    const site = await lab.fail('New-ClientAccessArray -Name X -Fqdn x.rogertech.local -Site Nowhere');
    expect(site.message).toContain("object 'Nowhere' couldn't be found");
  });

  it('a name with spaces cannot be used as -Identity later (Exchange 2010 behaviour)', async () => {
    await lab.run("New-ClientAccessArray -Name 'My Array' -Fqdn casarray.rogertech.local -Site Default-First-Site-Name | Out-Null");
    expect((await lab.fail("Get-ClientAccessArray 'My Array'")).message).toContain("couldn't be found");
    await lab.run('Remove-ClientAccessArray casarray.rogertech.local -Confirm:$false');
  });

  it('Remove-ClientAccessArray prompts by default and -WhatIf removes nothing', async () => {
    await lab.run('New-ClientAccessArray -Fqdn CASArray.rogertech.local -Site Default-First-Site-Name | Out-Null');
    expect((await lab.fail('Remove-ClientAccessArray CASArray')).message).toContain('NonInteractive');
    await lab.run('Remove-ClientAccessArray CASArray -WhatIf');
    expect(lab.readState().clientAccessArrays).toHaveLength(1);
  });
});

describe('OWA virtual directories', () => {
  it('Get-OwaVirtualDirectory: one per Client Access server, by server or Server\\Name, under the OWA host name', async () => {
    expect(await lab.run<string[]>('Get-OwaVirtualDirectory | ForEach-Object { [string]$_ + " " + $_.InternalUrl }')).toEqual([
      'EX01\\owa (Default Web Site) https://mail.rogertech.local/owa',
      'EX02\\owa (Default Web Site) https://mail.rogertech.local/owa',
    ]);
    expect(await lab.run('[string](Get-OwaVirtualDirectory -Server EX02).Server')).toBe('EX02');
    expect(await lab.run("[string](Get-OwaVirtualDirectory 'EX01\\owa*')")).toBe('EX01\\owa (Default Web Site)');
    const missing = await lab.fail('Get-OwaVirtualDirectory -Server EX03');
    expect(missing.message).toContain("object 'EX03' couldn't be found");
  });
});

describe('client tests', () => {
  it('Test-MAPIConnectivity by server, database and mailbox', async () => {
    const rows = await lab.run<Row[]>('Test-MAPIConnectivity -Server EX01 | Select-Object MailboxServer, Database, Result');
    expect(rows).toEqual([
      { MailboxServer: 'EX01', Database: 'VIP', Result: 'Success' },
      { MailboxServer: 'EX01', Database: 'Mailbox Database 01', Result: 'Success' },
    ]);
    expect(await lab.run('(Test-MAPIConnectivity -Database Staff).Result')).toBe('Success');
    expect(await lab.run('(Test-MAPIConnectivity administrator@rogertech.com).Database')).toBe('VIP');
    await lab.run('Set-LabDatabase VIP -Mounted $false');
    expect(await lab.run('(Test-MAPIConnectivity -Database VIP).Result')).toBe('*FAILURE*');
  });

  it('Test-OutlookConnectivity -RpcTestType Array needs an array whose name answers', async () => {
    const none = await lab.run<Row>('Test-OutlookConnectivity -RpcTestType Array | Select-Object Result, Error');
    expect(none.Result).toBe('Failure');
    expect(String(none.Error)).toContain('No Client Access array');
    await lab.run('New-ClientAccessArray -Fqdn CASArray.rogertech.local -Site Default-First-Site-Name | Out-Null');
    const noDns = await lab.run<Row[]>('Test-OutlookConnectivity -RpcTestType Array | Select-Object Scenario, Result, Error');
    expect(noDns[0]!.Result).toBe('Failure');
    expect(String(noDns[0]!.Error)).toContain('could not be resolved');
    await lab.run('Add-ClusterServerRole -Name CASArray -StaticAddress 192.168.0.110 -IgnoreNetwork "Cluster Network 2" | Out-Null');
    const ok = await lab.run<Row[]>('Test-OutlookConnectivity -RpcTestType Array | Select-Object Scenario, Result, ClientAccessServer');
    expect(ok).toEqual([
      { Scenario: 'Mailbox::Connect', Result: 'Success', ClientAccessServer: 'EX01' },
      { Scenario: 'Mailbox::Logon', Result: 'Success', ClientAccessServer: 'EX01' },
    ]);
  });

  it('Test-OutlookWebServices, Test-OwaConnectivity and Test-Mailflow', async () => {
    const ows = await lab.run<Row[]>('Test-OutlookWebServices | Select-Object Id, Type');
    expect(ows.some((r) => r.Id === 1006 && r.Type === 'Success')).toBe(true);
    const owa = await lab.run<Row>(
      "param($User) Test-OwaConnectivity -URL https://mail.rogertech.local/owa -MailboxCredential (New-Object System.Management.Automation.PSCredential($User, (ConvertTo-SecureString 'lab' -AsPlainText -Force))) | Select-Object URL, Scenario, Result",
      { User: 'ROGERTECH\\administrator' },
    );
    expect(owa).toEqual({ URL: 'https://mail.rogertech.local/owa', Scenario: 'Logon', Result: 'Success' });
    expect(await lab.run('(Test-OwaConnectivity -ClientAccessServer EX02).Result')).toBe('Success');
    await lab.run('Set-LabActiveDirectory -TestCasConnectivityUser $false');
    expect((await lab.fail('Test-OwaConnectivity -ClientAccessServer EX02')).message).toContain('New-TestCasConnectivityUser.ps1');
    expect(await lab.run('(Test-Mailflow EX01 -TargetMailboxServer EX02).TestMailflowResult')).toBe('Success');
    await lab.run('Set-LabDatabase Staff -Mounted $false');
    expect(await lab.run('(Test-Mailflow EX01 -TargetMailboxServer EX02).TestMailflowResult')).toBe('*FAILURE*');
    expect(await lab.run('@(Test-ServiceHealth EX01).Count')).toBe(3);
  });
});

describe('parameter binding fails as real PowerShell does', () => {
  const unknown: [string, string][] = [
    ['Get-ExchangeServer', 'Get-ExchangeServer -Bogus 1'],
    ['Get-MailboxDatabase', 'Get-MailboxDatabase -Bogus 1'],
    ['Set-MailboxDatabase', 'Set-MailboxDatabase VIP -RpcClientAccessServers x'],
    ['New-ClientAccessArray', 'New-ClientAccessArray -Fqdn a.b -Site x -Members EX01'],
    ['Move-ActiveMailboxDatabase', 'Move-ActiveMailboxDatabase VIP -ActivatePreferredOnServer EX02'],
    ['Test-ReplicationHealth', 'Test-ReplicationHealth -DatabaseAvailabilityGroup PrimaryDAG'],
    ['Get-DatabaseAvailabilityGroup', 'Get-DatabaseAvailabilityGroup -Statuss'],
    ['Get-MailboxDatabaseCopyStatus', 'Get-MailboxDatabaseCopyStatus -UseServerCache'],
    ['Test-MAPIConnectivity', 'Test-MAPIConnectivity -IncludePassive'],
    ['Test-OutlookWebServices', 'Test-OutlookWebServices -AutoDiscoverServer EX01'],
  ];
  it.each(unknown)('%s rejects an unknown parameter', async (name, script) => {
    expect((await lab.fail(script)).fullyQualifiedErrorId).toBe(`NamedParameterNotFound,${name}`);
  });

  const missing: [string, string][] = [
    ['Set-MailboxDatabase', 'Set-MailboxDatabase -RpcClientAccessServer EX01'],
    ['New-ClientAccessArray', 'New-ClientAccessArray -Name CASArray -Site Default-First-Site-Name'],
    ['Set-ClientAccessArray', 'Set-ClientAccessArray -Fqdn a.rogertech.local'],
    ['Remove-ClientAccessArray', 'Remove-ClientAccessArray -Confirm:$false'],
    ['Move-ActiveMailboxDatabase', 'Move-ActiveMailboxDatabase -ActivateOnServer EX02'],
    ['Test-OwaConnectivity', 'Test-OwaConnectivity -URL https://mail.rogertech.local/owa'],
  ];
  it.each(missing)('%s fails on a missing mandatory parameter instead of prompting', async (name, script) => {
    const id = (await lab.fail(script)).fullyQualifiedErrorId;
    expect([`MissingMandatoryParameter,${name}`, `AmbiguousParameterSet,${name}`]).toContain(id);
  });

  it('rejects values outside a ValidateSet and ambiguous parameter sets', async () => {
    expect((await lab.fail('Move-ActiveMailboxDatabase VIP EX02 -MountDialOverride Sometimes -Confirm:$false')).fullyQualifiedErrorId).toBe(
      'ParameterArgumentValidationError,Move-ActiveMailboxDatabase',
    );
    expect((await lab.fail('Test-OutlookConnectivity -RpcTestType Cluster')).fullyQualifiedErrorId).toBe(
      'ParameterArgumentValidationError,Test-OutlookConnectivity',
    );
    expect((await lab.fail('Get-MailboxDatabase -Identity VIP -Server EX01')).fullyQualifiedErrorId).toBe(
      'AmbiguousParameterSet,Get-MailboxDatabase',
    );
  });
});
