// A probe's answer as a plain Linux CPython 3.12 with certifi, requests and pip would give it: unit
// tests change only the fields they are about.
import type { RawProbe } from '../../src-main/core/pythons/probeTypes.ts';

export function probe(over: Partial<RawProbe> = {}): RawProbe {
  return {
    probe: 1,
    executable: '/py/bin/python3',
    version: '3.12.1',
    implementation: 'cpython',
    platform: 'linux',
    prefix: '/py',
    basePrefix: '/py',
    isVenv: false,
    openssl: 'OpenSSL 3.0',
    hasSni: true,
    verifyPaths: {
      cafile: '/etc/ssl/cert.pem',
      capath: null,
      opensslCafileEnv: 'SSL_CERT_FILE',
      opensslCafile: '/etc/ssl/cert.pem',
      opensslCapathEnv: 'SSL_CERT_DIR',
      opensslCapath: '/etc/ssl/certs',
    },
    sitePackages: ['/py/site-packages'],
    certifi: { version: '2024.07.04', where: '/py/site-packages/certifi/cacert.pem' },
    requests: {
      module: '/py/site-packages/requests',
      version: '2.32.3',
      where: '/py/site-packages/certifi/cacert.pem',
    },
    pip: {
      module: '/py/site-packages/pip',
      version: '23.2.1',
      certifiWhere: '/py/site-packages/pip/_vendor/certifi/cacert.pem',
      certifiWhereFrom: 'default',
    },
    truststore: null,
    pipSystemCerts: null,
    env: {},
    pipConfig: [],
    warnings: [],
    ...over,
  };
}
