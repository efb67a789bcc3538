// The browser bridge behind `trustfix ui`: the built renderer and the API table on 127.0.0.1 only.
// Every request must carry the session's random token (header, cookie set with the page, or the
// URL's ?token=), and name this server in its Host header (a DNS-rebinding page cannot); POSTs with
// an Origin must come from this origin. Nothing but the renderer's files and /api is served.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
}

export interface UiServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
/** Open connections at once: the app needs a handful (the page, its events stream, a few calls); any
 * local user can reach the port, and a flood of idle sockets must not exhaust the process. */
export const MAX_CONNECTIONS = 64;
const COOKIE = 'trustfix_token';

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const files = await loadRenderer(options.rendererDir);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  let port = options.port ?? 0;
  const streams = new Set<ServerResponse>();

  const tokenOk = (req: IncomingMessage, url: URL): boolean => {
    const auth = req.headers.authorization;
    const cookie = /(?:^|;\s*)trustfix_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const given = auth?.startsWith('Bearer ') ? auth.slice(7) : (req.headers['x-trustfix-token'] as string | undefined) ?? cookie ?? url.searchParams.get('token') ?? '';
    const buf = Buffer.from(given);
    return buf.length === expected.length && timingSafeEqual(buf, expected);
  };
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
    if (!tokenOk(req, url)) return send(res, 401, 'text/plain; charset=utf-8', 'this TrustFix session needs its token: open the URL printed by "trustfix ui"');
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return send(res, 403, 'text/plain; charset=utf-8', 'foreign origin');

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'text/plain; charset=utf-8', 'JSON only');
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
      const refused = !result.ok && (result.error.code === 'app:api.badRequest' || result.error.code === 'app:api.unknownChannel');
      return send(res, refused ? 400 : 200, 'application/json', JSON.stringify(result));
    }
    if (req.method === 'GET' && url.pathname === '/api/events') return openStream(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const file: StaticFile | undefined = files.get(url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    const extra: Record<string, string> = file.type.startsWith('text/html') ? { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type, 'Content-Length': file.body.length, ...extra });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const off = options.session.onEvent((event, payload) => {
      if ((EVENTS as readonly string[]).includes(event)) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
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
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** 413, then the connection closes once the answer is out (the rest of the body is not read). */
function tooLarge(res: ServerResponse): void {
  const body = 'request too large';
  res.writeHead(413, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
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
