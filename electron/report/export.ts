// exportReport: the journal of a run as one of the four report formats, as bytes ready to save.
import type { ExportResult, ReportFormat } from '../../shared/contract';
import type { JournalData } from '../procedure/journal';
import { renderHtml } from './html';
import { buildReport } from './model';
import { chromiumPrinter, type PdfPrinter } from './pdf';
import { renderPs1 } from './ps1';

const MIME: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json',
  ps1: 'text/plain; charset=utf-8',
};

export interface ExportOptions {
  /** Electron's main passes a printer built on webContents.printToPDF; the default is headless Chromium. */
  pdfPrinter?: PdfPrinter;
  now?: Date;
  /** The run's state folder: a real run's report looks there for a rehearsal of the same site. */
  stateDir?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** exha-report-<domain>-<yyyymmdd-hhmm>.<ext>, in UTC; the domain reduced to safe file-name characters. */
function reportFileName(domain: string | null, at: Date, format: ReportFormat): string {
  const safe =
    (domain ?? 'no-site')
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '') || 'no-site';
  const stamp = `${String(at.getUTCFullYear())}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}`;
  return `exha-report-${safe}-${stamp}.${format}`;
}

async function bytesOf(journal: JournalData, format: ReportFormat, options: ExportOptions, now: Date): Promise<Buffer> {
  if (format === 'ps1') {
    // A BOM: Windows PowerShell 2.0 reads a file without one in the ANSI code page.
    return Buffer.from(`\uFEFF${renderPs1(journal, now)}`, 'utf8');
  }
  const doc = buildReport(journal, now, options.stateDir);
  if (format === 'json') return Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
  const html = renderHtml(doc);
  if (format === 'html') return Buffer.from(html, 'utf8');
  return (options.pdfPrinter ?? chromiumPrinter)(html);
}

export async function exportReport(journal: JournalData, format: ReportFormat, options: ExportOptions = {}): Promise<ExportResult> {
  const now = options.now ?? new Date();
  const site = (journal.snapshot as { context?: { outputs?: { connect?: { domain?: string } } } } | null)?.context?.outputs?.connect;
  const bytes = await bytesOf(journal, format, options, now);
  return {
    fileName: reportFileName(site?.domain ?? null, now, format),
    mimeType: MIME[format],
    base64: bytes.toString('base64'),
    savedTo: null,
  };
}
