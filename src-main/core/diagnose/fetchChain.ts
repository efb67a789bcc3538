// Reads the certificate chain a server presents, like `openssl s_client -showcerts`: TCP (through
// an HTTPS_PROXY with CONNECT when the environment says so, as the Python clients would), then a
// TLS handshake with SNI. Nothing read here is trusted: the chain is judged afterwards, offline,
// against each source a client uses.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { request as httpRequest, type RequestOptions } from 'node:http';
import {
  connect as tlsConnect,
  type ConnectionOptions,
  type PeerCertificate,
  type DetailedPeerCertificate,
} from 'node:tls';
import { getProxyForUrl } from 'proxy-from-env';
import { msg, Problem } from '../messages.ts';
import { hostPort } from './target.ts';

export interface FetchedChain {
  /** DER of each certificate, leaf first, in issuer order as the handshake delivered them. */
  ders: Buffer[];
  /** "TLSv1.3", "TLSv1", ... */
  protocol: string;
  /** The proxy the connection went through, if any. */
  proxy?: string;
}

export type FetchFailureKind = 'dns' | 'refused' | 'timeout' | 'reset' | 'proxy' | 'tls' | 'other';

/** Why the chain could not be read: a Problem (the sentence for its kind) that keeps the kind, the
 * system's code and its own words (the check's report shows them). */
export class FetchError extends Problem {
  readonly kind: FetchFailureKind;
  readonly code: string | undefined;
  readonly detail: string;
  constructor(kind: FetchFailureKind, detail: string, code?: string) {
    super(msg(`check:detail.unreachable.${kind}`, { error: detail }));
    this.kind = kind;
    this.code = code;
    this.detail = detail;
  }
}

export interface FetchOptions {
  /** SNI to send; `null` sends none (what a Python without SNI does). Default: the host. */
  servername?: string | null;
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export function proxyFor(host: string, port: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const saved = swapEnv(env);
  try {
    return getProxyForUrl(`https://${hostPort(host, port)}/`) || undefined;
  } finally {
    saved();
  }
}

/** proxy-from-env reads process.env; let a caller pass another environment. */
function swapEnv(env: NodeJS.ProcessEnv): () => void {
  if (env === process.env) return () => {};
  const names = [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'NO_PROXY',
    'no_proxy',
    'npm_config_https_proxy',
    'npm_config_proxy',
    'npm_config_no_proxy',
  ];
  const old = new Map(names.map((n) => [n, process.env[n]]));
  for (const n of names) {
    if (env[n] === undefined) delete process.env[n];
    else process.env[n] = env[n];
  }
  return () => {
    for (const [n, v] of old) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  };
}

export async function fetchChain(host: string, port: number, options: FetchOptions = {}): Promise<FetchedChain> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const proxy = proxyFor(host, port, options.env);
  const socket = proxy ? await connectThroughProxy(proxy, host, port, timeoutMs, options.signal) : undefined;
  const servername = options.servername === undefined ? host : options.servername;
  return new Promise<FetchedChain>((resolve, reject) => {
    const tls = tlsConnect({
      ...(socket ? { socket } : { host, port }),
      ...(servername && !isIP(servername) ? { servername } : {}),
      rejectUnauthorized: false, // diagnosis, not trust: we only READ the chain here; every verdict is made later against each client's own trust source
      ca: [], // no roots of our own: the chain reported is exactly what the server sent, not completed from Node's store
      minVersion: 'TLSv1', // read old servers too, to be able to say "TLS 1.0 only"
      ciphers: 'DEFAULT:@SECLEVEL=0',
      timeout: timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    } as ConnectionOptions);
    const fail = (error: FetchError): void => {
      tls.destroy();
      reject(error);
    };
    tls.setTimeout(timeoutMs, () =>
      fail(
        new FetchError('timeout', `no TLS handshake with ${hostPort(host, port)} within ${timeoutMs} ms`, 'ETIMEDOUT'),
      ),
    );
    tls.once('secureConnect', () => {
      const ders = chainOf(tls.getPeerCertificate(true));
      const protocol = tls.getProtocol() ?? 'unknown';
      tls.end();
      tls.destroy();
      resolve({ ders, protocol, ...(proxy ? { proxy } : {}) });
    });
    tls.once('error', (error: NodeJS.ErrnoException) => fail(classify(error)));
  });
}

function chainOf(leaf: DetailedPeerCertificate | PeerCertificate): Buffer[] {
  const ders: Buffer[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf as DetailedPeerCertificate;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    ders.push(Buffer.from(cert.raw));
    cert = cert.issuerCertificate;
  }
  return ders;
}

export function classify(error: NodeJS.ErrnoException): FetchError {
  const code = error.code;
  const message = error.message;
  if (error instanceof FetchError) return error;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new FetchError('dns', message, code);
    case 'ECONNREFUSED':
      return new FetchError('refused', message, code);
    case 'ETIMEDOUT':
    case 'ABORT_ERR':
      return new FetchError('timeout', message, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new FetchError('reset', message, code);
    default:
      return new FetchError(
        code?.startsWith('ERR_SSL') || /SSL|TLS|alert/i.test(message) ? 'tls' : 'other',
        message,
        code,
      );
  }
}

function connectThroughProxy(
  proxy: string,
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Socket> {
  const p = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  const target = hostPort(host, port);
  return new Promise<Socket>((resolve, reject) => {
    if (p.protocol !== 'http:') {
      reject(new FetchError('proxy', `proxy ${proxy}: only http:// proxies (CONNECT) are supported`));
      return;
    }
    const auth = p.username
      ? {
          'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}`,
        }
      : {};
    const req = httpRequest({
      host: p.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(p.port || 80),
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...auth },
      timeout: timeoutMs,
      ...(signal ? { signal } : {}),
      createConnection: (opts: any) => netConnect(opts),
    } as RequestOptions);
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(
          new FetchError(
            'proxy',
            `proxy ${p.host} answered CONNECT ${target} with ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
          ),
        );
      }
    });
    req.once('timeout', () =>
      req.destroy(new FetchError('timeout', `proxy ${p.host} did not answer within ${timeoutMs} ms`, 'ETIMEDOUT')),
    );
    req.once('error', (error: NodeJS.ErrnoException) => {
      const c = classify(error);
      reject(c.kind === 'timeout' ? c : new FetchError('proxy', `proxy ${p.host}: ${error.message}`, error.code));
    });
    req.end();
  });
}
