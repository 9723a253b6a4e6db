// The page's Content-Security-Policy as a response header, for both shells. It repeats the meta tag the
// renderer build injects (renderer/vite.config.ts) and adds what only a header can say (frame-ancestors).
// No electron import here: the browser host shares this file.

const BASE: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
];

/** `wsOrigin` is the browser host's own WebSocket origin; the Electron window connects nowhere. */
export function contentSecurityPolicy(wsOrigin?: string): string {
  const connect = wsOrigin === undefined ? "connect-src 'self'" : `connect-src 'self' ${wsOrigin}`;
  return [...BASE, connect].join('; ');
}
