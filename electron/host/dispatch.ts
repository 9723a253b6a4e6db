// One operation from an untrusted page to the wizard: the shape is checked against the contract's schema
// before the wizard sees it, and every failure becomes an ApiError. Shared by the two shells that host the
// window (Electron IPC and the browser host), so both refuse exactly the same things (no electron import here).
import { requestSchemas, type ApiError, type Operation } from '../../shared/contract';
import type { Wizard } from '../procedure/wizard';
import type { IpcReply } from '../../shared/reply';

export type Reply = IpcReply;

const API_CODES: ReadonlySet<string> = new Set<ApiError['code']>(['invalid-request', 'not-allowed', 'failed']);

export async function dispatch(wizard: Wizard, op: Operation, arg: unknown, log: (line: string) => void): Promise<Reply> {
  const parsed = requestSchemas[op].safeParse(arg);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(argument)'}: ${i.message}`).join('; ');
    log(`refused ${op}: invalid request (${detail})`);
    return { ok: false, error: { code: 'invalid-request', message: `Invalid ${op} request: ${detail}` } };
  }
  try {
    const value = await wizard.handle(op, parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}

/** Keeps the wizard's own code ('not-allowed') when it threw one; anything else is a plain failure. */
export function toApiError(err: unknown): ApiError {
  const message = err instanceof Error ? err.message : String(err);
  const code =
    typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' && API_CODES.has(err.code)
      ? (err.code as ApiError['code'])
      : 'failed';
  return { code, message };
}
