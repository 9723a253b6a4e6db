// The wizard in an ordinary browser: the built page and the contract over a WebSocket, on loopback only,
// for whoever holds this run's token and loads the page from this very server.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Wizard } from '../procedure/wizard';
import { contentSecurityPolicy } from '../host/csp';
import { serveApi } from './api';
import { isLoopbackHost, isOwnOrigin, newToken, tokenMatches, tokenOf } from './guards';
import { refuse, serveStatic } from './static';

export interface BrowserHostOptions {
  host: Wizard;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer, normally dist/renderer. */
  staticDir: string;
  log?: (line: string) => void;
}

export interface BrowserHost {
  /** The address to open, token included. */
  url: string;
  token: string;
  close(): Promise<void>;
}

const API_PATH = '/api';

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const log =
    options.log ??
    ((line: string) => {
      console.warn(`[browser-host] ${line}`);
    });
  const token = newToken();
  let port = 0;
  const headers = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`),
    'X-Content-Type-Options': 'nosniff',
    // The page address carries the token: it must never leave in a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  const server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host, port)) {
      refuse(res, 403, 'Open this wizard at the 127.0.0.1 address printed by npm start.');
      return;
    }
    serveStatic(req, res, { root: options.staticDir, token, headers: headers() }).catch((err: unknown) => {
      log(`could not serve ${req.url ?? ''}: ${String(err)}`);
      if (!res.headersSent) refuse(res, 500, 'The wizard page could not be read.');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const problem = upgradeProblem(req, port, token);
    if (problem !== null) {
      log(`refused a WebSocket: ${problem}`);
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${problem}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req);
    });
  });
  const stopViews = serveApi(wss, options.host, log);

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    close: async () => {
      stopViews();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolveClose) => {
        wss.close(() => {
          resolveClose();
        });
      });
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => {
        server.close(() => {
          resolveClose();
        });
      });
    },
  };
}

function upgradeProblem(req: IncomingMessage, port: number, token: string): string | null {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (path !== API_PATH) return `no WebSocket at ${path}`;
  if (!isLoopbackHost(req.headers.host, port)) return `Host header ${req.headers.host ?? '(none)'} is not this server`;
  if (!isOwnOrigin(req.headers.origin, port)) return `Origin ${req.headers.origin ?? '(none)'} is not this server`;
  if (!tokenMatches(tokenOf(req.url), token)) return 'missing or wrong token';
  return null;
}
