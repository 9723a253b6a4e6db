// The scripts of the failover test: samples of who owns what, and the moves.
import { z } from 'zod';
import { asArray } from '../schemas';
import { ps, type StepScript } from '../../powershell/script';

export const sampleCluster: StepScript = {
  label: 'Read the role owner and the node states',
  runsOn: 'cluster',
  kind: 'probe',
  params: ['Name'],
  body: ps`
    param([string]$Name)
    $group = Get-ClusterGroup | Where-Object { $_.Name -eq $Name }
    New-Object PSObject -Property @{
        OwnerNode = [string]$group.OwnerNode; State = [string]$group.State
        Nodes = @(Get-ClusterNode | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; State = [string]$_.State } })
        Groups = @(Get-ClusterGroup | ForEach-Object { New-Object PSObject -Property @{ Name = [string]$_.Name; OwnerNode = [string]$_.OwnerNode } })
    }
  `,
};

export const sampleCopies: StepScript = {
  label: 'Read which database copies are active',
  runsOn: 'exchange',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    @(Get-MailboxDatabaseCopyStatus | ForEach-Object {
        New-Object PSObject -Property @{ Database = [string]$_.DatabaseName; Server = [string]$_.MailboxServer; Status = [string]$_.Status }
    })
  `,
};

export const pingArray: StepScript = {
  label: 'Check the array address answers',
  runsOn: 'local',
  kind: 'probe',
  params: ['Address'],
  body: ps`
    param([string]$Address)
    [bool](Test-Connection -ComputerName $Address -Count 1 -Quiet)
  `,
};

export const moveGroup: StepScript = {
  label: 'Move a cluster group to a node',
  runsOn: 'cluster',
  kind: 'apply',
  params: ['Name', 'Node'],
  timeoutSeconds: 180,
  body: ps`
    param([string]$Name, [string]$Node)
    $group = Move-ClusterGroup -Name $Name -Node $Node -Wait 120
    New-Object PSObject -Property @{ OwnerNode = [string]$group.OwnerNode; State = [string]$group.State }
  `,
};

export const moveDatabase: StepScript = {
  label: 'Activate a database copy on its original server',
  runsOn: 'exchange',
  kind: 'rollback',
  params: ['Database', 'Server'],
  timeoutSeconds: 300,
  body: ps`
    param([string]$Database, [string]$Server)
    Move-ActiveMailboxDatabase -Identity $Database -ActivateOnServer $Server -Confirm:$false | Out-Null
  `,
};

/** Lab only: what the admin does on real servers by disabling every NIC of the node. */
export const labNodeState: StepScript = {
  label: 'Lab: take a node down or bring it back (as if its NICs were disabled or enabled)',
  runsOn: 'local',
  kind: 'apply',
  params: ['Node', 'State'],
  body: ps`
    param([string]$Node, [string]$State)
    Set-LabNodeState -Node $Node -State $State | Out-Null
  `,
};

export const ClusterSampleSchema = z.object({
  OwnerNode: z.string(),
  State: z.string(),
  Nodes: z.array(z.object({ Name: z.string(), State: z.string() })),
  Groups: z.array(z.object({ Name: z.string(), OwnerNode: z.string() })),
});
export type ClusterSample = z.infer<typeof ClusterSampleSchema>;

export const CopiesSchema = asArray(z.object({ Database: z.string(), Server: z.string(), Status: z.string() }));
export type CopySample = z.infer<typeof CopiesSchema>;

export const MovedSchema = z.object({ OwnerNode: z.string(), State: z.string() });

/** Starts the workstation's background probe of the outage node and the array (lab/README.md, adapter
 *  contract): it keeps probing, at least every IntervalMs, between the wizard's round trips. */
export const startProbe: StepScript = {
  label: "Start the workstation's background probe of the node and the array",
  runsOn: 'local',
  kind: 'probe',
  params: ['Name', 'IntervalMs'],
  body: ps`
    param([string[]]$Name, [int]$IntervalMs)
    Start-ExhaProbe -Name $Name -IntervalMs $IntervalMs | Out-Null
  `,
};

export const receiveProbe: StepScript = {
  label: 'Read what the background probe heard',
  runsOn: 'local',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    Receive-ExhaProbe
  `,
};

export const stopProbe: StepScript = {
  label: 'Stop the background probe',
  runsOn: 'local',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    Stop-ExhaProbe
  `,
};

/** Lab only: the delays the lab simulates (its defaults included), so a lab timing can say what made it. */
export const labDelays: StepScript = {
  label: 'Lab: read the simulated delays',
  runsOn: 'local',
  kind: 'probe',
  params: [],
  body: ps`
    param()
    $state = Get-LabState
    $d = $state.lab.delays
    New-Object PSObject -Property @{ NodeLossDetection = [double]$d.nodeLossDetectionSeconds; GroupOnline = [double]$d.groupOnlineSeconds; DatabaseMount = [double]$d.databaseMountSeconds }
  `,
};

export const LabDelaysSchema = z.object({ NodeLossDetection: z.number(), GroupOnline: z.number(), DatabaseMount: z.number() });

export const ProbeSchema = z.object({
  Probes: z.number(),
  LastAt: z.string(),
  Changes: asArray(z.object({ Name: z.string(), Answering: z.boolean(), At: z.string() })),
});
export type ProbeReading = z.infer<typeof ProbeSchema>;

export const MailboxesSchema = asArray(z.string());

/** A mailbox to send the outage's test message to: one on the given database. */
export const mailboxOn: StepScript = {
  label: 'Find a mailbox to send the test message to',
  runsOn: 'exchange',
  kind: 'probe',
  params: ['Database'],
  body: ps`
    param([string]$Database)
    @(Get-Mailbox -Database $Database -ResultSize 1 | ForEach-Object { [string]$_.PrimarySmtpAddress })
  `,
};

/** The client's mail during the outage: a message submitted by SMTP to the surviving server from the
 *  workstation (as the admin, with the workstation's own credentials). Returns when it was submitted. */
export const sendTestMessage: StepScript = {
  label: 'Send a test message through the surviving server',
  runsOn: 'local',
  kind: 'verify',
  params: ['SmtpServer', 'To', 'Subject'],
  body: ps`
    param([string]$SmtpServer, [string]$To, [string]$Subject)
    $at = [DateTime]::UtcNow
    Send-MailMessage -SmtpServer $SmtpServer -From $To -To $To -Subject $Subject -Body 'Sent by Exchange HA Wizard during its failover test, while a node was down. It can be deleted.'
    $done = [DateTime]::UtcNow
    $at.AddTicks([long](($done - $at).Ticks / 2)).ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
  `,
};

/** One round trip per timeline tick: the cluster (through the cluster session), the copies, a MAPI logon to
 *  each mounted database (Exchange, through the surviving server), and what the workstation's background
 *  probe heard meanwhile. */
export const sampleOutage: StepScript = {
  label: 'Sample the outage: role owner, node states, active copies, MAPI logons, what the probe heard',
  runsOn: 'local',
  kind: 'verify',
  params: ['Name', 'Subject', 'MailServer'],
  // A tick that hangs (a session whose server went away) becomes a gap on the timeline after this, not a
  // minute of nothing.
  timeoutSeconds: 20,
  body: [
    'param([string]$Name, [string]$Subject, [string]$MailServer)',
    // Each part is stamped with the middle of its own call (workstation clock, like the probe's): a tick of
    // several calls then says when each thing was seen, not when the whole tick ended.
    "function Get-ExhaMidpoint([datetime]$From) { $to = [DateTime]::UtcNow; $From.AddTicks([long](($to - $From).Ticks / 2)).ToString('yyyy-MM-ddTHH:mm:ss.fffZ') }",
    '$at = [DateTime]::UtcNow',
    '$cluster = Invoke-ExhaCluster -ArgumentList @($Name) -ScriptBlock {',
    sampleCluster.body,
    '}',
    '$clusterAt = Get-ExhaMidpoint $at',
    '$at = [DateTime]::UtcNow',
    '$copies = & {',
    sampleCopies.body,
    '}',
    '$copiesAt = Get-ExhaMidpoint $at',
    // Only a mounted database can take a logon; trying the others would wait out the cmdlet's timeout.
    "$logon = @($copies | Where-Object { $_.Status -eq 'Mounted' } | ForEach-Object {",
    '    $db = $_.Database',
    '    $ok = $false',
    '    $at = [DateTime]::UtcNow',
    "    try { $ok = [string](@(Test-MAPIConnectivity -Database $db -ErrorAction SilentlyContinue)[0].Result) -eq 'Success' } catch { $ok = $false }",
    '    New-Object PSObject -Property @{ Database = $db; Ok = [bool]$ok; At = (Get-ExhaMidpoint $at) }',
    '})',
    // The test message: delivered once the message tracking log of the surviving server has its DELIVER event.
    '$mail = $null',
    'if ($Subject) {',
    '    $at = [DateTime]::UtcNow',
    '    $found = @(Get-MessageTrackingLog -Server $MailServer -EventId DELIVER -MessageSubject $Subject -Start ([DateTime]::Now.AddHours(-2)) -ErrorAction SilentlyContinue)',
    '    $mail = New-Object PSObject -Property @{ Delivered = ($found.Count -gt 0); At = (Get-ExhaMidpoint $at) }',
    '}',
    '$heard = Receive-ExhaProbe',
    'New-Object PSObject -Property @{ Cluster = $cluster; ClusterAt = $clusterAt; Copies = @($copies); CopiesAt = $copiesAt; Logon = $logon; Mail = $mail; Probe = $heard }',
  ].join('\n'),
};

export const OutageSampleSchema = z.object({
  Cluster: ClusterSampleSchema,
  ClusterAt: z.string(),
  Copies: CopiesSchema,
  CopiesAt: z.string(),
  Logon: asArray(z.object({ Database: z.string(), Ok: z.boolean(), At: z.string() })),
  Mail: z.object({ Delivered: z.boolean(), At: z.string() }).nullable(),
  Probe: ProbeSchema,
});
export type OutageSample = z.infer<typeof OutageSampleSchema>;
