// The browser bridge refuses a request without the token, with a foreign Host header, from a foreign
// origin, or naming a path; it serves the renderer's files and nothing else. The token never travels
// in a URL: a browser opens a one-time link, exchanged for an HttpOnly cookie named after the port.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { MAX_CONNECTIONS, startUiServer, type UiServer } from '../../../src-main/api/httpServer.ts';
import { createSession } from '../../../src-main/api/session.ts';

let dir: string;
let server: UiServer;
const reused: string[] = [];

function call(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; to?: UiServer } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const port = (opts.to ?? server).port;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = (): Record<string, string> => ({
  Authorization: `Bearer ${server.token}`,
  'Content-Type': 'application/json',
});
const json = { 'Content-Type': 'application/json' };
/** The path of a one-time link, as a browser would ask for it. */
const pathOf = (link: string): string => new URL(link).pathname;
/** Opens a link; the cookie it set, as a browser sends it back ("name=value"). */
async function exchange(
  link: string,
  to: UiServer = server,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: unknown; setCookie: string; cookie: string }> {
  const r = await call(pathOf(link), { to, headers });
  const setCookie = ([] as string[]).concat((r.headers['set-cookie'] as string[] | undefined) ?? []).join('\n');
  return { status: r.status, location: r.headers.location, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustfix-bridge-'));
  await mkdir(join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'secret');
  const session = await createSession({ dataDir: join(dir, 'data'), shell: 'browser' });
  server = await startUiServer({
    session,
    rendererDir: join(dir, 'renderer'),
    onReusedCode: () => reused.push('used'),
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the browser bridge', () => {
  it('listens on 127.0.0.1 and hands out one-time links that do not carry the token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const a = server.openLink();
    const b = server.openLink();
    expect(a).toMatch(new RegExp(`^${server.origin}/open/[\\w-]{32}$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain(server.token);
    expect(a).not.toContain('token');
  });
  it('exchanges a link for an HttpOnly, SameSite=Strict cookie named after the port, then sends the browser to a clean URL', async () => {
    const r = await exchange(server.openLink());
    expect(r.status).toBe(303);
    expect(r.location).toBe('/');
    expect(r.setCookie).toMatch(new RegExp(`^trustfix_${server.port}=[\\w-]{32,}; `));
    expect(r.setCookie).toContain('HttpOnly');
    expect(r.setCookie).toContain('SameSite=Strict');
    expect(r.setCookie).toContain('Path=/');
    expect(r.setCookie).not.toContain(server.token);
    // The cookie opens the app and answers the table; the page itself sets no further cookie.
    const page = await call('/', { headers: { Cookie: r.cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(
      (await call('/api/settings.get', { method: 'POST', headers: { ...json, Cookie: r.cookie }, body: '{}' })).status,
    ).toBe(200);
  });
  it("a link works once; a used, wrong or expired one gets a page that says what to do (in the browser's language)", async () => {
    const link = server.openLink();
    const first = await exchange(link);
    expect(first.status).toBe(303);
    const before = reused.length;
    const again = await call(pathOf(link));
    expect(again.status).toBe(403);
    expect(String(again.headers['content-type'])).toMatch(/^text\/html/);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('already been used');
    expect(again.body).toContain('trustfix ui');
    // The terminal is told: somebody may have taken the browser's link.
    expect(reused.length).toBe(before + 1);
    const zh = await call(pathOf(link), { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(zh.status).toBe(403);
    expect(zh.body).toContain('lang="zh-CN"');
    expect(zh.body).toMatch(/[\u4e00-\u9fff]/);
    // The same used link in the browser that holds this run's cookie just opens the app (a reload).
    const reload = await exchange(link, server, { Cookie: first.cookie });
    expect(reload.status).toBe(303);
    expect(reload.location).toBe('/');
    // A made-up code, and one past its time.
    const wrong = await call(`/open/${'A'.repeat(32)}`);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('trustfix ui');
    const short = server.openLink(1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await exchange(short)).status).toBe(403);
  });
  it('a browser guessing ahead (prefetch, prerender) does not use a link up', async () => {
    const link = server.openLink();
    expect((await call(pathOf(link), { headers: { 'Sec-Purpose': 'prefetch;prerender' } })).status).toBe(503);
    expect((await call(pathOf(link), { headers: { Purpose: 'prefetch' } })).status).toBe(503);
    expect((await call(pathOf(link), { method: 'HEAD' })).status).toBe(403);
    expect((await exchange(link)).status).toBe(303);
  });
  it('accepts no token in a URL any more (not for the page, the events, or a call)', async () => {
    const q = `token=${server.token}`;
    const page = await call(`/?${q}`);
    expect(page.status).toBe(401);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    expect(page.body).toContain('trustfix ui');
    expect((await call(`/api/events?${q}`)).status).toBe(401);
    expect((await call(`/api/settings.get?${q}`, { method: 'POST', headers: json, body: '{}' })).status).toBe(401);
    expect((await call(`/assets/app.js?${q}`)).status).toBe(401);
  });
  it('the events stream opens with the cookie alone', async () => {
    const { cookie } = await exchange(server.openLink());
    const first = await new Promise<{ status: number; type: string; chunk: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie },
        },
        (res) => {
          res.once('data', (c: Buffer) => {
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), chunk: c.toString() });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^text\/event-stream/);
    expect(first.chunk).toContain(': connected');
  });
  it('stale cookies of other runs never lock anyone out: a valid link or cookie wins over any number of them', async () => {
    const stale = `trustfix_token=${'o'.repeat(32)}; trustfix_${server.port}=${'s'.repeat(32)}; trustfix_1=${'x'.repeat(32)}`;
    const r = await exchange(server.openLink(), server, { Cookie: stale });
    expect(r.status).toBe(303);
    expect(r.cookie).toMatch(new RegExp(`^trustfix_${server.port}=`));
    // Our own cookie among stale ones with the same name (another path, an older run): accepted.
    const mixed = `trustfix_${server.port}=${'s'.repeat(32)}; ${r.cookie}; trustfix_token=${'o'.repeat(32)}`;
    expect(
      (await call('/api/settings.get', { method: 'POST', headers: { ...json, Cookie: mixed }, body: '{}' })).status,
    ).toBe(200);
    expect((await call('/', { headers: { Cookie: mixed } })).status).toBe(200);
    // Only stale ones: refused, with the page.
    expect((await call('/', { headers: { Cookie: stale } })).status).toBe(401);
  });
  it("a later run on the same port refuses the earlier run's cookie and opens on its own link", async () => {
    const session = await createSession({ dataDir: join(dir, 'data-2'), shell: 'browser' });
    const first = await startUiServer({ session, rendererDir: join(dir, 'renderer') });
    const old = await exchange(first.openLink(), first);
    expect(old.status).toBe(303);
    const port = first.port;
    await first.close();
    const second = await startUiServer({ session, rendererDir: join(dir, 'renderer'), port });
    try {
      expect(second.port).toBe(port);
      expect((await call('/', { to: second, headers: { Cookie: old.cookie } })).status).toBe(401);
      const fresh = await exchange(second.openLink(), second, { Cookie: old.cookie });
      expect(fresh.status).toBe(303);
      expect(fresh.cookie).toMatch(new RegExp(`^trustfix_${port}=`));
      expect(fresh.cookie).not.toBe(old.cookie);
      expect(
        (
          await call('/api/settings.get', {
            to: second,
            method: 'POST',
            headers: { ...json, Cookie: fresh.cookie },
            body: '{}',
          })
        ).status,
      ).toBe(200);
    } finally {
      await second.close();
    }
  });
  it('refuses every request without the right token', async () => {
    expect((await call('/')).status).toBe(401);
    expect((await call('/assets/app.js')).status).toBe(401);
    expect(
      (await call('/api/settings.get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }))
        .status,
    ).toBe(401);
    expect(
      (
        await call('/api/settings.get', {
          method: 'POST',
          headers: { ...auth(), Authorization: 'Bearer wrong' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect((await call('/api/events')).status).toBe(401);
  });
  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    expect(
      (await call('/api/settings.get', { method: 'POST', headers: { ...auth(), Host: 'evil.example:80' }, body: '{}' }))
        .status,
    ).toBe(421);
    const link = server.openLink();
    expect((await call(pathOf(link), { headers: { Host: `attacker.test:${server.port}` } })).status).toBe(421);
    // The refused request did not use the link up.
    expect((await exchange(link)).status).toBe(303);
  });
  it('refuses a foreign Origin', async () => {
    expect(
      (
        await call('/api/settings.get', {
          method: 'POST',
          headers: { ...auth(), Origin: 'https://evil.example' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
  });
  it('answers 400 for bad percent-encoding in a channel name (not 500)', async () => {
    const r = await call('/api/settings.get%E0%A4%A', { method: 'POST', headers: auth(), body: '{}' });
    expect(r.status).toBe(400);
  });
  it('answers 413 for a body over the limit, declared or not (not a connection reset)', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(200 * 1024) });
    const declared = await call('/api/settings.get', { method: 'POST', headers: auth(), body: big });
    expect(declared.status).toBe(413);
    expect(declared.body).toBe('request too large');
    // Chunked: no length up front, the limit is found while reading.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/settings.get',
          method: 'POST',
          headers: { Host: `127.0.0.1:${server.port}`, ...auth(), 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(8 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    // The server still answers afterwards.
    expect((await call('/api/settings.get', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(200);
  });
  it(`caps open connections at ${MAX_CONNECTIONS}: one more is closed at once, and the app still answers once they go`, async () => {
    const sockets: Socket[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i++) {
      const s = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      sockets.push(s);
    }
    await new Promise((r) => setTimeout(r, 100)); // the server has accepted them all
    const extra = connect(server.port, '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      extra.once('close', () => resolve(true));
      extra.once('data', () => resolve(false));
      extra.once('connect', () => extra.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`));
    });
    expect(closed).toBe(true);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect((await call('/api/settings.get', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(200);
  });
  it('refuses a request that names a path', async () => {
    const r = await call('/api/bundle.details', {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ path: join(dir, 'secret.txt') }),
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'app:api.badRequest' } });
    const id = await call('/api/bundle.details', {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ id: join(dir, 'secret.txt') }),
    });
    expect(id.status).toBe(400);
  });
  it('answers the table with the token in a header, and sets a strict CSP', async () => {
    const r = await call('/api/settings.get', { method: 'POST', headers: auth(), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { shell: 'browser' } });
    expect(
      (
        await call('/api/settings.get', {
          method: 'POST',
          headers: { ...json, 'X-TrustFix-Token': server.token },
          body: '{}',
        })
      ).status,
    ).toBe(200);
    const page = await call('/', { headers: { Authorization: `Bearer ${server.token}` } });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    // The pages that refuse carry the same headers.
    expect(String((await call('/open/x')).headers['content-security-policy'])).toContain("default-src 'none'");
  });
  it('serves the renderer files and nothing else', async () => {
    const h = { Authorization: `Bearer ${server.token}` };
    expect((await call('/assets/app.js', { headers: h })).status).toBe(200);
    expect((await call('/secret.txt', { headers: h })).status).toBe(404);
    expect((await call('/../secret.txt', { headers: h })).status).toBe(404);
    expect((await call('/assets/%2e%2e/%2e%2e/secret.txt', { headers: h })).status).toBe(404);
    expect((await call('/api/nope', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(400);
    expect(
      (
        await call('/api/settings.get', {
          method: 'POST',
          headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
  });
});
