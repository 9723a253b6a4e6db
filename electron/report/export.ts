// Placeholder until the report builder lands: JSON of the journal.
import type { ExportResult, ReportFormat } from '../../shared/contract';
import type { JournalData } from '../procedure/journal';

export function exportReport(journal: JournalData, format: ReportFormat): Promise<ExportResult> {
  const text = JSON.stringify(journal, null, 2);
  return Promise.resolve({ fileName: `exha-report.${format}`, mimeType: 'application/json', base64: Buffer.from(text).toString('base64'), savedTo: null });
}
