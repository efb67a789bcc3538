// Who may use the browser bridge. The session's token never travels in a URL (a URL shows in `ps`
// while xdg-open runs, in the browser's own command line when it starts, in the address bar and in
// history): a browser is handed a one-time link instead, which the server exchanges for a cookie.
//   - a code: random, works once, for a short time; only its SHA-256 is kept;
//   - a cookie: HttpOnly, SameSite=Strict, named after the port (cookies are per host, not per port,
//     so two runs on two ports never overwrite each other's), minted per exchange; only its SHA-256 is
//     kept, so a lookup takes the same time whatever the guess;
//   - the token: for a program in this process that sends it in a header (Bearer or X-TrustFix-Token).
// A request may carry any number of cookies of other runs: each value of our name is tried, and any
// other name is ignored, so a stale cookie never locks anyone out.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type Redeemed = { ok: true; cookie: string } | { ok: false; why: 'used' | 'expired' | 'unknown' };

/** The cookie's name for a server on this port. */
export const cookieNameFor = (port: number): string => `trustfix_${port}`;

export interface BridgeAccess {
  /** A new code that opens the app once, within ttlMs. */
  newCode(ttlMs: number): string;
  /** Uses a code up: a new cookie value if it was fresh, else why not. */
  redeem(code: string): Redeemed;
  /** The request carries the token in a header, or a cookie this server minted under this name. */
  allows(headers: IncomingHttpHeaders, cookieName: string): boolean;
  /** The request carries a cookie this server minted, under this name. */
  hasCookie(headers: IncomingHttpHeaders, cookieName: string): boolean;
}

const secret = (): string => randomBytes(24).toString('base64url');
const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Every value sent under this name: a browser may send the same name more than once (other paths). */
export function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

export function createBridgeAccess(token: string, now: () => number = Date.now): BridgeAccess {
  const expected = Buffer.from(token);
  const codes = new Map<string, { expires: number; used: boolean }>();
  const cookies = new Set<string>();

  const tokenOk = (given: string | undefined): boolean => {
    if (!given) return false;
    const buf = Buffer.from(given);
    return buf.length === expected.length && timingSafeEqual(buf, expected);
  };
  const hasCookie = (headers: IncomingHttpHeaders, cookieName: string): boolean =>
    cookieValues(headers.cookie, cookieName).some((v) => cookies.has(digest(v)));

  return {
    newCode(ttlMs) {
      const code = secret();
      codes.set(digest(code), { expires: now() + ttlMs, used: false });
      return code;
    },
    redeem(code) {
      const entry = codes.get(digest(code));
      if (!entry) return { ok: false, why: 'unknown' };
      if (entry.used) return { ok: false, why: 'used' };
      if (now() > entry.expires) return { ok: false, why: 'expired' };
      entry.used = true;
      const cookie = secret();
      cookies.add(digest(cookie));
      return { ok: true, cookie };
    },
    allows(headers, cookieName) {
      const auth = headers.authorization;
      const header = auth?.startsWith('Bearer ') ? auth.slice(7) : (headers['x-trustfix-token'] as string | undefined);
      return tokenOk(header) || hasCookie(headers, cookieName);
    },
    hasCookie,
  };
}
