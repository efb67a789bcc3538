// Fetches an issuer certificate from an AIA caIssuers URL, as browsers do and Python does not.
// Plain HTTP by design (RFC 5280 4.2.2.1: the certificate is signed, the transport needs no trust);
// a short timeout and a size cap, because the URL comes from a certificate we have not trusted.
// The body may be DER, PEM, or a degenerate PKCS#7 ("certs-only") bundle.
import { request as httpRequest } from 'node:http';
import 'reflect-metadata';
import { PemConverter, X509Certificates } from '@peculiar/x509';
import { getProxyForUrl } from 'proxy-from-env';
import { firstDerElement } from '../certs/der.ts';
import { splitBundle } from '../certs/pem.ts';

export const AIA_TIMEOUT_MS = 3000;
export const AIA_MAX_BYTES = 64 * 1024;

export type AiaResult = { ok: true; url: string; ders: Buffer[] } | { ok: false; url: string; reason: string };

export async function fetchAia(
  url: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<AiaResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, url, reason: 'not a URL' };
  }
  if (parsed.protocol !== 'http:')
    return { ok: false, url, reason: `only http:// AIA URLs are fetched (got ${parsed.protocol})` };
  try {
    const body = await get(parsed, options.timeoutMs ?? AIA_TIMEOUT_MS, options.signal);
    const ders = decode(body);
    return ders.length > 0 ? { ok: true, url, ders } : { ok: false, url, reason: 'the response holds no certificate' };
  } catch (error) {
    return { ok: false, url, reason: error instanceof Error ? error.message : String(error) };
  }
}

function decode(body: Buffer): Buffer[] {
  const text = body.subarray(0, 64).toString('latin1');
  if (text.includes('-----BEGIN')) {
    if (text.includes('PKCS7')) return pkcs7(PemConverter.decodeFirst(body.toString('latin1')));
    return splitBundle(body).ders;
  }
  const der = firstDerElement(body);
  if (!der) return [];
  // A certificate's first inner element is a SEQUENCE (tbsCertificate); PKCS#7 starts with an OID.
  const inner = der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f);
  return der[inner] === 0x06 ? pkcs7(der) : [der];
}

function pkcs7(der: ArrayBuffer | Uint8Array): Buffer[] {
  try {
    const certs = new X509Certificates(Uint8Array.from(new Uint8Array(der)));
    return Array.from(certs, (c) => Buffer.from(c.rawData));
  } catch {
    return [];
  }
}

function get(url: URL, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  const proxy = getProxyForUrl(url.href);
  const via = proxy ? new URL(proxy.includes('://') ? proxy : `http://${proxy}`) : undefined;
  return new Promise<Buffer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: (via ?? url).hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number((via ?? url).port || 80),
        path: via ? url.href : `${url.pathname}${url.search}`,
        headers: {
          Host: url.host,
          'User-Agent': 'TrustFix (AIA fetch)',
          Accept: 'application/pkix-cert, application/x-x509-ca-cert, */*',
        },
        timeout: timeoutMs,
        ...(signal ? { signal } : {}),
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`HTTP ${res.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > AIA_MAX_BYTES) {
            req.destroy(new Error(`larger than ${AIA_MAX_BYTES} bytes: not a certificate`));
            return;
          }
          chunks.push(chunk);
        });
        res.once('end', () => resolve(Buffer.concat(chunks)));
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', reject);
    req.end();
  });
}
