// Issue 11 item 6, use-os-store: after it installs truststore and its start-up .pth, the read-back sees
// truststore active in a new process of the interpreter, and `check` predicts what truststore does.
// A `check` that predicts certifi for requests (and pip) there shows a DISAGREE row.
// A real Python 3.12 venv (pip 23.2, older than pip's own truststore) with requests, installed offline from
// the local mirror; the "OS store"
// truststore reads on Linux is OpenSSL's default file, which SSL_CERT_FILE moves to the test's bundle
// holding the server's private root; certifi lacks it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../../src-main/core/diagnose/types.ts';
import type { PythonInfo } from '../../../../src-main/core/pythons/types.ts';
import { trustfix } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const BASE = ['/root/.pyenv/versions/3.12.1/bin/python', '/root/.pyenv/versions/3.11.7/bin/python'].find(existsSync);
// This machine has no internet: pip reads the local index (as in test/integration/cli/commands/fix.python.test.ts).
const LOCAL_INDEX = existsSync('/opt/pypi/simple') ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' } : {};
let dir: string;
let cleanup: () => void;
let server: Server;
let url: string;
let py = '';
let ready = false;
let checkEnv: Record<string, string>;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-ts-pth-'));
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
  const osStore = join(dir, 'os-store.pem');
  writeFileSync(osStore, `${rootCertificates.join('\n')}\n${readFileSync(pki.rootPem, 'utf8')}`);
  // pip's configuration files out of the way (this machine's /etc/pip.conf sets a cert).
  checkEnv = { SSL_CERT_FILE: osStore, PIP_CONFIG_FILE: '/dev/null' };
  if (!BASE) return;
  const venv = join(dir, 'venv');
  await execa(BASE, ['-m', 'venv', venv], { timeout: 120_000 });
  py = join(venv, 'bin', 'python');
  // --no-deps: the local mirror has charset_normalizer for 3.11 only; requests runs without it.
  const pip = await execa(
    py,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', 'requests', 'urllib3', 'idna', 'certifi'],
    { reject: false, timeout: 300_000, env: LOCAL_INDEX },
  );
  ready = pip.exitCode === 0;
}, 600_000);
afterAll(() => {
  server?.close();
  cleanup();
});

const check = async (): Promise<CheckReport> => {
  const run = await trustfix(['check', url, '--python', py, '--json', '--data-dir', join(dir, 'data')], {
    env: checkEnv,
  });
  return JSON.parse(run.stdout) as CheckReport;
};
const row = (report: CheckReport, client: string) => report.results.find((r) => r.client === client)!;

describe('use-os-store, then check', () => {
  it('the .pth is read back active, and check agrees with what truststore does', async (t) => {
    if (!BASE || !ready)
      t.skip(`no Python 3.10+ with a venv and requests from the local index (${BASE ?? 'no interpreter'})`);
    const before = await check();
    expect(row(before, 'requests')).toMatchObject({ ok: false, disagreement: false, pythonSays: { ok: false } });
    expect(row(before, 'urllib')).toMatchObject({ ok: true, disagreement: false });

    const data = join(dir, 'data-ts');
    const run = await trustfix(['use-os-store', '--python', py, '--yes', '--json', '--data-dir', data], {
      env: LOCAL_INDEX,
    });
    expect(run.exitCode, run.stderr).toBe(0);

    const after = await check();
    const clients = ['urllib', 'requests', 'pip'];
    // Each works, and TrustFix's prediction agrees with what the interpreter said (no DISAGREE row).
    expect(clients.map((c) => [c, row(after, c).pythonSays?.ok, row(after, c).ok, row(after, c).disagreement])).toEqual(
      clients.map((c) => [c, true, true, false]),
    );
    for (const c of clients) expect(row(after, c).sources[0], c).toEqual({ kind: 'os-store' });

    // The read-back that proved it is in the history with the action.
    const history = await trustfix(['history', '--json', '--data-dir', data]);
    expect(history.stdout).toContain('ssl.SSLContext.__module__');

    // The interpreter table says the same: requests and urllib verify with the OS store via truststore.
    const listed = await trustfix(
      ['pythons', '--python', py, '--only-python', '--no-probe-cache', '--json', '--data-dir', join(dir, 'data')],
      { env: checkEnv },
    );
    const info = (JSON.parse(listed.stdout) as { pythons: PythonInfo[] }).pythons[0]!;
    expect(info.clients.urllib).toMatchObject({ source: 'os-store', steeredBy: 'truststore' });
    expect(info.clients.requests).toMatchObject({ source: 'os-store', steeredBy: 'truststore' });
    expect(info.clients.requests?.sources.map((s) => s.kind)).toEqual(['os-store', 'file']);

    const undo = await trustfix(['undo', '--yes', '--data-dir', data], { env: LOCAL_INDEX });
    expect(undo.exitCode, undo.stderr).toBe(0);
    const undone = await check();
    expect(row(undone, 'requests')).toMatchObject({ ok: false, disagreement: false });
  }, 600_000);
});
