// The private PKI of the "real" servers behind the proxy (package index, git server): a root CA and a
// leaf for 127.0.0.1/localhost with every extension Python 3.13's strict rule wants, so that any
// failure a test sees comes from the proxy, not from the upstream.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCert } from './checkPki.ts';

export interface UpstreamPki {
  /** PEM file of the private root (give it to mitmdump as ssl_verify_upstream_trusted_ca). */
  rootPem: string;
  /** Leaf certificate and key, PEM text, for https.createServer. */
  cert: string;
  key: string;
}

export function makeUpstreamPki(dir: string, name = 'TrustFix Upstream Test Root'): UpstreamPki {
  const root = makeCert({ cn: name, org: 'TrustFix Tests', ca: true, from: -10, to: 3650 });
  const leaf = makeCert({ cn: 'localhost', issuer: root, dns: ['localhost'], ips: ['127.0.0.1'], from: -1, to: 300 });
  const rootPem = join(dir, 'upstream-root.pem');
  writeFileSync(rootPem, root.pem);
  return { rootPem, cert: leaf.pem + root.pem, key: leaf.keyPem };
}
