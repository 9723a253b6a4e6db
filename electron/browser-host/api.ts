// The contract over a WebSocket: one JSON request per message, one result per request, and every view
// the wizard pushes sent to every page. The same dispatch as Electron's IPC validates before the wizard runs.
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { WireRequestSchema, type WireMessage } from '../../shared/contract';
import type { Wizard } from '../procedure/wizard';
import { dispatch } from '../host/dispatch';

export function serveApi(wss: WebSocketServer, wizard: Wizard, log: (line: string) => void): () => void {
  const send = (socket: WebSocket, message: WireMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  // Without a listener an 'error' is thrown and ends the process: every page would lose the wizard.
  wss.on('error', (err) => {
    log(`WebSocket server error: ${err.message}`);
  });

  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      void answer(socket, isBinary ? null : textOf(data));
    });
    // A frame over the size limit, invalid UTF-8, a broken frame: refuse it, close this socket only, keep serving.
    socket.on('error', (err) => {
      log(`closed a WebSocket after a bad frame: ${err.message}`);
      // ws has already started the close with the right code (1009 too big, 1007 invalid UTF-8) for its own
      // protocol errors; anything else found the socket still open.
      if (socket.readyState === socket.OPEN) socket.close(1008, 'refused');
    });
    // A page that reconnects sees the present at once, before it asks.
    send(socket, { kind: 'view', view: wizard.view() });
  });

  const answer = async (socket: WebSocket, text: string | null): Promise<void> => {
    const request = WireRequestSchema.safeParse(parseJson(text));
    if (!request.success) {
      log('refused a message that is not a request');
      // Without a readable id there is nothing to answer to; -1 lets the page log it.
      const id = idOf(text);
      send(socket, {
        kind: 'result',
        id,
        ok: false,
        error: { code: 'invalid-request', message: 'Not a request: expected {"id", "op", "arg"} with a known op.' },
      });
      return;
    }
    const { id, op, arg } = request.data;
    const reply = await dispatch(wizard, op, arg, log);
    send(socket, reply.ok ? { kind: 'result', id, ok: true, value: reply.value } : { kind: 'result', id, ok: false, error: reply.error });
  };

  return wizard.subscribe((view) => {
    for (const socket of wss.clients) send(socket, { kind: 'view', view });
  });
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function idOf(text: string | null): number {
  const value = parseJson(text);
  if (typeof value === 'object' && value !== null && 'id' in value && Number.isInteger(value.id) && (value.id as number) >= 0)
    return value.id as number;
  return -1;
}
