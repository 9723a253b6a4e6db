// The contract over the browser host's WebSocket. No DOM types here (the socket comes in through
// `connect`), so Node tests can drive this exact code against a real server.
import type { WireMessage, WizardApi, WizardView } from '../../../shared/contract';
import { apiCalls } from '../../../shared/api-calls';
import type { Operation } from '../../../shared/operations';
import { WizardApiError } from '../../../shared/reply';

export interface Connection {
  send(text: string): void;
  close(): void;
}

/** Opens a socket and reports on it; `closed` also follows a failed attempt. */
export type Connect = (url: string, events: { opened(): void; message(text: string): void; closed(): void }) => Connection;

export interface WsApiOptions {
  url: string;
  connect: Connect;
  /** Reconnect delays: doubling from `firstRetryMs` up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Unsent requests wait for the next connection; sent ones cannot know their fate once it drops. */
  text: string | null;
}

export function createWsApi(options: WsApiOptions): WizardApi & { close(): void } {
  const first = options.firstRetryMs ?? 250;
  const max = options.maxRetryMs ?? 5000;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(view: WizardView) => void>();
  let connection: Connection | null = null;
  let open = false;
  let everOpened = false;
  let stopped = false;
  let attempt = 0;
  let nextId = 1;

  const emit = (view: WizardView): void => {
    for (const listener of [...listeners]) listener(view);
  };

  const receive = (text: string): void => {
    let message: WireMessage;
    try {
      message = JSON.parse(text) as WireMessage;
    } catch {
      return;
    }
    if (message.kind === 'view') {
      emit(message.view);
      return;
    }
    const waiting = pending.get(message.id);
    if (waiting === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new WizardApiError(message.error));
  };

  const dial = (): void => {
    connection = options.connect(options.url, {
      opened: () => {
        open = true;
        attempt = 0;
        for (const waiting of pending.values()) {
          if (waiting.text !== null) connection?.send(waiting.text);
          waiting.text = null;
        }
        // After a drop the page may be showing a stale step: ask for the present.
        if (everOpened)
          call('getView', null)
            .then(emit)
            .catch(() => undefined);
        everOpened = true;
      },
      message: receive,
      closed: () => {
        open = false;
        connection = null;
        for (const [id, waiting] of pending) {
          if (waiting.text !== null) continue;
          pending.delete(id);
          waiting.reject(
            new WizardApiError({
              code: 'disconnected',
              message:
                'The connection to the wizard dropped before it answered. It reconnects by itself; check the step before trying again.',
            }),
          );
        }
        if (stopped) return;
        const delay = Math.min(max, first * 2 ** attempt);
        attempt += 1;
        setTimeout(() => {
          if (!stopped) dial();
        }, delay);
      },
    });
  };

  const call = (op: Operation, arg: unknown): Promise<never> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const text = JSON.stringify({ id, op, arg });
      pending.set(id, { resolve, reject, text: open ? null : text });
      if (open) connection?.send(text);
    });

  dial();
  return {
    ...apiCalls(call),
    onView: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close: () => {
      stopped = true;
      connection?.close();
    },
  };
}
