// A real TLS-inspecting forward proxy for tests: Debian's `mitmdump` (mitmproxy 8.1.1 on Debian 12) in
// regular mode (clients send CONNECT through HTTPS_PROXY), listening on 127.0.0.1 only, its CA made
// in a temporary confdir the test owns, stopped on teardown.
//
// Leaves and the Authority Key Identifier (Python 3.13's VERIFY_X509_STRICT refuses a non-self-signed
// certificate without it), as found in /usr/lib/python3/dist-packages/mitmproxy/certs.py:
// - mitmproxy 8.1.1's `dummy_cert` mints leaves with SAN and EKU only: no AKI, no Basic Constraints,
//   no Key Usage (and the leaf reuses the CA's key). Newer mitmproxy (>= 10.1) adds an AKI. So what
//   `leaf: 'minted'` gives depends on the installed version; tests about the strict rule must not rely on it.
// - mitmproxy has no option to add or drop the AKI. Its `--certs [domain=]path` option serves a
//   pre-made certificate instead ("The PEM file should contain the full certificate chain, with the leaf
//   certificate as the first entry. If a private key is included in the PEM, it is used"). With
//   `*=file` it is served for every host (CertStore.get_cert tries the asterisk forms, then "*").
//   `leaf: 'without-aki'` / `'with-aki'` make such a leaf here, signed by the proxy's own CA, for
//   127.0.0.1 and localhost: the same on every mitmproxy version. The certificate is then the same
//   for every upstream, so it only suits tests whose upstreams are on 127.0.0.1/localhost.
// The CA is made before the proxy starts by mitmproxy's own code (CertStore.create_store, present from
// mitmproxy 7 to 11), so it is exactly what a user of the proxy gets: CN=mitmproxy, O=mitmproxy.
import { execa, type ResultPromise } from 'execa';
import forge from 'node-forge';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCert, newKey, type Made } from './checkPki.ts';

export const MITMDUMP = '/usr/bin/mitmdump';

export type LeafMode = 'minted' | 'with-aki' | 'without-aki';

export interface MitmOptions {
  /** A folder the test owns; the confdir goes in it. */
  dir: string;
  /** PEM file(s) of the upstreams' private CA: mitmproxy verifies the real servers with it. */
  upstreamCa: string;
  /** Default 'minted' (mitmproxy's own leaves). */
  leaf?: LeafMode;
}

export interface Mitm {
  /** http://127.0.0.1:PORT — the value for HTTPS_PROXY. */
  url: string;
  port: number;
  confdir: string;
  /** The proxy's root CA certificate (PEM file): what IT pushes into the OS store. */
  caPem: string;
  /** The pre-made leaf (PEM) when leaf is 'with-aki' / 'without-aki'. */
  leafPem: string | null;
  /** Everything mitmdump printed so far (for failure messages). */
  log: () => string;
  stop: () => Promise<void>;
}

/** mitmdump's interpreter (its shebang): mitmproxy's package lives there, not in pyenv's Pythons. */
function mitmPython(): string {
  const first = readFileSync(MITMDUMP, 'utf8').split('\n', 1)[0] ?? '';
  return first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0]! : '/usr/bin/python3';
}

export function mitmAvailable(): boolean {
  try {
    readFileSync(MITMDUMP);
    return true;
  } catch {
    return false;
  }
}

const CREATE_STORE =
  'import sys, pathlib\nfrom mitmproxy.certs import CertStore\nCertStore.create_store(pathlib.Path(sys.argv[1]), "mitmproxy", 2048)\n';

/** A leaf for 127.0.0.1/localhost signed by the proxy's CA, with or without AKI, as one PEM with its key. */
function premadeLeaf(confdir: string, withAki: boolean): string {
  const raw = readFileSync(join(confdir, 'mitmproxy-ca.pem'), 'utf8');
  // The file holds the CA's key first, then its certificate.
  const cert = forge.pki.certificateFromPem(raw.slice(raw.indexOf('-----BEGIN CERTIFICATE-----')));
  const key = forge.pki.privateKeyFromPem(raw) as forge.pki.rsa.PrivateKey;
  const ca: Made = { cert, key, pem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(key) };
  const leaf = makeCert({
    cn: '127.0.0.1',
    issuer: ca,
    key: newKey(),
    dns: ['localhost'],
    ips: ['127.0.0.1'],
    noAki: !withAki,
    to: 300,
  });
  const file = join(confdir, withAki ? 'leaf-with-aki.pem' : 'leaf-without-aki.pem');
  writeFileSync(file, leaf.pem + leaf.keyPem);
  return file;
}

export async function startMitm(opts: MitmOptions): Promise<Mitm> {
  const confdir = join(opts.dir, 'mitm-conf');
  await execa(mitmPython(), ['-c', CREATE_STORE, confdir], { timeout: 60_000 });
  const mode = opts.leaf ?? 'minted';
  const leafPem = mode === 'minted' ? null : premadeLeaf(confdir, mode === 'with-aki');
  const args = [
    '--listen-host',
    '127.0.0.1',
    '--listen-port',
    '0',
    '--set',
    `confdir=${confdir}`,
    '--set',
    `ssl_verify_upstream_trusted_ca=${opts.upstreamCa}`,
    // One line per connection event at most; no flow dumps.
    '--set',
    'flow_detail=0',
    '--set',
    'termlog_verbosity=info',
    ...(leafPem ? ['--certs', `*=${leafPem}`] : []),
  ];
  const child: ResultPromise = execa(MITMDUMP, args, { reject: false, buffer: false, all: true, timeout: 900_000 });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mitmdump did not start listening within 30 s:\n${out}`)), 30_000);
    child.all!.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-20_000);
      // 8.x: "Proxy server listening at 127.0.0.1:PORT"; 9+: "HTTP(S) proxy listening at 127.0.0.1:PORT."
      const m = /listening at \[?[\d.:a-f]*?\]?:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void child.then((r) => {
      clearTimeout(timer);
      reject(new Error(`mitmdump exited (${r.exitCode ?? r.signal}) before listening:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    confdir,
    caPem: join(confdir, 'mitmproxy-ca-cert.pem'),
    leafPem,
    log: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await child;
      clearTimeout(timer);
    },
  };
}
