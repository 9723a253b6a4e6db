// Input rules for the client access point, checked as the admin types (renderer) and again before
// anything runs (main, CLI). Pure functions: one source of truth for both sides.
import type { ClusterNetwork, SiteFacts } from './site';
import { clientNetworks } from './site';
import { foundInputs } from './found';

export interface AccessPointInputs {
  name: string;
  address: string;
  network: string;
}

export type FieldErrors = Partial<Record<keyof AccessPointInputs, string>>;

const NETBIOS_CHARS = /^[A-Za-z0-9-]+$/;

function validateName(name: string, site?: SiteFacts): string | undefined {
  if (name.length === 0) return 'Enter a name for the client access point.';
  if (name.length > 15) return `A NetBIOS name has at most 15 characters; "${name}" has ${name.length}.`;
  if (!NETBIOS_CHARS.test(name)) return 'Use only letters, digits and hyphens (no spaces, dots, quotes or other characters).';
  if (/^[0-9]+$/.test(name)) return 'A computer name cannot be all digits.';
  if (name.startsWith('-') || name.endsWith('-')) return 'A DNS host name cannot start or end with a hyphen.';
  if (!site) return undefined;
  const lower = name.toLowerCase();
  if (site.dag.name.toLowerCase() === lower || site.cluster.name.toLowerCase() === lower)
    return `"${name}" is the DAG's own cluster name; choose a new name.`;
  const node = site.servers.find((s) => s.name.toLowerCase() === lower);
  if (node) return `"${name}" is an Exchange server's name; choose a new name.`;
  const hostClash = site.clientHostNames.find((h) => h.toLowerCase().split('.')[0] === lower);
  if (hostClash)
    return `"${name}" is the host part of ${hostClash}, which clients use for OWA or Autodiscover; the array needs a name of its own.`;
  return undefined;
}

function parseIpv4(text: string): number | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0;
  for (const octet of octets) {
    // Leading zeros are refused: Windows reads 010 as octal.
    if (!/^(0|[1-9]\d{0,2})$/.test(octet) || Number(octet) > 255) return undefined;
    value = value * 256 + Number(octet);
  }
  return value >>> 0;
}

function maskBits(mask: number): number | undefined {
  const inverted = ~mask >>> 0;
  return (inverted & (inverted + 1)) === 0 ? 32 - Math.log2(inverted + 1) : undefined;
}

function validateAddress(address: string, networkName: string, site?: SiteFacts): string | undefined {
  if (address.length === 0) return 'Enter the static IPv4 address for the client access point.';
  const ip = parseIpv4(address);
  if (ip === undefined) return `"${address}" is not an IPv4 address (four numbers 0–255 separated by dots, e.g. 192.168.0.110).`;
  if (!site) return undefined;
  const network = site.cluster.networks.find((n) => n.name === networkName);
  if (!network) return 'Choose the cluster network the address belongs to.';
  const net = parseIpv4(network.address);
  const mask = parseIpv4(network.addressMask);
  if (net === undefined || mask === undefined || maskBits(mask) === undefined)
    return `Cluster network ${network.name} has an unreadable address or mask.`;
  const cidr = `${network.address}/${String(maskBits(mask))}`;
  if ((ip & mask) >>> 0 !== (net & mask) >>> 0) return `${address} is outside ${network.name} (${cidr}); choose an address inside it.`;
  if (ip === (net & mask) >>> 0) return `${address} is the network address of ${cidr}.`;
  if (ip === ((net & mask) | ~mask) >>> 0) return `${address} is the broadcast address of ${cidr}.`;
  if (site.dag.ipAddresses.includes(address)) return `${address} is the DAG's own IP address.`;
  const server = site.servers.find((s) => s.address === address);
  if (server) return `${address} belongs to ${server.name}.`;
  return undefined;
}

function validateNetwork(networkName: string, site?: SiteFacts): string | undefined {
  if (networkName.length === 0) return 'Choose a cluster network.';
  if (!site) return undefined;
  const network = site.cluster.networks.find((n) => n.name === networkName);
  if (!network) return `There is no cluster network named "${networkName}".`;
  if (network.role !== 3)
    return `${network.name} is not a client-facing network (role ${String(network.role)}); clients cannot reach an address on it.`;
  return undefined;
}

export function validateAccessPoint(inputs: AccessPointInputs, site?: SiteFacts): FieldErrors {
  const errors: FieldErrors = {};
  const name = validateName(inputs.name, site);
  if (name) errors.name = name;
  const network = validateNetwork(inputs.network, site);
  if (network) errors.network = network;
  const address = validateAddress(inputs.address, inputs.network, site);
  if (address) errors.address = address;
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** The values of a setup found half-made (adopted), else the write-up's, on the first client-facing network. */
export function defaultInputs(site: SiteFacts): AccessPointInputs {
  const found = site.found ? foundInputs(site.found, site) : null;
  if (found) return found;
  const network: ClusterNetwork | undefined = clientNetworks(site)[0];
  return { name: 'CASArray', address: '192.168.0.110', network: network?.name ?? '' };
}

export function arrayFqdn(name: string, domain: string): string {
  return `${name}.${domain}`;
}
