// The report states only what the journal shows: what is in place now (a rolled-back run says so first),
// a zero-delay lab outage as not measured, observations apart from guidance, a chart that ends at the last
// sample; the .ps1 claims no more than it does.
import { describe, expect, it } from 'vitest';
import type { JournalData } from '../../electron/procedure/journal';
import { renderHtml } from '../../electron/report/html';
import { renderPs1 } from '../../electron/report/ps1';
import { timelineSvg } from '../../electron/report/timeline-svg';
import { completeJournal, samples } from './fixtures/journal';
import { checkedReport, validator } from './helpers';

type Ctx = { statuses: Record<string, string>; rollbackTo?: string | null };

/** A complete run on which Roll back everything then ran. */
function rolledBackAfterComplete(): JournalData {
  const j = completeJournal();
  const snap = j.snapshot as { value: unknown; context: Ctx };
  snap.value = 'rolledBack';
  for (const id of ['clusterRole', 'casArray', 'databases']) snap.context.statuses[id] = 'rolledBack';
  snap.context.rollbackTo = null;
  return j;
}

describe('what is in place now', () => {
  const validate = validator();

  it('a complete run lists what it made, and the undo has only that', () => {
    const doc = checkedReport(completeJournal());
    expect(doc.run.inPlace.outcome).toBe('inPlace');
    expect(doc.run.inPlace.made.map((e) => e.stepId)).toEqual([
      'clusterRole',
      'clusterRole',
      'clusterRole',
      'casArray',
      'databases',
      'databases',
    ]);
    expect(doc.run.changesInPlace).toEqual(['Cluster role', 'Client Access array', 'Mailbox databases']);
    expect(doc.undo.map((u) => u.stepId)).toEqual(doc.run.changesInPlace.length ? ['databases', 'casArray', 'clusterRole'] : []);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a run rolled back after Complete says so first, in the document and in every rendering', () => {
    const journal = rolledBackAfterComplete();
    const doc = checkedReport(journal);
    expect(doc.run.status).toBe('rolledBack');
    expect(doc.run.headline).toMatch(/^Rolled back: everything this run changed was undone/);
    expect(doc.run.inPlace.made).toEqual([]);
    expect(doc.run.inPlace.undone.map((e) => e.what).join('\n')).toContain('Cluster group CASArray');
    expect(doc.run.changesInPlace).toEqual([]);
    expect(doc.undo).toEqual([]);
    expect(doc.undoScript).toBeNull();
    expect(doc.diff.note).toMatch(/rolled back after that snapshot/);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const page = renderHtml(doc);
    expect(page).not.toContain('Every step ran');
    // The lab banner opens the page; the outcome's banner follows it, before anything else.
    expect(page.indexOf('<div class="banner lab"')).toBeLessThan(page.indexOf('<div class="banner rolledBack'));
    const firstBanner = /<div class="banner (complete|partial|rolledBack|failed)[^"]*"><strong>([^<]+)<\/strong>/.exec(page);
    expect(firstBanner?.slice(1)).toEqual(['rolledBack', 'Rolled back (lab rehearsal)']);
    expect(page.indexOf('What is in place now')).toBeLessThan(page.indexOf('id="site"'));
  });

  it('the summary page comes first, with who, where, which version, the support warning and links', () => {
    const page = renderHtml(checkedReport(completeJournal()));
    const summary = page.slice(0, page.indexOf('<nav class="toc"'));
    for (const text of [
      'Run by',
      'From workstation',
      'Exchange server · cluster node',
      'Exchange HA Wizard 0.1.0',
      'Not a Microsoft-supported configuration',
      'https://learn.microsoft.com/lifecycle/products/exchange-server-2010',
      'Outage during the failover test',
    ]) {
      expect(summary, text).toContain(text);
    }
    expect(page).toContain('<a href="#commands">Appendix: command log</a>');
    expect(page.indexOf('id="commands"')).toBeGreaterThan(page.indexOf('id="steps"'));
    expect(page).toMatch(/<details class="command" id="command-1">/);
  });
});

describe('only what was observed', () => {
  it('a zero-delay lab outage is not a measurement', () => {
    const journal = completeJournal();
    journal.target.labDelays = { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 };
    const doc = checkedReport(journal);
    expect(doc.run.labDelays).toEqual({ nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 });
    expect(doc.failover?.measured).toBe(false);
    expect(doc.failover?.outageText).toBe('not measured (lab delays off)');
    const page = renderHtml(doc);
    expect(page).toContain('not measured (lab delays off)');
    expect(page).not.toContain('Measured outage');
    expect(page).not.toMatch(/within the write-up/);
  });

  it('a lab run with delays reports the outage as measured, and names the delays', () => {
    const journal = completeJournal();
    journal.target.labDelays = { nodeLossDetection: 5, groupOnline: 2, databaseMount: 8 };
    const doc = checkedReport(journal);
    expect(doc.failover?.measured).toBe(true);
    expect(renderHtml(doc)).toContain('Measured outage: 14.1 s');
    expect(renderHtml(doc)).toContain('the delays set for this run: node loss 5 s, group online 2 s, database mount 8 s');
  });

  it('what clients notice is guidance, kept apart from what the wizard observed', () => {
    const doc = checkedReport(completeJournal());
    for (const phase of doc.failover?.phases ?? []) {
      expect(phase.saw).not.toMatch(/Outlook|OWA/);
    }
    const page = renderHtml(doc);
    expect(page).toContain('<h3>What the wizard observed</h3>');
    expect(page).toContain('Guidance: what clients usually notice');
  });

  it('the chart ends at the last sample: one sample draws no chart, several never pass the last one', () => {
    expect(timelineSvg(samples.slice(0, 1), 20, null)).toBe('');
    const last = samples[samples.length - 1]?.t ?? 0;
    const svg = timelineSvg(samples, 20, 14.1);
    const rightmost = Math.max(
      ...[...svg.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)"[^>]*fill-opacity/g)].map((m) => Number(m[1]) + Number(m[2])),
    );
    // The plot spans 210..890 px over 0..end seconds, and end is the last sample (or the recovery, if later).
    expect(rightmost).toBeLessThanOrEqual(890.1);
    expect(last).toBeGreaterThan(0);
    expect(svg).toContain('write-up: 20 s');
  });
});

describe('the .ps1 says only what it does', () => {
  it('claims no preflight coverage it lacks, and the report never promises helpers the .ps1 lacks', () => {
    const text = renderPs1(completeJournal());
    expect(text).not.toMatch(/Covers: Preflight checks/);
    const page = renderHtml(checkedReport(completeJournal()));
    expect(page).not.toContain('exported .ps1 define');
  });
});
