import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../shared/steps';
import { diffSnapshots } from '../../electron/report/diff';
import { renderHtml } from '../../electron/report/html';
import { completeJournal, FAKE_PASSWORD, journalWithSecrets, partialJournal, rolledBackJournal } from './fixtures/journal';
import { checkedReport, validator } from './helpers';
import { exportReport } from '../../electron/report/export';

describe('buildReport from a hand-made journal', () => {
  const validate = validator();

  it('lists every step, every command and the failover timeline of a complete run', () => {
    const journal = completeJournal();
    const doc = checkedReport(journal);
    expect(doc.run.status).toBe('complete');
    expect(doc.steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    expect(doc.steps.every((s) => s.state === 'done')).toBe(true);
    const ids = [...doc.steps.flatMap((s) => s.commands.map((c) => c.id)), ...doc.otherCommands.map((c) => c.id)].sort((a, b) => a - b);
    expect(ids).toEqual(journal.commands.map((c) => c.id));
    expect(doc.failover?.samples).toHaveLength(journal.failoverLive.length);
    expect(doc.failover?.recoverySeconds).toBe(14.1);
    expect(doc.failover?.phases.map((p) => p.phase)).toEqual(['planned', 'planned', 'outage', 'restore']);
    expect(doc.who.account).toBe('ROGERTECH\\administrator');
    expect(doc.inputs).toEqual({
      name: 'CASArray',
      address: '192.168.0.110',
      network: 'Cluster Network 1',
      subnetMask: '255.255.255.0',
      fqdn: 'CASArray.rogertech.local',
    });
    expect(doc.steps.find((s) => s.id === 'databases')?.before.map((b) => b.value)).toEqual([
      'EX01.rogertech.local',
      'EX02.rogertech.local',
    ]);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it("renders the undo commands from the catalogue, newest change first, with this run's values", () => {
    const doc = checkedReport(completeJournal());
    // The failover test put everything back itself: nothing of it is left to undo.
    expect(doc.undo.map((u) => u.stepId)).toEqual(['databases', 'casArray', 'clusterRole']);
    const databases = doc.undo.find((u) => u.stepId === 'databases')?.scripts[0]?.text ?? '';
    expect(databases).toContain("-Previous @{ 'VIP' = 'EX01.rogertech.local'; 'Staff' = 'EX02.rogertech.local' }");
    const role =
      doc.undo
        .find((u) => u.stepId === 'clusterRole')
        ?.scripts.map((s) => s.text)
        .join('\n') ?? '';
    expect(role).toContain('Remove-ClusterGroup -Name $Name -RemoveResources -Force');
    expect(role).toContain("-Name 'CASArray'");
    expect(role).toContain('-RemoveDnsRecord $true -RemoveComputerObject $true');
  });

  it('diffs before and after object by object, listing only what changed', () => {
    const doc = checkedReport(completeJournal());
    const names = doc.diff.objects.map((o) => `${o.op} ${o.kind} ${o.name}`);
    expect(names).toContain('+ cluster group CASArray');
    expect(names).toContain('+ Client Access array CASArray');
    expect(names).toContain('~ mailbox database VIP');
    expect(names.some((n) => n.includes('Cluster Group'))).toBe(false);
    const db01 = doc.diff.objects.find((o) => o.name === 'VIP');
    expect(db01?.fields).toEqual([
      { op: '~', field: 'RpcClientAccessServer', before: 'EX01.rogertech.local', after: 'CASArray.rogertech.local' },
    ]);
  });

  it('shows removals and parameter changes with old and new values', () => {
    const base = { capturedAt: 'x', dnsRecords: [], clientAccessArrays: [], databases: [], computerObjects: [] };
    const objects = diffSnapshots(
      {
        ...base,
        clusterGroups: [
          {
            name: 'G',
            ownerNode: 'EX01',
            state: 'Online',
            resources: [{ name: 'R', resourceType: 'IP Address', state: 'Online', parameters: { Address: '1.1.1.1', Old: 'x' } }],
          },
        ],
        computerObjects: [{ name: 'C', enabled: true }],
      },
      {
        ...base,
        clusterGroups: [
          {
            name: 'G',
            ownerNode: 'EX01',
            state: 'Online',
            resources: [{ name: 'R', resourceType: 'IP Address', state: 'Online', parameters: { Address: '2.2.2.2', New: 'y' } }],
          },
        ],
      },
    );
    expect(objects).toEqual([
      {
        kind: 'cluster resource',
        name: 'G / R',
        op: '~',
        fields: [
          { op: '~', field: 'Parameter Address', before: '1.1.1.1', after: '2.2.2.2' },
          { op: '-', field: 'Parameter Old', before: 'x', after: null },
          { op: '+', field: 'Parameter New', before: null, after: 'y' },
        ],
      },
      { kind: 'computer object', name: 'C', op: '-', fields: [{ op: '-', field: 'Enabled', before: 'true', after: null }] },
    ]);
  });

  it('marks a partial run at the top, with the steps not reached', () => {
    const doc = checkedReport(partialJournal());
    expect(doc.run.status).toBe('partial');
    expect(doc.run.changesInPlace).toEqual(['Cluster role', 'Client Access array']);
    expect(doc.steps.find((s) => s.id === 'databases')?.state).toBe('notReached');
    expect(doc.diff.available).toBe(false);
    expect(doc.undo.map((u) => u.stepId)).toEqual(['casArray', 'clusterRole']);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const out = renderHtml(doc);
    expect(out.indexOf('Partial run')).toBeLessThan(out.indexOf('<h2>'));
  });

  it('marks a rolled-back run at the top, with nothing left to undo', () => {
    const doc = checkedReport(rolledBackJournal());
    expect(doc.run.status).toBe('rolledBack');
    expect(doc.steps.find((s) => s.id === 'clusterRole')?.state).toBe('rolledBack');
    expect(doc.undo).toEqual([]);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const out = renderHtml(doc);
    expect(out.indexOf('Rolled back')).toBeLessThan(out.indexOf('<h2>'));
  });

  it('reads an unstarted journal without failing', () => {
    const journal = completeJournal();
    journal.snapshot = null;
    journal.commands = [];
    journal.touched = { before: null, after: null };
    journal.failoverLive = [];
    const doc = checkedReport(journal);
    expect(doc.site).toBeNull();
    expect(doc.steps.every((s) => s.state === 'notReached')).toBe(true);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('no secret in any format', () => {
  it('masks parameters named like a secret and scrubs their values everywhere', async () => {
    const journal = journalWithSecrets();
    const doc = checkedReport(journal);
    expect(doc.run.status).toBe('failed');
    const cmd = doc.steps.find((s) => s.id === 'databases')?.commands.find((c) => c.label === 'Connect with a credential');
    expect(cmd?.params).toEqual({ Password: '<secret>', Credential: '<secret>', Token: '<secret>' });
    for (const format of ['json', 'html', 'ps1'] as const) {
      const text = Buffer.from((await exportReport(journal, format)).base64, 'base64').toString('utf8');
      expect(text, format).not.toContain(FAKE_PASSWORD);
      expect(text, format).not.toContain('Hunter2');
    }
  });
});
