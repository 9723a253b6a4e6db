import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportReport } from '../../electron/report/export';
import { completeJournal, FAKE_PASSWORD, journalWithSecrets } from './fixtures/journal';

const dir = mkdtempSync(join(tmpdir(), 'exha-pdf-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Standard deviation of the grey levels of a binary PGM (P5) image. */
function greySpread(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  const pixels = pgm.subarray(header[0].length);
  let sum = 0;
  let sq = 0;
  for (const p of pixels) {
    sum += p;
    sq += p * p;
  }
  const mean = sum / pixels.length;
  return Math.sqrt(sq / pixels.length - mean * mean);
}

describe('PDF export (headless Chromium)', () => {
  let pdf: string;
  beforeAll(async () => {
    const result = await exportReport(completeJournal(), 'pdf', { now: new Date(Date.UTC(2024, 4, 2, 10, 31)) });
    expect(result.fileName).toBe('exha-report-rogertech.local-20240502-1031.pdf');
    expect(result.mimeType).toBe('application/pdf');
    pdf = join(dir, result.fileName);
    writeFileSync(pdf, Buffer.from(result.base64, 'base64'));
  });

  it('is a PDF with several pages', () => {
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(2);
    expect(info).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
  });

  it('has readable pages: none is blank when rendered with pdftoppm', () => {
    execFileSync('pdftoppm', ['-png', '-r', '50', pdf, join(dir, 'page')]);
    const pngs = readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort();
    expect(pngs.length).toBeGreaterThan(2);
    for (const png of pngs) expect(statSync(join(dir, png)).size, png).toBeGreaterThan(6000);
    execFileSync('pdftoppm', ['-gray', '-r', '30', pdf, join(dir, 'grey')]);
    const pgms = readdirSync(dir)
      .filter((f) => f.startsWith('grey'))
      .sort();
    expect(pgms).toHaveLength(pngs.length);
    // Something is drawn on every page (a section's last card alone on its page measured 5.7) ...
    for (const pgm of pgms) expect(greySpread(readFileSync(join(dir, pgm))), pgm).toBeGreaterThan(3);
    // ... and it is text, not just the footer.
    pngs.forEach((png, i) => {
      const page = String(i + 1);
      const body = execFileSync('pdftotext', ['-f', page, '-l', page, '-layout', pdf, '-'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => !/Page \d+ of \d+/.test(l))
        .join(' ');
      expect(body.split(/\s+/).filter((w) => /\w/.test(w)).length, png).toBeGreaterThan(5);
    });
  });

  it('carries the report text with page numbers in the footer', () => {
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Complete');
    expect(text).toContain('CASArray.rogertech.local');
    expect(text).toContain('What to know from now on');
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it('never carries a secret', async () => {
    const result = await exportReport(journalWithSecrets(), 'pdf');
    const file = join(dir, 'secrets.pdf');
    writeFileSync(file, Buffer.from(result.base64, 'base64'));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('<secret>');
    expect(text).not.toContain(FAKE_PASSWORD);
  });
});
