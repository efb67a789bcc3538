// Issue 11, item 3, as it happens on corporate machines: a server on 127.0.0.1 that sends only its
// leaf (the intermediate is at the leaf's AIA address, the private root at the intermediate's), a
// venv Python whose requests trusts certifi with the company root appended (so the intermediate alone
// fixes it) and whose urllib reads an SSL_CERT_FILE bundle of the test's own that lacks that root
// (so it needs the root too, which is trusted only after its fingerprint is confirmed).
// Every file a fix may touch is in the test's folder; the environment is stated, not inherited.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { execa } from 'execa';
import { httpsServer, staticHttp, type Running } from './checkServers.ts';
import { derOf, makeCert } from './checkPki.ts';

const BASES = [
  '/root/.pyenv/versions/3.11.7/bin/python',
  '/root/.pyenv/versions/3.12.1/bin/python',
  '/usr/bin/python3',
];
// No internet here: pip installs from the machine's local index.
const LOCAL_INDEX: Record<string, string> = existsSync('/opt/pypi/simple')
  ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' }
  : {};

export interface PerClientFixture {
  url: string;
  /** The venv's interpreter, or undefined with `skip` saying why. */
  python?: string;
  skip?: string;
  /** requests' bundle: the venv's certifi, with the private root appended. */
  certifi: string;
  /** urllib's bundle (SSL_CERT_FILE): Mozilla's roots only. */
  urllibBundle: string;
  /** A copy of Mozilla's roots for `--system-store` (the OS store has no private root either). */
  systemStore: string;
  rootFingerprint: string;
  /** The whole environment for `trustfix` and for Python (nothing inherited but PATH). */
  env: Record<string, string>;
  works(client: 'requests' | 'urllib'): Promise<boolean>;
  close(): Promise<void>;
}

const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');

export async function makePerClientFixture(dir: string): Promise<PerClientFixture> {
  const root = makeCert({ cn: 'Per Client Corp Root', org: 'Per Client Corp', ca: true, to: 3650 });
  const files: Record<string, Buffer> = { '/root.cer': derOf(root) };
  const aia = await staticHttp(files);
  const intermediate = makeCert({
    cn: 'Per Client Issuing CA',
    org: 'Per Client Corp',
    ca: true,
    issuer: root,
    to: 1000,
    aia: `http://127.0.0.1:${aia.port}/root.cer`,
  });
  files['/int.cer'] = derOf(intermediate);
  const leaf = makeCert({
    cn: 'localhost',
    issuer: intermediate,
    dns: ['localhost'],
    ips: ['127.0.0.1'],
    aia: `http://127.0.0.1:${aia.port}/int.cer`,
  });
  const server: Running = await httpsServer({ key: leaf.keyPem, certChain: leaf.pem }); // no intermediate

  await mkdir(join(dir, 'trust'), { recursive: true });
  await mkdir(join(dir, 'home'), { recursive: true });
  await mkdir(join(dir, 'empty'), { recursive: true });
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
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };

  let python: string | undefined;
  let skip: string | undefined;
  let certifi = '';
  const base = BASES.find(existsSync);
  if (!base) skip = 'no Python interpreter on this machine';
  else {
    const venv = join(dir, 'venv');
    await execa(base, ['-m', 'venv', venv], { timeout: 120_000, env, extendEnv: false });
    const py = join(venv, 'bin', 'python');
    const pip = await execa(py, ['-m', 'pip', 'install', '-q', 'requests'], {
      reject: false,
      timeout: 300_000,
      env: { ...env, ...LOCAL_INDEX },
      extendEnv: false,
    });
    if (pip.exitCode !== 0) skip = `could not install requests into a venv offline: ${String(pip.stderr).slice(-300)}`;
    else {
      python = py;
      certifi = String(
        (await execa(py, ['-c', 'import certifi; print(certifi.where())'], { env, extendEnv: false })).stdout,
      ).trim();
      await appendFile(certifi, `\n# Per Client Corp Root (added by the company)\n${root.pem}`);
    }
  }
  const url = `https://127.0.0.1:${server.port}/`;
  const scripts = {
    requests: 'import sys, requests; requests.get(sys.argv[1], timeout=10)',
    urllib: 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)',
  };
  return {
    url,
    ...(python ? { python } : {}),
    ...(skip ? { skip } : {}),
    certifi,
    urllibBundle,
    systemStore,
    rootFingerprint: sha256(derOf(root)),
    env,
    async works(client) {
      if (!python) return false;
      const r = await execa(python, ['-c', scripts[client], url], {
        reject: false,
        timeout: 60_000,
        env,
        extendEnv: false,
      });
      return r.exitCode === 0;
    },
    async close() {
      await server.close();
      await aia.close();
    },
  };
}
