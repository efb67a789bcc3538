// The browser bridge refuses a request without the token, with a foreign Host header, from a foreign
// origin, or naming a path; it serves the renderer's files and nothing else.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { MAX_CONNECTIONS, startUiServer, type UiServer } from '../../src-main/api/httpServer.ts';
import { createSession } from '../../src-main/api/session.ts';

let dir: string;
let server: UiServer;

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustfix-bridge-'));
  await mkdir(join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'secret');
  const session = await createSession({ dataDir: join(dir, 'data'), shell: 'browser' });
  server = await startUiServer({ session, rendererDir: join(dir, 'renderer') });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the browser bridge', () => {
  it('listens on 127.0.0.1 with a long random token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });
  it('refuses every request without the right token', async () => {
    expect((await call('/')).status).toBe(401);
    expect((await call('/assets/app.js')).status).toBe(401);
    expect((await call('/api/settings.get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await call('/api/settings.get', { method: 'POST', headers: { ...auth(), Authorization: 'Bearer wrong' }, body: '{}' })).status).toBe(401);
    expect((await call('/api/events')).status).toBe(401);
  });
  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    expect((await call('/api/settings.get', { method: 'POST', headers: { ...auth(), Host: 'evil.example:80' }, body: '{}' })).status).toBe(421);
    expect((await call(`/?token=${server.token}`, { headers: { Host: `attacker.test:${server.port}` } })).status).toBe(421);
  });
  it('refuses a foreign Origin', async () => {
    expect((await call('/api/settings.get', { method: 'POST', headers: { ...auth(), Origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
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
        { host: '127.0.0.1', port: server.port, path: '/api/settings.get', method: 'POST', headers: { Host: `127.0.0.1:${server.port}`, ...auth(), 'Transfer-Encoding': 'chunked' } },
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
    const r = await call('/api/bundle.details', { method: 'POST', headers: auth(), body: JSON.stringify({ path: join(dir, 'secret.txt') }) });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'app:api.badRequest' } });
    const id = await call('/api/bundle.details', { method: 'POST', headers: auth(), body: JSON.stringify({ id: join(dir, 'secret.txt') }) });
    expect(id.status).toBe(400);
  });
  it('answers the table with the token, and sets a strict CSP', async () => {
    const r = await call('/api/settings.get', { method: 'POST', headers: auth(), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { shell: 'browser' } });
    const page = await call(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly');
  });
  it('serves the renderer files and nothing else', async () => {
    const h = { Authorization: `Bearer ${server.token}` };
    expect((await call('/assets/app.js', { headers: h })).status).toBe(200);
    expect((await call('/secret.txt', { headers: h })).status).toBe(404);
    expect((await call('/../secret.txt', { headers: h })).status).toBe(404);
    expect((await call('/assets/%2e%2e/%2e%2e/secret.txt', { headers: h })).status).toBe(404);
    expect((await call('/api/nope', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(400);
    expect((await call('/api/settings.get', { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
  });
});
