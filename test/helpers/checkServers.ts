// Test servers for `trustfix check`: an HTTPS server per case, a plain-HTTP server for AIA, and a
// tiny HTTP CONNECT proxy that records what it tunnelled. All on 127.0.0.1.
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { connect as netConnect, type AddressInfo, type Server } from 'node:net';

export interface Running {
  port: number;
  close: () => Promise<void>;
}

function listen(server: Server | HttpServer, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

function closer(server: Server | HttpServer): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      (server as HttpServer).closeAllConnections?.();
      server.close(() => resolve());
    });
}

export async function httpsServer(opts: {
  key: string;
  certChain: string;
  tls10?: boolean;
  sni?: Record<string, { key: string; cert: string }>;
}): Promise<Running> {
  const server = createHttps(
    {
      key: opts.key,
      cert: opts.certChain,
      ...(opts.tls10
        ? { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' }
        : {}),
    },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
      res.end('ok\n');
    },
  );
  server.on('tlsClientError', () => {});
  const port = await listen(server);
  return { port, close: closer(server) };
}

export async function staticHttp(files: Record<string, Buffer>): Promise<Running & { hits: string[] }> {
  const hits: string[] = [];
  const server = createHttp((req, res) => {
    hits.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkix-cert' }).end(body);
  });
  const port = await listen(server);
  return { port, hits, close: closer(server) };
}

export async function connectProxy(): Promise<Running & { tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createHttp((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').replace(/^\[(.*)\](:\d+)$/, '$1$2').split(/:(?=\d+$)/);
    const upstream = netConnect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return { port, tunnels, close: closer(server) };
}
