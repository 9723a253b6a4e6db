// Before and after as a plan diff: object by object, only what changed (+ added, - removed, ~ changed).
import type { TouchedSnapshot } from '../../shared/results';
import type { DiffField, DiffObject, ReportDiff } from './types';

type Fields = Record<string, string>;
interface Keyed {
  kind: DiffObject['kind'];
  name: string;
  fields: Fields;
}

function objectsOf(s: TouchedSnapshot): Keyed[] {
  const out: Keyed[] = [];
  for (const g of s.clusterGroups) {
    out.push({ kind: 'cluster group', name: g.name, fields: { OwnerNode: g.ownerNode, State: g.state } });
    for (const r of g.resources) {
      const params = Object.fromEntries(Object.entries(r.parameters).map(([k, v]) => [`Parameter ${k}`, v]));
      out.push({
        kind: 'cluster resource',
        name: `${g.name} / ${r.name}`,
        fields: { ResourceType: r.resourceType, State: r.state, ...params },
      });
    }
  }
  for (const d of s.dnsRecords) out.push({ kind: 'DNS record', name: d.name, fields: { Addresses: [...d.addresses].sort().join(', ') } });
  for (const a of s.clientAccessArrays) out.push({ kind: 'Client Access array', name: a.name, fields: { Fqdn: a.fqdn, Site: a.site } });
  for (const d of s.databases)
    out.push({
      kind: 'mailbox database',
      name: d.name,
      fields: { RpcClientAccessServer: d.rpcClientAccessServer, ActiveServer: d.activeServer },
    });
  for (const c of s.computerObjects) out.push({ kind: 'computer object', name: c.name, fields: { Enabled: String(c.enabled) } });
  // A DNS record with no address is the same as no record.
  return out.filter((o) => !(o.kind === 'DNS record' && o.fields.Addresses === ''));
}

const keyOf = (o: Keyed) => `${o.kind}\u0000${o.name.toLowerCase()}`;

function fieldDiff(before: Fields, after: Fields): DiffField[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const fields: DiffField[] = [];
  for (const field of names) {
    const b = before[field];
    const a = after[field];
    if (b === undefined && a !== undefined) fields.push({ op: '+', field, before: null, after: a });
    else if (b !== undefined && a === undefined) fields.push({ op: '-', field, before: b, after: null });
    else if (b !== undefined && a !== undefined && b !== a) fields.push({ op: '~', field, before: b, after: a });
  }
  return fields;
}

export function diffSnapshots(before: TouchedSnapshot, after: TouchedSnapshot): DiffObject[] {
  const b = new Map(objectsOf(before).map((o) => [keyOf(o), o]));
  const a = new Map(objectsOf(after).map((o) => [keyOf(o), o]));
  const objects: DiffObject[] = [];
  for (const [key, o] of b) {
    const other = a.get(key);
    if (!other) {
      objects.push({ kind: o.kind, name: o.name, op: '-', fields: fieldDiff(o.fields, {}) });
      continue;
    }
    const fields = fieldDiff(o.fields, other.fields);
    if (fields.length > 0) objects.push({ kind: o.kind, name: o.name, op: '~', fields });
  }
  for (const [key, o] of a) {
    if (!b.has(key)) objects.push({ kind: o.kind, name: o.name, op: '+', fields: fieldDiff({}, o.fields) });
  }
  const order: DiffObject['kind'][] = [
    'cluster group',
    'cluster resource',
    'DNS record',
    'computer object',
    'Client Access array',
    'mailbox database',
  ];
  return objects.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || x.name.localeCompare(y.name));
}

/** `undoneSince`: changes were rolled back after the after-snapshot, so it no longer shows the servers. */
export function buildDiff(touched: { before: TouchedSnapshot | null; after: TouchedSnapshot | null }, undoneSince = false): ReportDiff {
  const { before, after } = touched;
  if (!before || !after) {
    return {
      available: false,
      note: !before
        ? 'No snapshot was taken: the run stopped before its first change, so nothing on the servers was changed by it.'
        : 'The run did not reach Complete, so no after snapshot exists; the steps below show what each one changed.',
      beforeAt: before?.capturedAt ?? null,
      afterAt: after?.capturedAt ?? null,
      objects: [],
    };
  }
  const objects = diffSnapshots(before, after);
  return {
    available: true,
    note:
      (objects.length === 0
        ? 'Nothing the procedure touches differs between the two snapshots.'
        : `${String(objects.length)} objects differed when the run reached Complete.`) +
      (undoneSince ? ' Changes were rolled back after that snapshot: "What is in place now" shows the servers as they are now.' : ''),
    beforeAt: before.capturedAt,
    afterAt: after.capturedAt,
    objects,
  };
}
