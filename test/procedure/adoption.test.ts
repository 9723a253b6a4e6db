// A setup started by hand, built in the lab with the write-up's own cmdlets, is recognised at Connect,
// adopted and completed; its rollback leaves what was found. A database pointing at an array removed
// long ago rolls back to its active server instead of stopping the rollback.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { labControl } from '../helpers/lab-control';
import { driveTo, labWizard, startLab, type LabWizard } from '../helpers/wizard';

/** What an admin following the write-up by hand typed before stopping: the role, the array, one database of three. */
export const HAND_STARTED = `
Invoke-ExhaCluster -ArgumentList 'CASArray', '192.168.0.110', '255.255.255.0', 'Cluster Network 1' -ScriptBlock {
    param($Name, $Ip, $Mask, $Net)
    Add-ClusterGroup -Name $Name | Out-Null
    Add-ClusterResource -Name "IP Address $Ip" -ResourceType 'IP Address' -Group $Name | Out-Null
    $r = Get-ClusterResource "IP Address $Ip"
    $r | Set-ClusterParameter -Name Address -Value $Ip
    $r | Set-ClusterParameter -Name SubnetMask -Value $Mask
    $r | Set-ClusterParameter -Name Network -Value $Net
    $r | Set-ClusterParameter -Name EnableDhcp -Value 0
    Add-ClusterResource -Name $Name -ResourceType 'Network Name' -Group $Name | Out-Null
    Get-ClusterResource $Name | Set-ClusterParameter -Name Name -Value $Name
    Add-ClusterResourceDependency -Resource $Name -Provider "IP Address $Ip" | Out-Null
    try { Start-ClusterGroup $Name -ErrorAction Stop | Out-Null } catch { }
}
New-ClientAccessArray -Name CASArray -Fqdn CASArray.rogertech.local -Site Default-First-Site-Name | Out-Null
Set-MailboxDatabase VIP -RpcClientAccessServer CASArray.rogertech.local
`;

interface LabFile {
  cluster: { groups: { name: string; isCoreGroup: boolean }[]; resources: { name: string; group: string; state: string }[] };
  clientAccessArrays: { name: string; fqdn: string }[];
  databases: { name: string; rpcClientAccessServer: string; activeServer: string }[];
  activeDirectory: { computers: { name: string; enabled: boolean }[] };
}

// The hand-made preparation runs in one plain pwsh with the lab module for the whole file (the lab plays the
// same cmdlets in-process, on the same state file): no engine session and no lab servers just to type them.
const control = labControl();
afterAll(async () => {
  await control.dispose();
});

/** A lab prepared by hand before the wizard starts (the run does not reset it). */
async function preparedLab(script: string): Promise<LabWizard> {
  const stateDir = mkdtempSync(join(tmpdir(), 'exha-adopt-'));
  const labState = join(stateDir, 'lab-state.json');
  await control.run(labState, script);
  return labWizard({ stateDir, labFreshStart: false });
}

let current: LabWizard | null = null;
afterEach(async () => {
  await current?.dispose();
  current = null;
});

describe('a setup started by hand', () => {
  it('is shown piece by piece, adopted, completed with one group, one array and every database, and its rollback leaves what was found', async () => {
    // The computer-object right was missing: the Network Name failed, as the admins saw it.
    const w = (current = await preparedLab(`Set-LabActiveDirectory -CnoCanCreateComputerObjects $false\n${HAND_STARTED}`));
    const connected = await startLab(w.host);
    const found = connected.site?.found;
    expect(found?.groups.map((g) => [g.name, g.ipAddress?.state, g.networkName?.state])).toEqual([['CASArray', 'Online', 'Failed']]);
    expect(found?.array?.fqdn).toBe('CASArray.rogertech.local');
    expect(found?.pointed).toEqual(['VIP']);

    const preflight = await driveTo(w.host, 'preflight');
    const check = preflight.preflight?.find((c) => c.id === 'found');
    expect(check?.status).toBe('warn');
    expect(check?.evidence).toMatch(/Network Name CASArray: BROKEN - Failed.*Access is denied/s);
    expect(check?.evidence).toContain('1 of 3 (VIP)');
    expect(check?.fix).toMatch(/Create Computer objects/);
    expect(preflight.preflight?.find((c) => c.id === 'casarray')?.status).toBe('pass');
    expect(preflight.inputs).toEqual({ name: 'CASArray', address: '192.168.0.110', network: 'Cluster Network 1' });

    // The admin fixes the right (the one missing piece); the wizard then brings the name online and does the rest.
    await control.run(w.labState, 'Set-LabActiveDirectory -CnoCanCreateComputerObjects $true');
    const done = await driveTo(w.host);
    expect(done.error).toBeNull();
    expect(done.current).toBe('complete');
    const lab = w.readLab() as unknown as LabFile;
    expect(lab.cluster.groups.filter((g) => !g.isCoreGroup).map((g) => g.name)).toEqual(['CASArray']);
    expect(
      lab.cluster.resources
        .filter((r) => r.group === 'CASArray')
        .map((r) => `${r.name}:${r.state}`)
        .sort(),
    ).toEqual(['CASArray:Online', 'IP Address 192.168.0.110:Online']);
    expect(lab.clientAccessArrays.map((a) => a.fqdn)).toEqual(['CASArray.rogertech.local']);
    expect(lab.databases.map((d) => d.rpcClientAccessServer)).toEqual([
      'CASArray.rogertech.local',
      'CASArray.rogertech.local',
      'CASArray.rogertech.local',
    ]);
    const adopted = w.host.journalData()?.before.adopted;
    expect(adopted).toMatchObject({
      group: 'CASArray',
      array: 'CASArray',
      pointed: ['VIP'],
      resources: ['IP Address 192.168.0.110', 'CASArray'],
    });
    // The wizard made nothing it found: one create call, and no array created.
    expect(w.host.journalData()?.commands.some((c) => c.label.startsWith('Create the Client Access array'))).toBe(false);

    await w.host.handle('rollbackAll', { confirmed: true });
    const rolled = await w.host.idle();
    expect(rolled.phase).toBe('rolledBack');
    const after = w.readLab() as unknown as LabFile;
    expect(after.cluster.groups.filter((g) => !g.isCoreGroup).map((g) => g.name)).toEqual(['CASArray']);
    expect(after.clientAccessArrays.map((a) => a.name)).toEqual(['CASArray']);
    expect(after.databases.map((d) => `${d.name}:${d.rpcClientAccessServer}`)).toEqual([
      'VIP:CASArray.rogertech.local',
      'Mailbox Database 01:EX01.rogertech.local',
      'Staff:EX02.rogertech.local',
    ]);
    const notes = w.host.journalData()?.before.undoNotes ?? {};
    expect(notes.clusterRole?.join(' ')).toMatch(/left as found/);
    expect(notes.casArray?.join(' ')).toMatch(/left as found/);
    expect(notes.databases?.join(' ')).toMatch(/VIP: left on CASArray\.rogertech\.local, as it was found/);
  });

  it('with --include-found, the rollback takes the found pieces down too', async () => {
    const w = (current = await preparedLab(HAND_STARTED));
    await startLab(w.host);
    const reached = await driveTo(w.host, 'databases');
    expect(reached.error).toBeNull();
    w.host.rollbackAll(undefined, true);
    const rolled = await w.host.idle();
    expect(rolled.phase).toBe('rolledBack');
    const after = w.readLab() as unknown as LabFile;
    expect(after.cluster.groups.filter((g) => !g.isCoreGroup)).toEqual([]);
    expect(after.clientAccessArrays).toEqual([]);
    expect(after.databases.map((d) => `${d.name}:${d.rpcClientAccessServer}`)).toEqual([
      'VIP:EX01.rogertech.local',
      'Mailbox Database 01:EX01.rogertech.local',
      'Staff:EX02.rogertech.local',
    ]);
    expect(after.activeDirectory.computers.map((c) => c.name)).not.toContain('CASARRAY');
  });

  it('explains a piece that contradicts the rest, with its fix, and changes nothing', async () => {
    const w = (current = await preparedLab(`${HAND_STARTED}\nSet-ClientAccessArray -Identity CASArray -Fqdn outlook.rogertech.local`));
    await startLab(w.host);
    const failed = await driveTo(w.host);
    expect(failed.current).toBe('preflight');
    expect(failed.phase).toBe('failed');
    expect(failed.error?.message).toMatch(
      /fits together \(Client Access array CASArray has FQDN outlook\.rogertech\.local, but no cluster role answers/,
    );
    expect(failed.preflight?.find((c) => c.id === 'found-conflict')?.fix).toMatch(
      /Set-ClientAccessArray -Identity CASArray -Fqdn CASArray\.rogertech\.local/,
    );
    expect(w.host.journalData()?.commands.every((c) => !/Create|Point/.test(c.label))).toBe(true);
  });
});

describe('a rollback never dead-ends', () => {
  it('puts a database that pointed at a removed array on its active server, says so, and completes', async () => {
    // An array removed long ago, still named by Staff: exactly what Exchange refuses to set again.
    const w = (current = await preparedLab(
      [
        'New-ClientAccessArray -Name OldArray -Fqdn OldArray.rogertech.local -Site Default-First-Site-Name | Out-Null',
        'Set-MailboxDatabase Staff -RpcClientAccessServer OldArray.rogertech.local',
        'Remove-ClientAccessArray OldArray -Confirm:$false',
      ].join('\n'),
    ));
    await startLab(w.host);
    const preflight = await driveTo(w.host, 'preflight');
    const restorable = preflight.preflight?.find((c) => c.id === 'restorable');
    expect(restorable?.status).toBe('warn');
    expect(restorable?.evidence).toMatch(
      /Staff: OldArray\.rogertech\.local names no Exchange server or Client Access array; a rollback sets EX02\.rogertech\.local/,
    );

    const reached = await driveTo(w.host, 'clientChecks');
    expect(reached.error).toBeNull();
    await w.host.handle('rollbackAll', { confirmed: true });
    const rolled = await w.host.idle();
    expect(rolled.phase).toBe('rolledBack');
    const after = w.readLab() as unknown as LabFile;
    expect(after.databases.map((d) => `${d.name}:${d.rpcClientAccessServer}`)).toEqual([
      'VIP:EX01.rogertech.local',
      'Mailbox Database 01:EX01.rogertech.local',
      'Staff:EX02.rogertech.local',
    ]);
    expect(after.clientAccessArrays).toEqual([]);
    expect(after.cluster.groups.filter((g) => !g.isCoreGroup)).toEqual([]);
    expect(w.host.journalData()?.before.undoNotes?.databases).toEqual([
      "Staff: its previous value OldArray.rogertech.local names no Exchange server or array any more; set to EX02.rogertech.local, the server holding its active copy (Exchange's own default).",
    ]);
  });
});
