// The window's one source of state: the latest view main sent, and the operations the admin can ask for.
// Components derive from `view`; what is allowed is what `view.can` says. No procedure logic lives here.
import type { ApiError, ExportResult, Operation, ReportFormat, RequestOf, WizardApi, WizardView } from '../../shared/contract';
import type { AccessPointInputs } from '../../shared/validation';

export interface StartOptions {
  target: 'lab' | 'real';
  exchangeServer?: string;
  clusterNode?: string;
  useCredential?: boolean;
  credential?: { userName: string; password: string };
}

function toApiError(error: unknown): ApiError {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const e = error as { code?: unknown; message: unknown };
    const code = e.code === 'invalid-request' || e.code === 'not-allowed' ? e.code : 'failed';
    return { code, message: String(e.message) };
  }
  return { code: 'failed', message: String(error) };
}

export class WizardState {
  /** The latest view; replaced wholesale on every push. */
  view = $state.raw<WizardView | null>(null);
  /** The operation waiting for main's answer, so its button can say so and not be pressed twice. */
  pending = $state<Operation | null>(null);
  /** A request main refused or that failed to travel (not a step failure: those are in view.error). */
  requestError = $state.raw<ApiError | null>(null);
  lastExport = $state.raw<ExportResult | null>(null);

  readonly #api: WizardApi;
  readonly #unsubscribe: () => void;

  constructor(api: WizardApi) {
    this.#api = api;
    this.#unsubscribe = api.onView((view) => {
      this.#accept(view);
    });
    void this.#call('getView', null);
  }

  dispose(): void {
    this.#unsubscribe();
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  dismissRequestError(): void {
    this.requestError = null;
  }

  start(options: StartOptions): Promise<boolean> {
    const request: RequestOf<'start'> = { target: options.target };
    // The lab's sessions belong to servers too: the same two names (empty: the lab's defaults).
    if (options.exchangeServer) request.exchangeServer = options.exchangeServer;
    if (options.clusterNode) request.clusterNode = options.clusterNode;
    if (options.target === 'real') {
      request.useCredential = options.useCredential ?? false;
      if (options.credential) request.credential = options.credential;
    }
    return this.#call('start', request);
  }

  resume = (credential?: { userName: string; password: string }): Promise<boolean> =>
    this.#call('resume', credential ? { credential } : null);
  discardJournal = (): Promise<boolean> => this.#call('discardJournal', null);
  /** The cluster role screen's checkbox: also run the cluster's own validation once the role is verified. */
  validateCluster = $state(false);
  next = (): Promise<boolean> => {
    const view = this.view;
    const ask = view?.current === 'clusterRole' && view.phase === 'review' && this.validateCluster;
    return this.#call('next', ask ? { validateCluster: true } : null);
  };
  back = (): Promise<boolean> => this.#call('back', null);
  retry = (): Promise<boolean> => this.#call('retry', null);
  skip = (): Promise<boolean> => this.#call('skip', null);
  rollbackStep = (): Promise<boolean> => this.#call('rollbackStep', null);
  /** includeFound: also remove what the run found already there (listed apart, unticked by default). */
  rollbackAll = (includeFound = false): Promise<boolean> =>
    this.#call('rollbackAll', includeFound ? { confirmed: true, includeFound } : { confirmed: true });
  restart = (): Promise<boolean> => this.#call('restart', null);
  /** Day 2: a check reads only; the others were confirmed with their PowerShell shown. */
  day2Check = (): Promise<boolean> => this.#call('day2Check', null);
  day2Maintenance = (node: string): Promise<boolean> => this.#call('day2Maintenance', { node, confirmed: true });
  day2EndMaintenance = (): Promise<boolean> => this.#call('day2EndMaintenance', { confirmed: true });
  day2Remove = (): Promise<boolean> => this.#call('day2Remove', { confirmed: true });

  /** Preflight: the notice (and, when there are warnings, the warnings) acknowledged, then on. */
  async acknowledgeAndNext(warnings: boolean): Promise<boolean> {
    const view = this.view;
    const needed = view !== null && view.can.acknowledge && (!view.notice.acknowledged || warnings);
    if (needed && !(await this.#call('acknowledge', { notice: true, warnings }))) return false;
    return this.next();
  }

  /** Client access point: hand main the inputs, then on; main validates them again. */
  async submitInputs(inputs: AccessPointInputs): Promise<boolean> {
    if (!(await this.#call('setInputs', inputs))) return false;
    const view = this.view;
    if (view && Object.keys(view.inputErrors).length > 0) return false;
    return this.next();
  }

  async exportReport(format: ReportFormat): Promise<ExportResult | null> {
    this.pending = 'exportReport';
    this.requestError = null;
    try {
      const result = await this.#api.exportReport({ format });
      this.lastExport = result;
      return result;
    } catch (error) {
      this.requestError = toApiError(error);
      return null;
    } finally {
      this.pending = null;
    }
  }

  /** Connect's "Rehearse on a copy of this site": the site read-only, as the exha snapshot file. */
  async snapshotSite(): Promise<ExportResult | null> {
    this.pending = 'snapshotSite';
    this.requestError = null;
    try {
      return await this.#api.snapshotSite(null);
    } catch (error) {
      this.requestError = toApiError(error);
      return null;
    } finally {
      this.pending = null;
    }
  }

  #accept(view: WizardView): void {
    // Pushes and answers can cross on the wire: never step back to an older revision.
    if (this.view === null || view.revision >= this.view.revision) this.view = view;
  }

  async #call<O extends Exclude<Operation, 'exportReport' | 'snapshotSite'>>(op: O, request: RequestOf<O>): Promise<boolean> {
    this.pending = op;
    this.requestError = null;
    try {
      // Every operation but exportReport answers with the new view.
      const fn = this.#api[op] as (r: RequestOf<O>) => Promise<WizardView>;
      this.#accept(await fn.call(this.#api, request));
      return true;
    } catch (error) {
      this.requestError = toApiError(error);
      return false;
    } finally {
      if (this.pending === op) this.pending = null;
    }
  }
}
