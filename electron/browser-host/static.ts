// Serves the built renderer: files under one folder only, known types only, the page itself only
// with this run's token (the scripts and styles it loads are the same for everyone and carry none).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { tokenMatches } from './guards';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticOptions {
  root: string;
  token: string;
  /** Headers every response carries (CSP and friends). */
  headers: Readonly<Record<string, string>>;
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, options: StaticOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    refuse(res, 405, 'Only GET and HEAD are served here.', options.headers);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const file = resolveInside(options.root, url.pathname === '/' ? '/index.html' : url.pathname);
  if (file === null) {
    refuse(res, 404, 'Not found.', options.headers);
    return;
  }
  const isPage = extname(file) === '.html';
  if (isPage && !tokenMatches(url.searchParams.get('token'), options.token)) {
    refuse(
      res,
      403,
      'This wizard needs the address printed by npm start, including its ?token=...; this one is missing it or it is from another run.',
      options.headers,
    );
    return;
  }
  const type = MIME[extname(file)];
  const info = await stat(file).catch(() => null);
  if (info === null && url.pathname === '/favicon.ico') {
    // Browsers ask for it unprompted; a 404 would be the only error in an otherwise clean console.
    res.writeHead(204, options.headers);
    res.end();
    return;
  }
  if (type === undefined || info === null || !info.isFile()) {
    refuse(res, 404, 'Not found.', options.headers);
    return;
  }
  res.writeHead(200, {
    ...options.headers,
    'Content-Type': type,
    'Content-Length': String(info.size),
    // The page URL holds the token: never cache it; assets are fingerprinted by the build.
    'Cache-Control': isPage ? 'no-store' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

/** null for anything that would leave the folder, or that a URL should not name (NUL, backslash, dot files). */
function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const base = resolve(root);
  const full = resolve(base, `.${decoded}`);
  const rel = relative(base, full);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return full;
}

export function refuse(res: ServerResponse, status: number, line: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${line}\n`);
}
