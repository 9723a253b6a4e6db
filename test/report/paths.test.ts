// The path test: the report of every path a run can take (straight, rolled back, one step rolled back,
// adopted, failed mid-step, day-2 maintenance begun and ended, lab and real servers) states only what is
// there now. Each path says what the servers hold after it; every sentence that claims a thing is there
// must appear exactly when it is, in the HTML, the JSON and the .ps1, and every document fits the schema.
import { describe, expect, it } from 'vitest';
import type { JournalData } from '../../electron/procedure/journal';
import { renderHtml } from '../../electron/report/html';
import { renderPs1 } from '../../electron/report/ps1';
import {
  ADMIN,
  adoptedJournal,
  completeJournal,
  databasesRolledBackJournal,
  failedMidStepJournal,
  realCompleteJournal,
  rolledBackAfterCompleteJournal,
} from './fixtures/journal';
import { checkedReport, validator } from './helpers';

interface Now {
  /** The cluster group CASArray is on the cluster (made or found). */
  group: boolean;
  array: boolean;
  /** The databases use the array FQDN. */
  pointed: boolean;
  /** The databases were pointed at the array by this run and put back since. */
  pointedThenUndone: boolean;
  lab: boolean;
  rolledBack: boolean;
}

interface Path {
  name: string;
  journal: () => JournalData;
  now: Now;
}

const base = { group: true, array: true, pointed: true, pointedThenUndone: false, lab: true, rolledBack: false };

/** Day 2 moves the role (maintenance on EX01) and back: the journal is the finished run's, the role's owner changed twice. */
function maintenanceBegunAndEnded(): JournalData {
  return completeJournal();
}

const PATHS: Path[] = [
  { name: 'straight, lab', journal: completeJournal, now: base },
  { name: 'straight, real servers', journal: realCompleteJournal, now: { ...base, lab: false } },
  {
    name: 'rolled back after Complete',
    journal: rolledBackAfterCompleteJournal,
    now: { ...base, group: false, array: false, pointed: false, pointedThenUndone: true, rolledBack: true },
  },
  {
    name: 'one step rolled back (Mailbox databases)',
    journal: databasesRolledBackJournal,
    now: { ...base, pointed: false, pointedThenUndone: true, rolledBack: true },
  },
  { name: 'adopted a role and an array found on the servers', journal: adoptedJournal, now: base },
  { name: 'failed mid-step (Client Access array)', journal: failedMidStepJournal, now: { ...base, pointed: false } },
  { name: 'day-2 maintenance begun and ended', journal: maintenanceBegunAndEnded, now: base },
];

/** Sentences that say a thing is on the servers now; each must appear exactly when the thing is there. */
const CLAIMS: { what: keyof Now; says: RegExp }[] = [
  { what: 'group', says: /Move-ClusterGroup/ },
  { what: 'group', says: /runs an extra "Other Server" role/ },
  { what: 'group', says: /The extra "Other Server" role on the DAG's cluster is a field technique/ },
  { what: 'array', says: /must resolve only inside the network/ },
  { what: 'pointed', says: /only affects new or repaired Outlook profiles/ },
  { what: 'pointedThenUndone', says: /Outlook profiles created or repaired while the array was in place/ },
  { what: 'lab', says: /LAB REHEARSAL — no real server was changed/ },
  { what: 'rolledBack', says: /<th>Rollback<\/th>/ },
];

/** The report as an admin reads it: the text, without the appendix's scripts (they are a record, not a claim). */
function readable(page: string): string {
  const entities: Record<string, string> = { '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
  return page.slice(0, page.indexOf('id="steps"')).replace(/&quot;|&#39;|&lt;|&gt;|&amp;/g, (e) => entities[e] ?? e);
}

describe('every path: the report states only what is there now', () => {
  const validate = validator();

  for (const path of PATHS) {
    it(path.name, () => {
      const journal = path.journal();
      const doc = checkedReport(journal);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      const text = readable(renderHtml(doc));
      for (const claim of CLAIMS) {
        expect(claim.says.test(text), `${path.name}: "${claim.says.source}" should ${path.now[claim.what] ? '' : 'not '}appear`).toBe(
          path.now[claim.what],
        );
      }
      // What the summary lists as still there, and what the undo would remove, are the things that are there.
      const still = doc.run.changesInPlace;
      const made = (stepId: string) => doc.run.inPlace.made.some((e) => e.stepId === stepId);
      expect(still.includes('Mailbox databases'), 'databases still listed').toBe(made('databases'));
      expect(doc.undo.map((u) => u.stepId).includes('databases')).toBe(made('databases'));
      if (!path.now.group) expect(doc.undo.some((u) => u.stepId === 'clusterRole')).toBe(false);
      // The lab is said at the top of every format.
      expect(doc.lab).toBe(path.now.lab);
      expect(doc.run.labDelays !== null).toBe(path.now.lab);
      expect(renderPs1(journal).includes('GENERATED FROM A LAB REHEARSAL')).toBe(path.now.lab);
      if (path.now.lab) expect(text).not.toMatch(/<div class="banner complete">/);
      // Where the role runs moves (failover test, maintenance): the report says only where the step verified it.
      expect(text).not.toMatch(/, online on EX0\d(?! when the step ran)/);
      expect(doc.run.acknowledgement?.by).toBe(path.name.startsWith('straight, lab') || path.name.startsWith('day-2') ? null : ADMIN);
    });
  }
});

describe('the decisions the report records', () => {
  it('a rollback: asked when, by whom, each step undone when, and how it ended', () => {
    const doc = checkedReport(rolledBackAfterCompleteJournal());
    expect(doc.run.rollbacks).toEqual([
      {
        requestedAt: '2024-05-03T08:00:00.000Z',
        by: ADMIN,
        scope: 'all',
        to: null,
        undone: [
          { stepId: 'failover', title: 'Failover test', at: '2024-05-03T08:00:02.000Z' },
          { stepId: 'databases', title: 'Mailbox databases', at: '2024-05-03T08:00:03.000Z' },
          { stepId: 'casArray', title: 'Client Access array', at: '2024-05-03T08:00:04.000Z' },
          { stepId: 'clusterRole', title: 'Cluster role', at: '2024-05-03T08:00:05.000Z' },
        ],
        result: 'done',
      },
    ]);
    expect(doc.steps.find((s) => s.id === 'casArray')?.undoneAt).toBe('2024-05-03T08:00:04.000Z');
    const page = renderHtml(doc);
    expect(page).toContain(`asked 2024-05-03 08:00:00 UTC by ${ADMIN}; finished`);
    expect(page).toContain('undone 2024-05-03 08:00:04 UTC');
    // The profiles made while the array existed name the time they could have been made in.
    expect(page).toContain('From 2024-05-02 10:14:01 UTC until 2024-05-03 08:00:03 UTC');
    expect(page).toContain('a name that no longer resolves');
  });

  it('a journal from before the wizard recorded who: the rollback is still there, its asker "not recorded"', () => {
    const j = completeJournal();
    const snap = j.snapshot as { value: unknown; context: { statuses: Record<string, string> } };
    snap.value = 'rolledBack';
    for (const id of ['clusterRole', 'casArray', 'databases']) snap.context.statuses[id] = 'rolledBack';
    const doc = checkedReport(j);
    expect(doc.run.rollbacks).toHaveLength(1);
    expect(doc.run.rollbacks[0]?.by).toBeNull();
    expect(doc.run.rollbacks[0]?.undone.map((u) => [u.stepId, u.at])).toEqual([
      ['databases', null],
      ['casArray', null],
      ['clusterRole', null],
    ]);
    expect(renderHtml(doc)).toContain('by (user not recorded)');
  });

  it('the acknowledgement of the unsupported configuration names who and when', () => {
    const page = renderHtml(checkedReport(failedMidStepJournal()));
    expect(page).toContain(`the unsupported configuration and the preflight warnings, by ${ADMIN} at 2024-05-02 10:03:30 UTC`);
  });

  it("a lab run records the seed's delays when it set none, and says the outage is the lab's", () => {
    const doc = checkedReport(completeJournal());
    expect(doc.run.labDelays).toEqual({ nodeLossDetection: 5, groupOnline: 2, databaseMount: 8 });
    expect(doc.run.labDelaysSource).toBe('seed');
    const summary = readable(renderHtml(doc)).split('<nav class="toc"')[0] ?? '';
    expect(summary).toMatch(
      /14\.1 s from EX01 going silent until a client could log on to every database again \(write-up: under 20 s\) — lab, simulated: 5 s node-loss detection \+ 8 s mount: the lab's delays played back/,
    );
    expect(summary).toContain("with the lab seed's own delays: node loss 5 s, group online 2 s, database mount 8 s");
    expect(summary).toContain('<div class="banner complete lab-run">');
  });
});
