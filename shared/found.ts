// A setup started by hand, judged piece by piece: what each piece is, its health, and what contradicts
// the rest (with its fix). Pure, so the window, the CLI and preflight say the same thing.
import type { FoundSetup, SiteFacts } from './site';
import { clientNetworks } from './site';

export interface FoundPiece {
  kind: 'group' | 'ipAddress' | 'networkName' | 'array' | 'databases';
  label: string;
  health: 'ok' | 'broken' | 'missing';
  detail: string;
}

export interface Contradiction {
  what: string;
  fix: string;
}

/** The one group the wizard would adopt: the only extra group, or none when there are several (a contradiction). */
export function adoptableGroup(found: FoundSetup): FoundSetup['groups'][number] | null {
  return found.groups.length === 1 ? (found.groups[0] ?? null) : null;
}

function hostOf(fqdn: string): string {
  return fqdn.split('.')[0] ?? fqdn;
}

/** The client access point as found: its name, address and network become the run's inputs. */
export function foundInputs(found: FoundSetup, site: SiteFacts): { name: string; address: string; network: string } | null {
  const group = adoptableGroup(found);
  if (!group && !found.array) return null;
  const name = group?.networkName?.name || group?.name || (found.array ? hostOf(found.array.fqdn) : 'CASArray');
  return {
    name,
    address: group?.ipAddress?.address || '192.168.0.110',
    network: group?.ipAddress?.network || clientNetworks(site)[0]?.name || '',
  };
}

export function foundPieces(found: FoundSetup, site: SiteFacts): FoundPiece[] {
  const pieces: FoundPiece[] = [];
  const group = adoptableGroup(found);
  for (const g of found.groups) {
    pieces.push({
      kind: 'group',
      label: `Cluster group ${g.name}`,
      health: g.state === 'Online' ? 'ok' : 'broken',
      detail: `${g.state}${g.ownerNode ? ` on ${g.ownerNode}` : ''}`,
    });
  }
  if (group) {
    const ip = group.ipAddress;
    pieces.push(
      ip
        ? {
            kind: 'ipAddress',
            label: `IP Address ${ip.address || '(no address set)'}`,
            health: ip.state === 'Online' ? 'ok' : 'broken',
            detail: `${ip.state} on ${ip.network || '(no network set)'}`,
          }
        : { kind: 'ipAddress', label: 'IP Address', health: 'missing', detail: 'not in the group yet: the wizard adds it' },
    );
    const nn = group.networkName;
    pieces.push(
      nn
        ? {
            kind: 'networkName',
            label: `Network Name ${nn.name || nn.resource}`,
            health: nn.state === 'Online' ? 'ok' : 'broken',
            detail: `${nn.state}${nn.detail ? `: ${nn.detail.split('\n').join(' ')}` : ''}`,
          }
        : { kind: 'networkName', label: 'Network Name', health: 'missing', detail: 'not in the group yet: the wizard adds it' },
    );
  } else if (found.groups.length === 0) {
    pieces.push({
      kind: 'group',
      label: 'Cluster role',
      health: 'missing',
      detail: 'no group with an IP Address or Network Name: the wizard creates it',
    });
  }
  pieces.push(
    found.array
      ? {
          kind: 'array',
          label: `Client Access array ${found.array.name}`,
          health: 'ok',
          detail: `${found.array.fqdn} in ${found.array.site}${found.array.addresses.length ? `, resolves to ${found.array.addresses.join(', ')}` : ', does not resolve yet'}`,
        }
      : { kind: 'array', label: 'Client Access array', health: 'missing', detail: 'none in the site: the wizard creates it' },
  );
  const total = site.databases.length;
  pieces.push({
    kind: 'databases',
    label: 'Mailbox databases on the array',
    health: found.pointed.length === total && total > 0 ? 'ok' : 'missing',
    detail: `${String(found.pointed.length)} of ${String(total)}${found.pointed.length ? ` (${found.pointed.join(', ')})` : ''}${found.pointed.length < total ? ': the wizard points the rest' : ''}`,
  });
  return pieces;
}

/** Pieces that do not fit together: each is explained with the fix; the wizard changes nothing until they are fixed. */
export function contradictions(found: FoundSetup, site: SiteFacts): Contradiction[] {
  const out: Contradiction[] = [];
  if (found.groups.length > 1) {
    out.push({
      what: `${String(found.groups.length)} groups in the cluster look like client access points: ${found.groups.map((g) => g.name).join(', ')}.`,
      fix: 'Keep one: remove the others (Remove-ClusterGroup <name> -RemoveResources), then connect again.',
    });
  }
  const group = adoptableGroup(found);
  const ip = group?.ipAddress;
  if (ip?.network) {
    const network = site.cluster.networks.find((n) => n.name === ip.network);
    if (!network || network.role !== 3) {
      out.push({
        what: `Role ${group?.name ?? ''} has its address ${ip.address} on ${ip.network}, which clients cannot reach (${network ? 'a cluster-only network' : 'no such cluster network'}).`,
        fix: `Take the group offline and move the IP Address resource to the client network (Set-ClusterParameter -Name Network -Value '${clientNetworks(site)[0]?.name ?? 'Cluster Network 1'}' and an address inside it), or remove the group so the wizard creates it.`,
      });
    }
  }
  const nn = group?.networkName;
  if (group && nn?.name && nn.name.toLowerCase() !== group.name.toLowerCase()) {
    out.push({
      what: `Group ${group.name} holds a Network Name called ${nn.name}; the wizard manages a role whose group and name are the same.`,
      fix: `Remove the group (Remove-ClusterGroup ${group.name} -RemoveResources) and let the wizard create ${nn.name}, or create it again by hand with matching names.`,
    });
  }
  if (found.array) {
    const roleName = (nn?.name || group?.name || '').toLowerCase();
    const host = hostOf(found.array.fqdn).toLowerCase();
    const answers = ip ? found.array.addresses.includes(ip.address) : false;
    if (group && host !== roleName && !answers) {
      out.push({
        what: `Client Access array ${found.array.name} has FQDN ${found.array.fqdn}, but no cluster role answers for that name (the role is ${nn?.name || group.name}).`,
        fix: `Point the array at the role's name (Set-ClientAccessArray -Identity ${found.array.name} -Fqdn ${nn?.name || group.name}.${site.domain}), or remove the array if nothing uses it (Remove-ClientAccessArray ${found.array.name}).`,
      });
    }
  }
  return out;
}
