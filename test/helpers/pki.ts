// A private PKI made with the openssl command: a root CA, a leaf for 127.0.0.1/localhost signed by
// it, and a leaf-only certificate (not a CA) for the "refused" cases.
import { execaSync } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  rootPem: string;
  rootKey: string;
  leafPem: string;
  leafKey: string;
}

export function makePki(dir: string, name = 'TrustFix Test Root'): Pki {
  const o = (args: string[]) => execaSync('openssl', args, { cwd: dir, timeout: 60_000 });
  o([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'root.key',
    '-out',
    'root.pem',
    '-days',
    '3650',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  o(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost']);
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  o([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '825',
    '-extfile',
    'leaf.ext',
  ]);
  return {
    rootPem: join(dir, 'root.pem'),
    rootKey: join(dir, 'root.key'),
    leafPem: join(dir, 'leaf.pem'),
    leafKey: join(dir, 'leaf.key'),
  };
}
