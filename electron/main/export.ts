// File > Export report: the host builds the report; main asks where to save it. PDF is the HTML
// report printed by Chromium in a hidden window, so it looks exactly like the HTML export.
import { BrowserWindow, dialog, type FileFilter } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportFormat } from '../../shared/contract';
import type { Wizard } from '../procedure/wizard';
import { ELECTRON_PRINT_OPTIONS } from '../report/pdf';
import { createSecureWindow } from './window';

const FILTERS: Record<ReportFormat, FileFilter> = {
  html: { name: 'Web page', extensions: ['html'] },
  pdf: { name: 'PDF document', extensions: ['pdf'] },
  json: { name: 'JSON', extensions: ['json'] },
  ps1: { name: 'PowerShell script', extensions: ['ps1'] },
};

/** Returns where the report was saved, or null when the admin cancelled. */
export async function exportReport(host: Wizard, parent: BrowserWindow | null, format: ReportFormat): Promise<string | null> {
  const { fileName, bytes } = format === 'pdf' ? await printedReport(host) : await report(host, format);
  const options = { defaultPath: fileName, filters: [FILTERS[format]] };
  const choice = parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
  if (choice.canceled || choice.filePath === '') return null;
  await writeFile(choice.filePath, bytes);
  return choice.filePath;
}

async function report(host: Wizard, format: ReportFormat): Promise<{ fileName: string; bytes: Buffer }> {
  const result = await host.handle('exportReport', { format });
  return { fileName: result.fileName, bytes: Buffer.from(result.base64, 'base64') };
}

async function printedReport(host: Wizard): Promise<{ fileName: string; bytes: Buffer }> {
  // The host prints with electronPdfPrinter (app.ts), so this is the same PDF the window's Export gives.
  return report(host, 'pdf');
}

/** The app's PDF printer: the HTML report in a hidden, script-less window, printed by Chromium. */
export async function electronPdfPrinter(html: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'exha-report-'));
  // Its own session: the app's CSP header would strip the report's inline styles; no script is needed.
  const printer = createSecureWindow({ show: false, partition: 'exha-report-printer', javascript: false });
  try {
    const file = join(dir, 'report.html');
    await writeFile(file, html);
    await printer.loadFile(file);
    // The same margins, page size and numbered footer as the browser host's and the CLI's PDF.
    return await printer.webContents.printToPDF(ELECTRON_PRINT_OPTIONS);
  } finally {
    printer.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
