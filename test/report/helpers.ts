// Shared by the report tests: driving a whole lab run, the schema validator, a lab state reader.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { WizardView } from '../../shared/contract';
import type { StepId } from '../../shared/steps';
import type { WizardController } from '../../electron/procedure/controller';
import type { JournalData } from '../../electron/procedure/journal';
import { driveTo, labWizard, startLab } from '../helpers/wizard';
import { buildReport } from '../../electron/report/model';
import type { ReportDocument } from '../../electron/report/types';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export { ZERO_DELAYS } from '../helpers/lab-delays';
/** A backstop for tests that drive the lab, not a measure: each waits for its result, and on a busy
 *  two-core machine (load 25 seen) a whole lab run can take minutes. */
export const LAB_TEST_MS = 900_000;

export function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  const schema: unknown = JSON.parse(readFileSync(join(ROOT, 'docs', 'report.schema.json'), 'utf8'));
  return ajv.compile(schema as object);
}

let compiled: ReturnType<typeof validator> | null = null;

/** buildReport, with the document checked against docs/report.schema.json: every report a test builds fits it. */
export function checkedReport(journal: JournalData, now?: Date): ReportDocument {
  const doc = buildReport(journal, now);
  compiled ??= validator();
  if (!compiled(doc)) throw new Error(`the report does not fit docs/report.schema.json: ${JSON.stringify(compiled.errors)}`);
  return doc;
}

export interface LabRun {
  host: WizardController;
  stateDir: string;
  journal: () => JournalData;
  view: WizardView;
}

/** A whole lab run (labWizard + driveTo) until `stopAfter` is done (default: the whole procedure); throws when it stops short. */
export async function labRun(stopAfter: StepId = 'complete'): Promise<LabRun> {
  // The app's own outage watch (180 s), as a real run's report shows it.
  const lab = labWizard({ stateDir: mkdtempSync(join(tmpdir(), 'exha-report-')), outageWatchSeconds: 180 });
  const { host, stateDir } = lab;
  await startLab(host);
  const view = await driveTo(host, stopAfter);
  if (view.phase !== 'done') {
    await host.dispose();
    throw new Error(`lab run failed at ${view.current}: ${view.error?.message ?? ''}`);
  }
  const journal = () => {
    const data = host.journalData();
    if (!data) throw new Error('no journal');
    return structuredClone(data);
  };
  return { host, stateDir, journal, view };
}

/** The lab's module and seed are in the repository; a copy without them (a trimmed package) skips the lab tests. */
export const LAB_READY =
  existsSync(join(ROOT, 'lab', 'seeds', 'default.json')) && existsSync(join(ROOT, 'lab', 'ExchangeLab', 'Target.ps1'));

interface LabState {
  cluster: {
    groups: { name: string; ownerNode: string }[];
    resources: {
      name: string;
      resourceType: string;
      group: string;
      state: string;
      dependsOn: string[];
      parameters: Record<string, unknown>;
    }[];
  };
  clientAccessArrays: { name: string; fqdn: string; site: string }[];
  databases: { name: string; rpcClientAccessServer: string }[];
  dns: { records: { name: string; type: string; address: string }[] };
}

/** What the procedure changes, out of a lab state file, without ids the lab generates per run. */
export function relevantState(path: string) {
  const s = JSON.parse(readFileSync(path, 'utf8')) as LabState;
  const volatile = /guid|creatingdc|^id$/i;
  return {
    groups: s.cluster.groups.map((g) => g.name).sort(),
    resources: s.cluster.resources
      .map((r) => ({
        name: r.name,
        resourceType: r.resourceType,
        group: r.group,
        state: r.state,
        dependsOn: [...r.dependsOn].sort(),
        parameters: Object.fromEntries(
          Object.entries(r.parameters)
            .filter(([k]) => !volatile.test(k))
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    arrays: s.clientAccessArrays.map((a) => ({ name: a.name, fqdn: a.fqdn, site: a.site })),
    databases: s.databases
      .map((d) => ({ name: d.name, rpcClientAccessServer: d.rpcClientAccessServer }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    dns: s.dns.records.map((r) => `${r.name} ${r.type} ${r.address}`).sort(),
  };
}
