// Who may talk to the browser host: a page we served (our Origin), holding this run's token, addressed
// to loopback by name or number (a Host check, so a DNS-rebound name cannot reach us).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant time whatever the lengths: both sides are hashed to the same size first. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** The token from a request target such as "/api?token=..." (the host part is irrelevant here). */
export function tokenOf(requestUrl: string | undefined): string | null {
  return new URL(requestUrl ?? '/', 'http://127.0.0.1').searchParams.get('token');
}
