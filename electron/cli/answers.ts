// exha --answers FILE: the client access point's name, address and network, judged before anything runs.
// Every problem is named (a missing field by its name), so the admin fixes the file in one go.
import { readFileSync } from 'node:fs';
import { validateAccessPoint, type AccessPointInputs } from '../../shared/validation';
import { UsageError } from './args';

const FIELDS = ['name', 'address', 'network'] as const;
const EXAMPLE = '{"name": "CASArray", "address": "192.168.0.110", "network": "Cluster Network 1"}';

export function readAnswers(file: string | undefined): AccessPointInputs | null {
  if (!file) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--answers ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`--answers ${file}: expected a JSON object such as ${EXAMPLE}`);
  const a = raw as Partial<Record<string, unknown>>;
  const problems: string[] = [];
  const unknown = Object.keys(a).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) problems.push(`unknown ${unknown.length === 1 ? 'field' : 'fields'} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  for (const f of FIELDS) {
    if (a[f] === undefined) problems.push(`"${f}" is missing`);
    else if (typeof a[f] !== 'string') problems.push(`"${f}" must be a string`);
  }
  const text = (f: (typeof FIELDS)[number]): string => (typeof a[f] === 'string' ? a[f] : '');
  const answers: AccessPointInputs = { name: text('name'), address: text('address'), network: text('network') };
  // What can be judged without the site is judged now, before anything runs.
  const errors = validateAccessPoint(answers);
  if (typeof a.name === 'string' && errors.name) problems.push(errors.name);
  if (typeof a.address === 'string' && errors.address) problems.push(errors.address);
  if (typeof a.network === 'string' && errors.network) problems.push(errors.network);
  if (problems.length > 0) throw new UsageError(`--answers ${file}: ${problems.join('; ')}. Expected ${EXAMPLE}.`);
  return answers;
}
