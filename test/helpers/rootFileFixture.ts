// The "root not sent" case of issue 15: a server on 127.0.0.1 that sends only its own certificate
// (no chain, no AIA address), issued by a private intermediate under a private root. Nothing on the
// machine or from the server completes the path; the user has both as one PEM file from IT. A venv
// Python without pip (urllib only, reading an SSL_CERT_FILE bundle of Mozilla's roots) is the client.
// Every file a fix may touch is in the test's folder; the environment is stated, not inherited.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { execa } from 'execa';
import { httpsServer, type Running } from './checkServers.ts';
import { derOf, makeCert } from './checkPki.ts';

const BASES = [
  '/root/.pyenv/versions/3.11.7/bin/python',
  '/root/.pyenv/versions/3.12.1/bin/python',
  '/usr/bin/python3',
];

export interface RootFileFixture {
  url: string;
  /** The venv's interpreter, or undefined with `skip` saying why. */
  python?: string;
  skip?: string;
  /** The PEM file IT gave the user: the intermediate and the root. */
  rootFile: string;
  rootFingerprint: string;
  intermediateFingerprint: string;
  /** Names in the certificates (words the Chinese screen may keep: they are data). */
  rootName: string;
  intermediateName: string;
  /** A copy of Mozilla's roots for `--system-store` (the OS store has no private root either). */
  systemStore: string;
  env: Record<string, string>;
  urllibWorks(): Promise<boolean>;
  close(): Promise<void>;
}

const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');

export async function makeRootFileFixture(dir: string): Promise<RootFileFixture> {
  const rootName = 'TrustFix Test Root';
  const intermediateName = 'TrustFix Test CA';
  const root = makeCert({ cn: rootName, ca: true, to: 3650 });
  const intermediate = makeCert({ cn: intermediateName, ca: true, issuer: root, to: 1000 });
  const leaf = makeCert({ cn: 'localhost', issuer: intermediate, dns: ['localhost'], ips: ['127.0.0.1'] });
  const server: Running = await httpsServer({ key: leaf.keyPem, certChain: leaf.pem }); // its own certificate only

  for (const d of ['trust', 'home', 'empty', 'from-it']) await mkdir(join(dir, d), { recursive: true });
  const rootFile = join(dir, 'from-it', 'company-root.pem');
  await writeFile(rootFile, `${intermediate.pem}\n${root.pem}\n`);
  const urllibBundle = join(dir, 'trust', 'urllib-ca.pem');
  const systemStore = join(dir, 'trust', 'os-store.pem');
  await writeFile(urllibBundle, `${rootCertificates.join('\n')}\n`);
  await writeFile(systemStore, `${rootCertificates.join('\n')}\n`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(dir, 'home'),
    LANG: 'C.UTF-8',
    SSL_CERT_FILE: urllibBundle,
    SSL_CERT_DIR: join(dir, 'empty'),
    PIP_CONFIG_FILE: '/dev/null',
  };
  let python: string | undefined;
  let skip: string | undefined;
  const base = BASES.find(existsSync);
  if (!base) skip = 'no Python interpreter on this machine';
  else {
    await execa(base, ['-m', 'venv', '--without-pip', join(dir, 'venv')], { timeout: 120_000, env, extendEnv: false });
    python = join(dir, 'venv', 'bin', 'python');
  }
  const url = `https://127.0.0.1:${server.port}/`;
  return {
    url,
    ...(python ? { python } : {}),
    ...(skip ? { skip } : {}),
    rootFile,
    rootFingerprint: sha256(derOf(root)),
    intermediateFingerprint: sha256(derOf(intermediate)),
    rootName,
    intermediateName,
    systemStore,
    env,
    async urllibWorks() {
      if (!python) return false;
      const r = await execa(
        python,
        ['-c', 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)', url],
        { reject: false, timeout: 60_000, env, extendEnv: false },
      );
      return r.exitCode === 0;
    },
    close: () => server.close(),
  };
}
