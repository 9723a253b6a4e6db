// What every shell (Electron main, the browser host, the CLI) drives: one wizard, one API from shared/contract.
import type { ExportResult, Operation, ReportFormat, RequestOf, ResultMap, WizardView } from '../../shared/contract';
import type { JournalData } from './journal';

/** Writes the report of a journal in one format: report/export's exportReport, handed in by the shell
 *  (as the PDF printer is) so that the procedure never imports the report. */
export type ReportExporter = (
  journal: JournalData,
  format: ReportFormat,
  options: { pdfPrinter?: (html: string) => Promise<Buffer>; stateDir?: string },
) => Promise<ExportResult>;

export interface Wizard {
  /** Runs one operation; the request has already been validated against its schema. */
  handle<O extends Operation>(op: O, request: RequestOf<O>): Promise<ResultMap[O]>;
  /** Pushes every new view (after each transition, transcript line or progress tick). */
  subscribe(listener: (view: WizardView) => void): () => void;
  view(): WizardView;
  /** Where the journal and exports live; "Open state folder" shows it. */
  readonly stateDir: string;
  dispose(): Promise<void>;
}

export interface WizardOptions {
  stateDir: string;
  /** Lab seed and state file; defaults: the write-up's site, state inside stateDir. */
  labSeedPath?: string;
  labStatePath?: string;
  /** Lab delays in seconds (node-loss detection, group online, database mount); tests use zero. */
  labDelays?: { nodeLossDetection: number; groupOnline: number; databaseMount: number };
  /** Start every new lab run from the seed (default true). */
  labFreshStart?: boolean;
  /** How long the failover test watches an outage (default 180 s); tests shorten it. */
  outageWatchSeconds?: number;
  exportReport: ReportExporter;
  /** Prints the HTML report to PDF: Electron's printToPDF in the app; headless Chromium otherwise. */
  pdfPrinter?: (html: string) => Promise<Buffer>;
  /** Overrides the PowerShell executable. */
  powershell?: string;
  /** Who this process is, for the state folder's lock ("exha run", "the wizard window"): a refused writer is told. */
  holderName?: string;
}
