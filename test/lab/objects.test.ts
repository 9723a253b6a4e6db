// The lab's objects as the servers return them (before any remoting boundary deserializes them): real
// type names, .NET enums, ADObjectId identities, key/value pairs, ToString() as the real objects,
// pipeline binding by object kind, the documented parameters (and only those), and a DAG health
// script written for real Exchange 2010 reading the right values.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LAB_MODULE, type LabSession, startLabSession } from './lab-session';

let lab: LabSession;
beforeAll(async () => {
  lab = await startLabSession();
});
afterAll(async () => {
  await lab.dispose();
});
beforeEach(async () => {
  await lab.reset();
});

/**
 * The documented parameters of every cmdlet the lab plays (common parameters left out; -WhatIf and
 * -Confirm in where the documentation lists them). This table is the documented truth:
 * - Exchange: the parameters whose "Applicable" line includes Exchange Server 2010 in
 *   MicrosoftDocs/office-docs-powershell @ 93336da2, exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
 *   (the same source and commit as ../shared/reference/cmdlets.md).
 * - FailoverClusters: the Windows Server 2008 R2 syntax (TechNet pages listed in cmdlets.md §2.2), plus
 *   the two later additions lab/README.md declares (Set-ClusterParameter -Multiple of 2012, Remove-ClusterGroup
 *   -WhatIf/-Confirm of 2012 R2). Get-ClusterNetwork and Get-ClusterResourceDependency: the 2012 pages.
 * - Test-Connection and Send-MailMessage: the PowerShell 2.0 syntax (TechNet dd315259; Send-MailMessage had
 *   no -Port before 3.0).
 * - Get-MessageTrackingLog: the Exchange 2010 syntax (that of 2007; -NetworkMessageId, -Source and
 *   -TransportTrafficType came with 2013).
 */
const DOCUMENTED: Record<string, string[]> = {
  'Get-ExchangeServer': ['Identity', 'Domain', 'DomainController', 'Status'],
  'Get-ADSite': ['Identity', 'DomainController'],
  'Get-DatabaseAvailabilityGroup': ['Identity', 'DomainController', 'Status'],
  'Get-MailboxServer': ['Identity', 'DomainController', 'Status'],
  'Get-MailboxDatabase': ['Identity', 'Server', 'DomainController', 'DumpsterStatistics', 'IncludePreExchange2010', 'Status'],
  'Set-MailboxDatabase': [
    'Identity',
    'AllowFileRestore',
    'BackgroundDatabaseMaintenance',
    'CircularLoggingEnabled',
    'Confirm',
    'DataMoveReplicationConstraint',
    'DeletedItemRetention',
    'DomainController',
    'EventHistoryRetentionPeriod',
    'IndexEnabled',
    'IsExcludedFromProvisioning',
    'IssueWarningQuota',
    'IsSuspendedFromProvisioning',
    'JournalRecipient',
    'MailboxRetention',
    'MaintenanceSchedule',
    'MountAtStartup',
    'Name',
    'OfflineAddressBook',
    'ProhibitSendQuota',
    'ProhibitSendReceiveQuota',
    'PublicFolderDatabase',
    'QuotaNotificationSchedule',
    'RecoverableItemsQuota',
    'RecoverableItemsWarningQuota',
    'RetainDeletedItemsUntilBackup',
    'RpcClientAccessServer',
    'WhatIf',
  ],
  'Get-OwaVirtualDirectory': ['Identity', 'Server', 'ADPropertiesOnly', 'DomainController'],
  'Get-MailboxDatabaseCopyStatus': ['Identity', 'Server', 'Active', 'ConnectionStatus', 'DomainController', 'Local', 'ExtendedErrorInfo'],
  'Move-ActiveMailboxDatabase': [
    'Identity',
    'Server',
    'ActivateOnServer',
    'Confirm',
    'DomainController',
    'MountDialOverride',
    'MoveComment',
    'SkipActiveCopyChecks',
    'SkipClientExperienceChecks',
    'SkipHealthChecks',
    'SkipLagChecks',
    'TerminateOnWarning',
    'WhatIf',
  ],
  'Test-ReplicationHealth': [
    'Identity',
    'ActiveDirectoryTimeout',
    'Confirm',
    'DomainController',
    'MonitoringContext',
    'OutputObjects',
    'TransientEventSuppressionWindow',
    'WhatIf',
  ],
  'Get-ClientAccessArray': ['Identity', 'DomainController', 'Site'],
  'New-ClientAccessArray': ['Name', 'Fqdn', 'Site', 'Confirm', 'DomainController', 'WhatIf'],
  'Set-ClientAccessArray': ['Identity', 'Confirm', 'DomainController', 'Fqdn', 'Name', 'Site', 'WhatIf'],
  'Remove-ClientAccessArray': ['Identity', 'Confirm', 'DomainController', 'WhatIf'],
  'Get-ClientAccessServer': [
    'Identity',
    'DomainController',
    'IncludeAlternateServiceAccountCredentialPassword',
    'IncludeAlternateServiceAccountCredentialStatus',
  ],
  'Get-Mailbox': [
    'Identity',
    'Anr',
    'Arbitration',
    'Archive',
    'Credential',
    'Database',
    'DomainController',
    'Filter',
    'IgnoreDefaultScope',
    'OrganizationalUnit',
    'ReadFromDomainController',
    'RecipientTypeDetails',
    'RemoteArchive',
    'ResultSize',
    'Server',
    'SortBy',
  ],
  'Test-MAPIConnectivity': [
    'Identity',
    'Database',
    'ActiveDirectoryTimeout',
    'AllConnectionsTimeout',
    'Archive',
    'Confirm',
    'DomainController',
    'MonitoringContext',
    'PerConnectionTimeout',
    'Server',
    'WhatIf',
  ],
  'Test-OutlookConnectivity': [
    'Identity',
    'GetDefaultsFromAutodiscover',
    'Protocol',
    'RpcTestType',
    'WSTestType',
    'Archive',
    'Confirm',
    'MailboxCredential',
    'MonitoringContext',
    'RpcAuthenticationType',
    'RpcClientAccessServer',
    'RpcProxyAuthenticationType',
    'RpcProxyServer',
    'RpcProxyTestType',
    'TotalTimeoutInMinutes',
    'TrustAnySslCert',
    'WhatIf',
  ],
  'Test-OutlookWebServices': [
    'Identity',
    'ClientAccessServer',
    'Confirm',
    'DomainController',
    'MonitoringContext',
    'TargetAddress',
    'WhatIf',
  ],
  'Test-OwaConnectivity': [
    'ClientAccessServer',
    'URL',
    'MailboxCredential',
    'AllowUnsecureAccess',
    'Confirm',
    'DomainController',
    'LightMode',
    'MailboxServer',
    'MonitoringContext',
    'ResetTestAccountCredentials',
    'RSTEndpoint',
    'TestType',
    'Timeout',
    'TrustAnySSLCertificate',
    'VirtualDirectoryName',
    'WhatIf',
  ],
  'Test-Mailflow': [
    'Identity',
    'AutoDiscoverTargetMailboxServer',
    'CrossPremises',
    'TargetDatabase',
    'TargetEmailAddress',
    'TargetMailboxServer',
    'ActiveDirectoryTimeout',
    'Confirm',
    'CrossPremisesExpirationTimeout',
    'CrossPremisesPendingErrorCount',
    'DomainController',
    'ErrorLatency',
    'ExecutionTimeout',
    'MonitoringContext',
    'TargetEmailAddressDisplayName',
    'WhatIf',
  ],
  'Test-ServiceHealth': ['Server', 'ActiveDirectoryTimeout', 'Confirm', 'DomainController', 'MonitoringContext', 'WhatIf'],
  'Get-Cluster': ['Name', 'Domain'],
  'Get-ClusterNode': ['InputObject', 'Name', 'Cluster'],
  'Get-ClusterNetwork': ['InputObject', 'Name', 'Cluster'],
  'Get-ClusterGroup': ['InputObject', 'Name', 'Cluster'],
  'Get-ClusterResource': ['InputObject', 'Name', 'Cluster'],
  'Get-ClusterParameter': ['InputObject', 'Name', 'Cluster'],
  'Set-ClusterParameter': ['InputObject', 'Name', 'Value', 'Cluster', 'Create', 'Delete', 'Multiple'],
  'Add-ClusterGroup': ['InputObject', 'Name', 'Cluster'],
  'Add-ClusterResource': ['InputObject', 'Name', 'ResourceType', 'Group', 'Cluster'],
  'Add-ClusterResourceDependency': ['InputObject', 'Resource', 'Provider', 'Cluster'],
  'Get-ClusterResourceDependency': ['InputObject', 'Resource', 'Cluster'],
  'Add-ClusterServerRole': ['InputObject', 'Name', 'Cluster', 'IgnoreNetwork', 'StaticAddress', 'Storage', 'Wait'],
  'Start-ClusterGroup': ['InputObject', 'Name', 'Cluster', 'Wait'],
  'Stop-ClusterGroup': ['InputObject', 'Name', 'Cluster', 'Wait'],
  'Move-ClusterGroup': ['InputObject', 'Name', 'Node', 'Cluster', 'Wait'],
  'Remove-ClusterGroup': ['InputObject', 'Name', 'Cluster', 'Force', 'RemoveResources', 'WhatIf', 'Confirm'],
  'Test-Cluster': ['InputObject', 'Node', 'Cluster', 'Ignore', 'Include', 'List', 'ReportName'],
  'Get-MessageTrackingLog': [
    'DomainController',
    'End',
    'EventId',
    'InternalMessageId',
    'MessageId',
    'MessageSubject',
    'Recipients',
    'Reference',
    'ResultSize',
    'Sender',
    'Server',
    'Start',
  ],
  'Send-MailMessage': [
    'Attachments',
    'Bcc',
    'Body',
    'BodyAsHtml',
    'Cc',
    'Credential',
    'DeliveryNotificationOption',
    'Encoding',
    'From',
    'Priority',
    'SmtpServer',
    'Subject',
    'To',
    'UseSsl',
  ],
  'Test-Connection': [
    'ComputerName',
    'Source',
    'AsJob',
    'Authentication',
    'BufferSize',
    'Count',
    'Credential',
    'Delay',
    'Impersonation',
    'Quiet',
    'ThrottleLimit',
    'TimeToLive',
  ],
};

describe('parameters', () => {
  it('every lab cmdlet has exactly the documented parameters (0 differences)', async () => {
    const actual = await lab.run<Record<string, string[]>>(String.raw`
      $common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @('UseTransaction')
      $out = @{}
      foreach ($c in @(Get-Command -Module ExchangeLab | Where-Object { $_.Noun -notlike 'Exha*' -and $_.Noun -notlike 'Lab*' -and $_.Name -ne 'Use-LabState' -and $_.Name -ne 'Reset-Lab' })) {
          $out[$c.Name] = @($c.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
      }
      $out`);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    const differences = Object.entries(DOCUMENTED).flatMap(([name, documented]) => {
      const has = new Set(actual[name] ?? []);
      const doc = new Set(documented);
      return [
        ...[...has].filter((p) => !doc.has(p)).map((p) => `${name} has -${p}, which the documentation does not list`),
        ...[...doc].filter((p) => !has.has(p)).map((p) => `${name} lacks the documented -${p}`),
      ];
    });
    expect(differences).toEqual([]);
  });

  it('Test-ReplicationHealth takes -WhatIf (nothing runs) and -Confirm:$false', async () => {
    expect(await lab.run('Test-ReplicationHealth EX01 -WhatIf')).toBeNull();
    expect(await lab.run('@(Test-ReplicationHealth EX01 -Confirm:$false).Count')).toBe(15);
  });

  it('Test-OutlookConnectivity refuses the parameters only Exchange 2013+ has', async () => {
    for (const p of [
      '-ClientAccessServer EX01',
      '-MailboxId Administrator',
      '-Timeout 5',
      '-Hostname x',
      '-TrustAnySSLCertificate',
      '-DomainController DC01',
    ]) {
      const err = await lab.fail(`Test-OutlookConnectivity -RpcTestType Server ${p}`);
      expect(err.fullyQualifiedErrorId).toMatch(/^NamedParameterNotFound/);
    }
    expect(await lab.run('@(Test-OutlookConnectivity -GetDefaultsFromAutodiscover $true -RpcProxyServer EX02).Count')).toBe(2);
  });
});

describe('enums and type names (server side)', () => {
  it("state properties are .NET enums under Microsoft's type names", async () => {
    const types = await lab.run<Record<string, string>>(String.raw`
      $copy = Get-MailboxDatabaseCopyStatus 'VIP\EX01'
      $mbx = Get-MailboxServer EX01
      $net = Get-ClusterNetwork 'Cluster Network 1'
      $res = Get-ClusterResource 'Cluster IP Address'
      @{
          CopyStatus = $copy.Status.GetType().FullName + '=' + $copy.Status
          ContentIndexState = $copy.ContentIndexState.GetType().FullName + '=' + $copy.ContentIndexState
          ServerRole = (Get-ExchangeServer EX01).ServerRole.GetType().FullName + '=' + (Get-ExchangeServer EX01).ServerRole
          MountDial = $mbx.AutoDatabaseMountDial.GetType().FullName + '=' + $mbx.AutoDatabaseMountDial
          Policy = $mbx.DatabaseCopyAutoActivationPolicy.GetType().FullName + '=' + $mbx.DatabaseCopyAutoActivationPolicy
          Node = (Get-ClusterNode EX01).State.GetType().FullName + '=' + (Get-ClusterNode EX01).State
          Group = (Get-ClusterGroup 'Cluster Group').State.GetType().FullName + '=' + (Get-ClusterGroup 'Cluster Group').State
          Resource = $res.State.GetType().FullName + '=' + $res.State
          NetworkRole = $net.Role.GetType().FullName + '=' + $net.Role + '=' + [int]$net.Role
          NetworkState = $net.State.GetType().FullName + '=' + $net.State
          IsEnum = [string](@($copy.Status, $copy.ContentIndexState, $mbx.AutoDatabaseMountDial, $net.Role, $res.State) | ForEach-Object { $_ -is [enum] })
      }`);
    expect(types).toEqual({
      CopyStatus: 'Microsoft.Exchange.Management.SystemConfigurationTasks.CopyStatus=Mounted',
      ContentIndexState: 'Microsoft.Exchange.Management.SystemConfigurationTasks.ContentIndexStatusType=Healthy',
      ServerRole: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ServerRole=Mailbox, ClientAccess, HubTransport',
      MountDial: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.AutoDatabaseMountDial=GoodAvailability',
      Policy: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseCopyAutoActivationPolicyType=Unrestricted',
      Node: 'Microsoft.FailoverClusters.PowerShell.ClusterNodeState=Up',
      Group: 'Microsoft.FailoverClusters.PowerShell.ClusterGroupState=Online',
      Resource: 'Microsoft.FailoverClusters.PowerShell.ClusterResourceState=Online',
      NetworkRole: 'Microsoft.FailoverClusters.PowerShell.ClusterNetworkRole=ClusterAndClient=3',
      NetworkState: 'Microsoft.FailoverClusters.PowerShell.ClusterNetworkState=Up',
      IsEnum: 'True True True True True',
    });
    // ServerRole is a flags enum: a role test by bit works as on a server.
    expect(
      await lab.run(
        '[bool]((Get-ExchangeServer EX01).ServerRole -band [Microsoft.Exchange.Data.Directory.SystemConfiguration.ServerRole]::ClientAccess)',
      ),
    ).toBe(true);
  });

  it('objects carry the real type names, without the Deserialized. prefix a remoting boundary adds', async () => {
    const names = await lab.run<string[]>(String.raw`
      @((Get-ExchangeServer EX01), (Get-MailboxDatabase VIP), (Get-MailboxDatabaseCopyStatus 'VIP\EX01'), (Get-DatabaseAvailabilityGroup),
        (Get-MailboxServer EX01), (Get-ClusterNode EX01), (Get-ClusterGroup 'Cluster Group'), (Get-ClusterResource 'Cluster Name')) |
        ForEach-Object { $_.PSObject.TypeNames[0] }`);
    expect(names).toEqual([
      'Microsoft.Exchange.Data.Directory.Management.ExchangeServer',
      'Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase',
      'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseCopyStatusEntry',
      'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseAvailabilityGroup',
      'Microsoft.Exchange.Data.Directory.Management.MailboxServer',
      'Microsoft.FailoverClusters.PowerShell.ClusterNode',
      'Microsoft.FailoverClusters.PowerShell.ClusterGroup',
      'Microsoft.FailoverClusters.PowerShell.ClusterResource',
    ]);
    expect(await lab.run('(Get-MailboxDatabase VIP).Server.GetType().FullName')).toBe('Microsoft.Exchange.Data.Directory.ADObjectId');
  });
});

describe('text of the objects', () => {
  it('every object kind formats as its name or identity, in a string and by a cast, in the same process', async () => {
    const text = await lab.run<Record<string, string>>(String.raw`
      Add-ClusterServerRole -Name CASArray -StaticAddress 192.168.0.110 -IgnoreNetwork 'Cluster Network 2' | Out-Null
      New-ClientAccessArray -Fqdn CASArray.rogertech.local -Site Default-First-Site-Name | Out-Null
      $objects = [ordered]@{
          ExchangeServer = Get-ExchangeServer EX01
          ADSite = Get-ADSite
          Dag = Get-DatabaseAvailabilityGroup -Status
          MailboxServer = Get-MailboxServer EX02
          MailboxDatabase = Get-MailboxDatabase VIP
          CopyStatus = Get-MailboxDatabaseCopyStatus 'Staff\EX01'
          ClientAccessArray = Get-ClientAccessArray
          ClientAccessServer = Get-ClientAccessServer EX01
          Mailbox = @(Get-Mailbox)[0]
          Server = (Get-MailboxDatabase VIP).Server
          Site = (Get-ExchangeServer EX01).Site
          PrimaryActiveManager = (Get-DatabaseAvailabilityGroup -Status).PrimaryActiveManager
          MountedOnServer = (Get-MailboxDatabase Staff -Status).MountedOnServer
          Member = @((Get-ClientAccessArray).Members)[1]
          Cluster = Get-Cluster
          ClusterNode = Get-ClusterNode EX02
          ClusterNetwork = Get-ClusterNetwork 'Cluster Network 2'
          ClusterGroup = Get-ClusterGroup CASArray
          ClusterResource = Get-ClusterResource 'IP Address 192.168.0.110'
          OwnerNode = (Get-ClusterGroup CASArray).OwnerNode
          OwnerGroup = (Get-ClusterResource 'IP Address 192.168.0.110').OwnerGroup
      }
      $out = [ordered]@{}
      foreach ($k in $objects.Keys) {
          $o = $objects[$k]
          $interpolated = "$o"
          $cast = [string]$o
          $out[$k] = $(if ($interpolated -eq $cast) { $cast } else { "MISMATCH: '$interpolated' vs '$cast'" })
      }
      New-Object PSObject -Property $out`);
    expect(text).toEqual({
      ExchangeServer: 'EX01',
      ADSite: 'Default-First-Site-Name',
      Dag: 'PrimaryDAG',
      MailboxServer: 'EX02',
      MailboxDatabase: 'VIP',
      CopyStatus: 'Staff\\EX01',
      ClientAccessArray: 'CASArray',
      ClientAccessServer: 'EX01',
      Mailbox: 'Administrator',
      Server: 'EX01',
      Site: 'rogertech.local/Configuration/Sites/Default-First-Site-Name',
      PrimaryActiveManager: 'EX01',
      MountedOnServer: 'EX02',
      Member: 'EX02',
      Cluster: 'PrimaryDAG',
      ClusterNode: 'EX02',
      ClusterNetwork: 'Cluster Network 2',
      ClusterGroup: 'CASArray',
      ClusterResource: 'IP Address 192.168.0.110',
      OwnerNode: 'EX01',
      OwnerGroup: 'CASArray',
    });
  });

  it('identities have Name, DistinguishedName and ObjectGuid', async () => {
    expect(
      await lab.run<Record<string, unknown>>(String.raw`
      $id = (Get-MailboxDatabase VIP).Server
      New-Object PSObject -Property ([ordered]@{ Name = $id.Name; Dn = $id.DistinguishedName; Guid = [string]$id.ObjectGuid; SiteName = (Get-ExchangeServer EX01).Site.Name })`),
    ).toEqual({
      Name: 'EX01',
      Dn: 'CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=rogertech,DC=local',
      Guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SiteName: 'Default-First-Site-Name',
    });
  });

  it('ActivationPreference is a list of key/value pairs: .Key a server identity with .Name, .Value an int', async () => {
    expect(
      await lab.run<string[]>(String.raw`
      (Get-MailboxDatabase Staff).ActivationPreference | ForEach-Object { $_.Key.Name + '=' + $_.Value + ' ' + $_.Value.GetType().Name + ' ' + $_ }`),
    ).toEqual(['EX02=1 Int32 [EX02, 1]', 'EX01=2 Int32 [EX01, 2]']);
    expect(
      await lab.run<string[]>(String.raw`(Get-MailboxDatabase VIP).ReplayLagTimes | ForEach-Object { $_.Key.Name + '=' + $_.Value }`),
    ).toEqual(['EX01=00:00:00', 'EX02=00:00:00']);
  });

  it('Get-MailboxDatabase -Status fills Mounted and MountedOnServer; without -Status they are $null', async () => {
    expect(await lab.run('$db = Get-MailboxDatabase VIP; $null -eq $db.Mounted -and $null -eq $db.MountedOnServer')).toBe(true);
    expect(await lab.run("$db = Get-MailboxDatabase VIP -Status; [string]$db.Mounted + ' ' + $db.MountedOnServer.Name")).toBe('True EX01');
  });
});

describe('pipeline binding by object kind', () => {
  it('Get-MailboxServer | Get-MailboxDatabaseCopyStatus binds -Server; a database or a copy binds -Identity', async () => {
    expect(await lab.run<string[]>('Get-MailboxServer EX02 | Get-MailboxDatabaseCopyStatus | ForEach-Object { [string]$_ }')).toEqual([
      'VIP\\EX02',
      'Mailbox Database 01\\EX02',
      'Staff\\EX02',
    ]);
    expect(await lab.run<string[]>('Get-MailboxDatabase Staff | Get-MailboxDatabaseCopyStatus | ForEach-Object { [string]$_ }')).toEqual([
      'Staff\\EX02',
      'Staff\\EX01',
    ]);
    expect(
      await lab.run<string[]>("Get-MailboxDatabaseCopyStatus 'VIP\\EX02' | Get-MailboxDatabaseCopyStatus | ForEach-Object { [string]$_ }"),
    ).toBe('VIP\\EX02');
    expect(await lab.run("'Staff' | Get-MailboxDatabaseCopyStatus -Active | ForEach-Object { [string]$_ }")).toBe('Staff\\EX02');
  });

  it('Get-MailboxServer | Get-MailboxDatabase binds -Server; Get-Mailbox | Test-MAPIConnectivity binds -Identity', async () => {
    expect(await lab.run('@(Get-ExchangeServer EX01 | Get-MailboxDatabase).Count')).toBe(3);
    expect(
      await lab.run("Get-Mailbox Administrator | Test-MAPIConnectivity | ForEach-Object { [string]$_.Database + ' ' + $_.Result }"),
    ).toBe('VIP Success');
  });

  it('a deserialized object (as one arrives from a remoting boundary) binds the same way', async () => {
    expect(
      await lab.run<string[]>(String.raw`
      $bag = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-MailboxServer EX01), 1))
      $bag.PSObject.TypeNames[0]
      $bag | Get-MailboxDatabaseCopyStatus -Active | ForEach-Object { [string]$_ }`),
    ).toEqual(['Deserialized.Microsoft.Exchange.Data.Directory.Management.MailboxServer', 'VIP\\EX01', 'Mailbox Database 01\\EX01']);
  });

  it('an object of another kind does not bind', async () => {
    const err = await lab.fail('Get-ClientAccessServer EX01 | Get-MailboxDatabaseCopyStatus');
    expect(err.message).toContain('input object cannot be bound');
  });
});

describe('across a real remoting boundary (a background job is a PSRP session)', () => {
  it("Exchange's values cross as text, as a workstation without the Exchange tools receives them; .NET values keep their type", async () => {
    expect(
      await lab.run<string[]>(
        String.raw`
      param($Module, $State)
      $job = Start-Job -ArgumentList $Module, $State -ScriptBlock {
          param($Module, $State)
          Import-Module $Module; Use-LabState -Path $State
          Get-MailboxDatabase VIP -Status; Get-MailboxDatabaseCopyStatus 'VIP\EX01'; Get-DatabaseAvailabilityGroup
      }
      $r = @(Receive-Job $job -Wait -AutoRemoveJob)
      $db = $r[0]; $copy = $r[1]; $dag = $r[2]
      $db.PSObject.TypeNames[0]
      "$db on $($db.Server) ($($db.Server.GetType().Name)), preference $(@($db.ActivationPreference) -join ' '), copies $(@($db.DatabaseCopies) -join ', ')"
      "master $($db.MasterServerOrAvailabilityGroup -eq $dag.Name), members $($dag.Servers.GetType().Name) $(@($dag.Servers) -join ',')"
      "$copy " + ($copy.Status -eq 'Mounted') + ' ' + $copy.ActivationPreference.GetType().Name + ' ' + $copy.CopyQueueLength.GetType().Name + ' ' + $db.Guid.GetType().Name + ' ' + $db.Mounted.GetType().Name`,
        { Module: LAB_MODULE, State: lab.statePath },
      ),
    ).toEqual([
      'Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase',
      'VIP on EX01 (String), preference [EX01, 1] [EX02, 2], copies VIP\\EX01, VIP\\EX02',
      'master True, members ArrayList EX01,EX02',
      'VIP\\EX01 True Int32 Int64 Guid Boolean',
    ]);
  });
});

describe('a DAG health script written for real Exchange 2010', () => {
  // PowerShell 2.0 syntax, the shapes an Exchange 2010 server returns (run here in the server's process).
  const HEALTH = String.raw`
    $lines = @()
    $dag = Get-DatabaseAvailabilityGroup -Status
    $lines += "$dag" + ': ' + @($dag.Servers).Count + ' servers (' + (@($dag.Servers | ForEach-Object { $_.Name }) -join ', ') + '), operational ' + (@($dag.OperationalServers) -join ', ') + ', PAM ' + $dag.PrimaryActiveManager
    foreach ($db in @(Get-MailboxDatabase -Status)) {
        $copies = @(Get-MailboxDatabaseCopyStatus -Identity $db)
        $prefs = @($db.ActivationPreference | ForEach-Object { $_.Key.Name + ':' + $_.Value }) -join ' '
        $bad = @($copies | Where-Object { @('Mounted', 'Healthy') -notcontains [string]$_.Status })
        $lines += "$db mounted on $($db.MountedOnServer), $($copies.Count) copies, preference $prefs, unhealthy $($bad.Count)"
    }
    foreach ($server in @(Get-MailboxServer)) {
        $queue = 0
        Get-MailboxServer $server | Get-MailboxDatabaseCopyStatus | ForEach-Object { $queue += $_.CopyQueueLength }
        $lines += "$server" + ': copy queue ' + $queue + ', mount dial ' + $server.AutoDatabaseMountDial
    }
    $lines`;

  it('reads the right values', async () => {
    expect(await lab.run<string[]>(HEALTH)).toEqual([
      'PrimaryDAG: 2 servers (EX01, EX02), operational EX01, EX02, PAM EX01',
      'VIP mounted on EX01, 2 copies, preference EX01:1 EX02:2, unhealthy 0',
      'Mailbox Database 01 mounted on EX01, 2 copies, preference EX01:1 EX02:2, unhealthy 0',
      'Staff mounted on EX02, 2 copies, preference EX02:1 EX01:2, unhealthy 0',
      'EX01: copy queue 0, mount dial GoodAvailability',
      'EX02: copy queue 1, mount dial GoodAvailability',
    ]);
  });

  it('sees a failover', async () => {
    await lab.run('Set-LabNodeState EX01 Down');
    const lines = await lab.run<string[]>(HEALTH);
    expect(lines[0]).toBe('PrimaryDAG: 2 servers (EX01, EX02), operational EX02, PAM EX02');
    expect(lines[1]).toBe('VIP mounted on EX02, 2 copies, preference EX01:1 EX02:2, unhealthy 1');
  });
});
