// The page's one way to the engine. Under Electron the preload has put the API on window.exha; in a
// browser the same API runs over the browser host's WebSocket, authorised by the token in the page URL.
import type { WizardApi } from '../../../shared/contract';
import { createWsApi, type Connect } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser. */
    readonly exha?: WizardApi;
  }
}

let api: WizardApi | null = null;

export function connectApi(): WizardApi {
  api ??= window.exha ?? createWsApi({ url: apiUrl(), connect: browserSocket });
  return api;
}

function apiUrl(): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

const browserSocket: Connect = (url, events) => {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    events.opened();
  });
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') events.message(event.data);
  });
  socket.addEventListener('close', () => {
    events.closed();
  });
  return {
    send: (text) => {
      socket.send(text);
    },
    close: () => {
      socket.close();
    },
  };
};
