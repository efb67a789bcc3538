// The browser bridge behind `trustfix ui`: the built renderer and the API table on 127.0.0.1 only.
// Every request must name this server in its Host header (a DNS-rebinding page cannot), and carry
// either this run's cookie or the session's token in a header (see bridgeAccess.ts: the token is
// never in a URL). A browser gets the cookie by opening a one-time link (/open/<code>), answered with
// a redirect to the clean URL "/". POSTs with an Origin must come from this origin. Nothing but the
// renderer's files and /api is served.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cookieNameFor, createBridgeAccess } from './bridgeAccess.ts';
import { pageLanguage, refusalPage, type Refusal } from './bridgePage.ts';
import { EVENTS } from './channels.ts';
import { SECURITY_HEADERS } from './csp.ts';
import { dispatch } from './dispatch.ts';
import type { Session } from './session.ts';
import { loadRenderer, type StaticFile } from './staticFiles.ts';

export interface UiServerOptions {
  session: Session;
  rendererDir: string;
  port?: number;
  token?: string;
  /** A browser came back with a link that was used already, and without this run's cookie: the
   * person may have opened it twice, or somebody else took it first (the terminal is told). */
  onReusedCode?: () => void;
}

export interface UiServer {
  origin: string;
  /** For a program in this process, sent in a header (Bearer or X-TrustFix-Token); never in a URL. */
  token: string;
  port: number;
  /** A new link, `<origin>/open/<code>`, that opens the app in one browser, once, within ttlMs. */
  openLink(ttlMs?: number): string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
/** Open connections at once: the app needs a handful (the page, its events stream, a few calls); any
 * local user can reach the port, and a flood of idle sockets must not exhaust the process. */
export const MAX_CONNECTIONS = 64;
/** How long a link works when none is said: long enough for a browser to start. */
export const LINK_TTL_MS = 2 * 60_000;
const CODE_PATH = /^\/open\/([\w-]{1,64})$/;

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const files = await loadRenderer(options.rendererDir);
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port ?? 0;
  const access = createBridgeAccess(token);
  const streams = new Set<ServerResponse>();

  const hostOk = (req: IncomingMessage): boolean => {
    const host = (req.headers.host ?? '').toLowerCase();
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req)) return send(res, 421, 'text/plain; charset=utf-8', 'wrong Host header');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const code = req.method === 'GET' ? CODE_PATH.exec(url.pathname)?.[1] : undefined;
    if (code !== undefined || url.pathname.startsWith('/open/')) return openWithCode(req, res, code ?? '');
    if (!access.allows(req.headers, cookieNameFor(port))) {
      if (url.pathname.startsWith('/api/'))
        return send(
          res,
          401,
          'text/plain; charset=utf-8',
          'this TrustFix session opens from the link printed by "trustfix ui"',
        );
      return refuse(req, res, 401, 'none');
    }
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
      return send(res, 403, 'text/plain; charset=utf-8', 'foreign origin');

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'text/plain; charset=utf-8', 'JSON only');
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice(5));
      } catch {
        return send(res, 400, 'text/plain; charset=utf-8', 'bad percent-encoding in the path');
      }
      // Refused before reading when the declared length is over; a body that turns out longer stops
      // being kept. Either way the answer is 413, and the connection is closed after it.
      const declared = Number(req.headers['content-length'] ?? 0);
      const body = declared > MAX_BODY ? undefined : await readBody(req);
      if (body === undefined) return tooLarge(res);
      let request: unknown;
      try {
        request = body.length ? JSON.parse(body) : {};
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'app:api.notJson' } }));
      }
      const result = await dispatch(options.session, channel, request);
      const refused =
        !result.ok && (result.error.code === 'app:api.badRequest' || result.error.code === 'app:api.unknownChannel');
      return send(res, refused ? 400 : 200, 'application/json', JSON.stringify(result));
    }
    if (req.method === 'GET' && url.pathname === '/api/events') return openStream(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const file: StaticFile | undefined = files.get(url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type, 'Content-Length': file.body.length });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /** A fresh code becomes this run's cookie, and the browser goes on to "/": the address bar and the
   * history keep no secret. A used one in a browser that has the cookie is a reload: go on too. */
  function openWithCode(req: IncomingMessage, res: ServerResponse, code: string): void {
    // A browser guessing ahead (prefetch, prerender) must not use the link up: it is declined, and the
    // real navigation comes with it again.
    if (/prefetch/i.test(`${String(req.headers['sec-purpose'] ?? '')} ${String(req.headers.purpose ?? '')}`))
      return send(res, 503, 'text/plain; charset=utf-8', 'not prefetched');
    const got = access.redeem(code);
    if (got.ok)
      return redirectHome(res, {
        'Set-Cookie': `${cookieNameFor(port)}=${got.cookie}; HttpOnly; SameSite=Strict; Path=/`,
      });
    if (access.hasCookie(req.headers, cookieNameFor(port))) return redirectHome(res, {});
    if (got.why === 'used') options.onReusedCode?.();
    refuse(req, res, 403, got.why === 'used' ? 'used' : 'invalid');
  }

  function refuse(req: IncomingMessage, res: ServerResponse, status: number, why: Refusal): void {
    const lang = pageLanguage(options.session.settings, req.headers['accept-language']);
    send(res, status, 'text/html; charset=utf-8', refusalPage(why, lang));
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const off = options.session.onEvent((event, payload) => {
      if ((EVENTS as readonly string[]).includes(event))
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      off();
      clearInterval(ping);
      streams.delete(res);
    });
  }

  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    token,
    port,
    openLink: (ttlMs = LINK_TTL_MS) => `${origin}/open/${access.newCode(ttlMs)}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function redirectHome(res: ServerResponse, extra: Record<string, string>): void {
  res.writeHead(303, { ...SECURITY_HEADERS, Location: '/', 'Content-Length': 0, ...extra });
  res.end();
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** 413, then the connection closes once the answer is out (the rest of the body is not read). */
function tooLarge(res: ServerResponse): void {
  const body = 'request too large';
  res.writeHead(413, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body, () => res.socket?.destroySoon());
}

/** The body, or undefined as soon as it passes MAX_BODY (what came so far is dropped). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        chunks.length = 0;
        req.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
