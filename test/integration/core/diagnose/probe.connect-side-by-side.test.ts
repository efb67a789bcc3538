// The connection probe tries urllib, requests and pip side by side: one after another, each several
// round trips to a distant host, one venv took 1.1 s to diagnose. Shown without a clock: the server here lets no connection through until two are open at
// once; clients that wait for each other never get there (the first times out), clients that run
// side by side all get through. Runs with every interpreter present that has pip (urllib + pip).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_PROBE } from '../../../../src-main/core/diagnose/probe.ts';
import { makeCert } from '../../../helpers/checkPki.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { httpsServer, type Running } from '../../../helpers/checkServers.ts';

const PYTHONS = [
  '/root/.pyenv/versions/2.7.18/bin/python',
  '/root/.pyenv/versions/3.11.7/bin/python',
  '/root/.pyenv/versions/3.13.0/bin/python',
  '/usr/bin/python3',
].filter(existsSync);

let dir: string;
let cleanup: () => void;
let tls: Running;
let gate: Server;
let gatePort: number;
let store: string;

/** Holds every connection until `needed` are open at the same time, then lets all through to `port`. */
function barrier(port: number, needed: number): Server {
  let waiting: Socket[] = [];
  let open = false;
  const through = (s: Socket): void => {
    const up = connect(port, '127.0.0.1');
    s.pipe(up).pipe(s);
    const close = (): void => {
      s.destroy();
      up.destroy();
    };
    s.on('error', close).on('close', close);
    up.on('error', close).on('close', close);
  };
  return createServer((s) => {
    if (open) return through(s);
    waiting.push(s);
    s.on('close', () => (waiting = waiting.filter((w) => w !== s)));
    if (waiting.length >= needed) {
      open = true;
      for (const w of waiting) through(w);
      waiting = [];
    }
  });
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-side-by-side-'));
  const root = makeCert({ cn: 'Side Root', ca: true });
  const leaf = makeCert({ cn: 'localhost', issuer: root, dns: ['localhost'] });
  tls = await httpsServer({ key: leaf.keyPem, certChain: leaf.pem });
  store = join(dir, 'store.pem');
  await writeFile(store, root.pem);
});

afterAll(async () => {
  gate?.close();
  await tls?.close();
  cleanup?.();
});

interface Client {
  client: string;
  available: boolean;
  ok?: boolean;
  error?: string | null;
}

describe.skipIf(PYTHONS.length === 0)('the connection probe: clients connect side by side', () => {
  it.each(PYTHONS)(
    '%s: urllib and pip both get through a server that waits for two connections at once',
    async (python) => {
      gate = barrier(tls.port, 2);
      await new Promise<void>((r) => gate.listen(0, '127.0.0.1', r));
      gatePort = (gate.address() as AddressInfo).port;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        SSL_CERT_FILE: store,
        REQUESTS_CA_BUNDLE: store,
        PIP_CERT: store,
        PIP_CONFIG_FILE: '/dev/null',
      };
      for (const k of [
        'HTTPS_PROXY',
        'https_proxy',
        'HTTP_PROXY',
        'http_proxy',
        'ALL_PROXY',
        'all_proxy',
        'SSL_CERT_DIR',
      ])
        delete env[k];
      // Two seconds per client: enough on a loaded machine, and what a waiting client times out after.
      const r = await execa(python, ['-B', CONNECT_PROBE, `https://localhost:${gatePort}/`, '2'], {
        env,
        extendEnv: false,
        timeout: 60_000,
        reject: false,
      });
      gate.close();
      const clients = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { clients: Client[] }).clients;
      expect(clients.map((c) => c.client)).toEqual(['urllib', 'requests', 'pip']);
      const used = clients.filter((c) => c.available);
      expect(used.map((c) => c.client)).toContain('pip');
      for (const c of used)
        expect({ client: c.client, ok: c.ok, error: c.error }).toEqual({ client: c.client, ok: true, error: null });
    },
    60_000,
  );
});
