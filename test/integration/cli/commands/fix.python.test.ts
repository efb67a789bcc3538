// End to end with a real Python: a TLS server on 127.0.0.1 with a private root; `requests` in a venv
// fails; `trustfix fix` makes it succeed; `trustfix undo` makes it fail again. Also use-os-store
// installs truststore and its .pth, and undo removes both.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { trustfix } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const BASE = [
  '/root/.pyenv/versions/3.11.7/bin/python',
  '/root/.pyenv/versions/3.12.1/bin/python',
  '/usr/bin/python3',
].find(existsSync);
// This machine has no internet: point pip at the local index when there is one (as /etc/pip.conf does).
const LOCAL_INDEX = existsSync('/opt/pypi/simple') ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' } : {};
let dir: string;
let cleanup: () => void;
let server: Server;
let url: string;
let py: string;
let venvReady = '';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-e2e-'));
  const pki = makePki(dir);
  server = createServer(
    {
      key: readFileSync(pki.leafKey),
      cert: `${readFileSync(pki.leafPem, 'utf8')}${readFileSync(pki.rootPem, 'utf8')}`,
    },
    (_req, res) => res.end('hello\n'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  if (!BASE) return;
  const venv = join(dir, 'venv');
  await execa(BASE, ['-m', 'venv', venv], { timeout: 120_000 });
  py = join(venv, 'bin', 'python');
  // Offline: pip reads the local index from /etc/pip.conf.
  const pip = await execa(py, ['-m', 'pip', 'install', '--disable-pip-version-check', 'requests'], {
    reject: false,
    timeout: 300_000,
    env: LOCAL_INDEX,
  });
  venvReady = pip.exitCode === 0 ? 'requests' : '';
}, 600_000);
afterAll(() => {
  server?.close();
  cleanup();
});

const fetch = () =>
  execa(py, ['-c', 'import sys, requests; print(requests.get(sys.argv[1], timeout=10).text)', url], {
    reject: false,
    timeout: 60_000,
  });

describe('fix and undo with a real Python', () => {
  it('requests fails, trustfix fix makes it work, trustfix undo makes it fail again', async (t) => {
    if (!BASE || !venvReady) t.skip(`no Python with a working venv + requests (${BASE ?? 'no interpreter'})`);
    const data = join(dir, 'data');
    const first = await fetch();
    expect(first.exitCode).not.toBe(0);
    expect(first.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
    const certifi = String((await execa(py, ['-c', 'import certifi; print(certifi.where())'])).stdout).trim();
    const before = createHash('sha256').update(readFileSync(certifi)).digest('hex');

    // Without confirming the fingerprint of a root taken from the server, nothing is planned: the
    // client is reported as waiting for it, with the fingerprint and how to give it.
    const rootFp = createHash('sha256')
      .update(splitBundle(readFileSync(join(dir, 'root.pem'))).ders[0]!)
      .digest('hex');
    const unconfirmed = await trustfix([
      'fix',
      url,
      '--python',
      py,
      '--client',
      'requests',
      '--yes',
      '--data-dir',
      data,
    ]);
    expect(unconfirmed.exitCode).toBe(1);
    expect(unconfirmed.stdout).toContain(
      `requests: still failing until you confirm TrustFix Test Root (SHA-256 ${rootFp})`,
    );
    expect(unconfirmed.stdout).toContain(`--confirm ${rootFp}`);
    expect(unconfirmed.stderr).toContain('Not every client works yet: requests');
    expect((await fetch()).exitCode).not.toBe(0);

    const plan = await trustfix([
      'fix',
      url,
      '--python',
      py,
      '--client',
      'requests',
      '--confirm',
      rootFp,
      '--data-dir',
      data,
    ]);
    expect(plan.stdout).toContain('This is the plan; nothing was changed');
    expect((await fetch()).exitCode).not.toBe(0);

    const fixed = await trustfix([
      'fix',
      url,
      '--python',
      py,
      '--client',
      'requests',
      '--confirm',
      rootFp,
      '--yes',
      '--data-dir',
      data,
    ]);
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    const ok = await fetch();
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('hello');

    const undo = await trustfix(['undo', '--yes', '--data-dir', data]);
    expect(undo.exitCode, undo.stderr).toBe(0);
    expect((await fetch()).exitCode).not.toBe(0);
    expect(createHash('sha256').update(readFileSync(certifi)).digest('hex')).toBe(before);
  }, 300_000);

  it('use-os-store installs truststore and a start-up .pth; undo removes both', async (t) => {
    if (!BASE || !venvReady) t.skip('no Python with a working venv');
    const data = join(dir, 'data-ts');
    const run = await trustfix(['use-os-store', '--python', py, '--yes', '--data-dir', data], { env: LOCAL_INDEX });
    expect(run.exitCode, run.stderr).toBe(0);
    const purelib = String(
      (await execa(py, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])).stdout,
    ).trim();
    expect(existsSync(join(purelib, 'trustfix-truststore.pth'))).toBe(true);
    const injected = await execa(py, ['-c', 'import ssl, truststore; print(ssl.SSLContext is truststore.SSLContext)'], {
      reject: false,
    });
    expect(String(injected.stdout).trim()).toBe('True');
    const undo = await trustfix(['undo', '--yes', '--data-dir', data], { env: LOCAL_INDEX });
    expect(undo.exitCode, undo.stderr).toBe(0);
    expect(existsSync(join(purelib, 'trustfix-truststore.pth'))).toBe(false);
    expect((await execa(py, ['-c', 'import truststore'], { reject: false })).exitCode).not.toBe(0);
  }, 300_000);
});
