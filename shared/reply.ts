// What an IPC handler returns: the browser host's result message without its envelope. Main answers
// with a value instead of throwing because Electron rewrites rejected invoke() messages
// ("Error invoking remote method ...") and drops the ApiError code; both shells then fail the same way.
import type { ApiError, WireMessage } from './contract';

type ResultMessage = Extract<WireMessage, { kind: 'result' }>;
export type IpcReply = ResultMessage extends infer M ? (M extends ResultMessage ? Omit<M, 'kind' | 'id'> : never) : never;

/** The page's one error for a call the wizard refused or failed (both bridges); 'disconnected': the browser
 *  host's socket dropped before it answered. */
export class WizardApiError extends Error {
  readonly code: ApiError['code'] | 'disconnected';
  constructor(error: { code: ApiError['code'] | 'disconnected'; message: string }) {
    super(error.message);
    this.name = 'WizardApiError';
    this.code = error.code;
  }
}

export function unwrapReply(reply: IpcReply): unknown {
  if (reply.ok) return reply.value;
  throw new WizardApiError(reply.error);
}
