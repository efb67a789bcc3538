// What the wizard's end-to-end test needs: a TLS server on 127.0.0.1 whose chain ends at a private
// root, a venv Python with requests (installed offline from the machine's local index), a second
// venv (the interpreter a pasted traceback does not come from), and a CA
// bundle of the test's own that SSL_CERT_FILE points urllib at. Every file a fix may touch is in
// the test's folder (the venv's certifi, pip's vendored certifi, that bundle), never the system's.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { execa } from 'execa';
import { splitBundle } from '../../src-main/core/certs/pem.ts';
import { makePki } from './pki.ts';

const BASES = [
  '/root/.pyenv/versions/3.11.7/bin/python',
  '/root/.pyenv/versions/3.12.1/bin/python',
  '/usr/bin/python3',
];
const LOCAL_INDEX: Record<string, string> = existsSync('/opt/pypi/simple')
  ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' }
  : {};

export interface WizardFixture {
  port: number;
  /** The venv's interpreter, or undefined with `skip` saying why. */
  python?: string;
  /** A second venv from the same base Python (urllib only): the interpreter the traceback is not from. */
  other?: string;
  skip?: string;
  /** The bundle SSL_CERT_FILE names. */
  bundle: string;
  rootFingerprint: string;
  /** Environment for `trustfix ui`: SSL_CERT_FILE to the test's bundle, no pip configuration files. */
  env: Record<string, string>;
  /** Runs requests in the venv against the server: exit code 0 when it verifies. */
  requestsWorks(): Promise<boolean>;
  /** The server moves to a chain from another private root; the function returned moves it back. */
  useOtherRoot(): Promise<() => void>;
  close(): Promise<void>;
}

export async function makeWizardFixture(dir: string): Promise<WizardFixture> {
  const pki = makePki(dir);
  const original = {
    key: await readFile(pki.leafKey),
    cert: `${await readFile(pki.leafPem, 'utf8')}${await readFile(pki.rootPem, 'utf8')}`,
  };
  const server: Server = createServer(original, (_q, res) => res.end('hello\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const bundle = join(dir, 'trust', 'ca-bundle.pem');
  await mkdir(join(dir, 'trust'), { recursive: true });
  await writeFile(bundle, rootCertificates.join('\n'));
  const rootFingerprint = createHash('sha256')
    .update(splitBundle(await readFile(pki.rootPem)).ders[0]!)
    .digest('hex');
  const env = { SSL_CERT_FILE: bundle, PIP_CONFIG_FILE: '/dev/null' };
  const base = BASES.find(existsSync);
  let python: string | undefined;
  let skip: string | undefined;
  let other: string | undefined;
  if (!base) skip = 'no Python interpreter on this machine';
  else {
    const venv = join(dir, 'venv');
    await execa(base, ['-m', 'venv', venv], { timeout: 120_000 });
    const pip = await execa(
      join(venv, 'bin', 'python'),
      ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', 'requests'],
      { reject: false, timeout: 300_000, env: LOCAL_INDEX },
    );
    if (pip.exitCode === 0) python = join(venv, 'bin', 'python');
    else skip = `could not install requests into a venv offline: ${String(pip.stderr).slice(-300)}`;
    await execa(base, ['-m', 'venv', '--without-pip', join(dir, 'other-venv')], { timeout: 120_000 });
    other = join(dir, 'other-venv', 'bin', 'python');
  }
  return {
    port,
    ...(python ? { python } : {}),
    ...(other ? { other } : {}),
    ...(skip ? { skip } : {}),
    bundle,
    rootFingerprint,
    env,
    async requestsWorks() {
      if (!python) return false;
      const r = await execa(
        python,
        ['-c', 'import sys, requests; requests.get(sys.argv[1], timeout=10)', `https://127.0.0.1:${port}/`],
        { reject: false, timeout: 60_000, env },
      );
      return r.exitCode === 0;
    },
    async useOtherRoot() {
      const otherDir = join(dir, 'other-pki');
      await mkdir(otherDir, { recursive: true });
      const other = makePki(otherDir, 'TrustFix Other Root');
      server.setSecureContext({
        key: await readFile(other.leafKey),
        cert: `${await readFile(other.leafPem, 'utf8')}${await readFile(other.rootPem, 'utf8')}`,
      });
      return () => server.setSecureContext(original);
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
