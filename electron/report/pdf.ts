// PDF from the HTML report. The browser host and the CLI print it with headless Chromium (playwright-core);
// Electron's main prints the same HTML with webContents.printToPDF and the options below.
import { existsSync } from 'node:fs';

/** Prints the report's HTML to PDF bytes. */
export type PdfPrinter = (html: string) => Promise<Buffer>;

// The footer carries the document's title, which names the site, the outcome and, for a lab run, LAB
// REHEARSAL: every printed page says what it is, even torn out of the binder.
const FOOTER =
  '<div style="font-size:8px;width:100%;padding:0 14mm;color:#605e5c;font-family:Segoe UI,Arial,sans-serif;display:flex;justify-content:space-between;gap:12px">' +
  '<span class="title"></span><span style="white-space:nowrap">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>';

const PDF_LAYOUT = {
  format: 'A4',
  margin: { top: '16mm', right: '14mm', bottom: '18mm', left: '14mm' },
  footerTemplate: FOOTER,
  headerTemplate: '<span></span>',
} as const;

/** For Electron's webContents.printToPDF (margins in inches there): same page, same footer. */
export const ELECTRON_PRINT_OPTIONS = {
  pageSize: 'A4',
  printBackground: true,
  displayHeaderFooter: true,
  headerTemplate: PDF_LAYOUT.headerTemplate,
  footerTemplate: PDF_LAYOUT.footerTemplate,
  margins: { top: 16 / 25.4, right: 14 / 25.4, bottom: 18 / 25.4, left: 14 / 25.4 },
  preferCSSPageSize: false,
  // Tagged (accessible) PDF with the headings as bookmarks.
  generateTaggedPDF: true,
  generateDocumentOutline: true,
} as const;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Stops every DNS lookup: the report has no external asset, and printing must not reach the network.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export function chromiumPath(): string {
  const path = process.env.EXHA_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`Chromium was not found at ${path}; set EXHA_CHROMIUM to a Chromium or Chrome executable to export PDF.`);
  return path;
}

/** Headless Chromium: launched for one document and always closed. */
export const chromiumPrinter: PdfPrinter = async (html) => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: PDF_LAYOUT.format,
      margin: PDF_LAYOUT.margin,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: PDF_LAYOUT.headerTemplate,
      footerTemplate: PDF_LAYOUT.footerTemplate,
      // Tagged (accessible) PDF with the headings as bookmarks.
      tagged: true,
      outline: true,
    });
  } finally {
    await browser.close();
  }
};
