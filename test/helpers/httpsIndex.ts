// A real HTTPS "simple" package index (PEP 503) on 127.0.0.1 serving one tiny pure-Python wheel built
// here (no network), with a certificate from a private CA: `pip install --index-url URL/simple/
// trustfix-probe-pkg` through the proxy makes real TLS requests, the same as a corporate mirror would.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { UpstreamPki } from './upstreamPki.ts';

export const PROBE_PROJECT = 'trustfix-probe-pkg';
export const PROBE_WHEEL = 'trustfix_probe_pkg-1.0-py3-none-any.whl';

// A wheel is a zip with the package, METADATA, WHEEL and a RECORD of sha256 hashes (pip checks RECORD).
const BUILD_WHEEL = `
import base64, hashlib, sys, zipfile
files = {
  'trustfix_probe_pkg/__init__.py': b'VALUE = "installed through the proxy"\\n',
  'trustfix_probe_pkg-1.0.dist-info/METADATA': b'Metadata-Version: 2.1\\nName: trustfix-probe-pkg\\nVersion: 1.0\\n',
  'trustfix_probe_pkg-1.0.dist-info/WHEEL': b'Wheel-Version: 1.0\\nGenerator: trustfix-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n',
}
record = ''
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
    record += '%s,sha256=%s,%d\\n' % (name, digest, len(data))
record += 'trustfix_probe_pkg-1.0.dist-info/RECORD,,\\n'
files['trustfix_probe_pkg-1.0.dist-info/RECORD'] = record.encode()
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in files.items():
        z.writestr(name, data)
`;

export interface HttpsIndex {
  /** https://127.0.0.1:PORT/simple/ — the value for --index-url. */
  indexUrl: string;
  /** https://127.0.0.1:PORT/ */
  url: string;
  port: number;
  /** Paths asked for, in order (to see that a client really came). */
  requests: string[];
  stop: () => Promise<void>;
}

export async function buildProbeWheel(dir: string): Promise<string> {
  const file = join(dir, PROBE_WHEEL);
  await execa('/usr/bin/python3', ['-c', BUILD_WHEEL, file], { timeout: 30_000 });
  return file;
}

export async function startHttpsIndex(dir: string, pki: UpstreamPki): Promise<HttpsIndex> {
  const wheel = readFileSync(await buildProbeWheel(dir));
  const sha = createHash('sha256').update(wheel).digest('hex');
  const requests: string[] = [];
  const page = (title: string, links: string) =>
    `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.0"><title>${title}</title></head><body>${links}</body></html>\n`;
  const server: Server = createServer({ cert: pki.cert, key: pki.key }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(path);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (path === '/simple/' || path === '/simple')
      return send(200, 'text/html', page('Simple index', `<a href="/simple/${PROBE_PROJECT}/">${PROBE_PROJECT}</a>`));
    if (path === `/simple/${PROBE_PROJECT}/` || path === `/simple/${PROBE_PROJECT}`) {
      return send(
        200,
        'text/html',
        page(`Links for ${PROBE_PROJECT}`, `<a href="/packages/${PROBE_WHEEL}#sha256=${sha}">${PROBE_WHEEL}</a>`),
      );
    }
    if (path === `/packages/${PROBE_WHEEL}`) return send(200, 'application/octet-stream', wheel);
    if (path === '/') return send(200, 'text/plain', 'trustfix test index\n');
    return send(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/`,
    indexUrl: `https://127.0.0.1:${port}/simple/`,
    port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
