// Against the real interpreters of this image (~/.pyenv/versions/*, /usr/bin/python3): skipped with
// a reason where one is absent. The environment is stated by each test (setup.ts cleared the
// machine's SSL_*/PIP_* exports; PIP_CONFIG_FILE=/dev/null stops pip reading /etc/pip.conf).
import { execa } from 'execa';
import { existsSync, writeFileSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src-main/core/pythons/probeRunner.ts';
import { scanPythons } from '../../../../src-main/core/pythons/probeAll.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const PYENV = join(homedir(), '.pyenv', 'versions');
const py = (v: string): string => join(PYENV, v, 'bin', 'python');
const has = (p: string): boolean => existsSync(p);
const REF = ['--reference', `${FIXTURES}certifi-2026.05.20.pem`, '--at', '2026-11-23'];
const FRESH = `${FIXTURES}certifi-2026.05.20.pem`;
const OLD = `${FIXTURES}certifi-2018.08.24.pem`;
const { dir, cleanup } = tempDir();
afterAll(cleanup);

function pythonsJson(args: string[], env: Record<string, string> = {}) {
  return trustfix(['pythons', '--json', '--data-dir', join(dir, 'data'), ...REF, ...args], {
    env: { PIP_CONFIG_FILE: '/dev/null', ...env },
  }).then((r) => {
    if (!r.stdout.startsWith('{')) throw new Error(`no JSON: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
}

describe('the probe on real interpreters', () => {
  it.skipIf(!has(py('2.7.18')))('runs on Python 2.7.18', async () => {
    const r = await runProbe(py('2.7.18'), { env: { ...process.env, PIP_CONFIG_FILE: '/dev/null' } });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.probe).toMatchObject({
      version: '2.7.18',
      implementation: 'cpython',
      isVenv: false,
      pipConfigSkipped: true,
    });
    expect(r.probe.openssl).toMatch(/OpenSSL/);
    expect(r.probe.verifyPaths?.opensslCafileEnv).toBe('SSL_CERT_FILE');
    expect(r.probe.pip?.version).toMatch(/^\d+\./);
    expect(r.probe.pip?.certifiWhere).toMatch(/pip\/_vendor\/certifi\/cacert\.pem$/);
  });

  it.skipIf(!has(py('3.13.0')))('runs on Python 3.13, whose pip 24.2 trusts the OS store and its certifi', async () => {
    const report = await pythonsJson(['--only-python', '--python', py('3.13.0')]);
    const p = report.pythons[0];
    expect(p.version).toBe('3.13.0');
    expect(p.hasSni).toBe(true);
    expect(p.clients.pip).toMatchObject({
      available: true,
      version: '24.2',
      source: 'os-store',
      steeredBy: 'pip>=24.2',
    });
    expect(p.clients.pip.sources.map((s: any) => s.kind)).toEqual(['os-store', 'file']);
    expect(p.clients.requests).toMatchObject({ available: false, missingReason: { code: 'pythons:missing.requests' } });
  });

  it.skipIf(!has(py('3.6.15')))(
    "reports pip's vendored bundle of 3.6 as stale, and the bundle knows who uses it",
    async () => {
      const report = await pythonsJson(['--only-python', '--python', py('3.6.15')]);
      const pip = report.pythons[0].clients.pip;
      expect(pip.source).toMatch(/3\.6\.15\/lib\/python3\.6\/site-packages\/pip\/_vendor\/certifi\/cacert\.pem$/);
      expect(pip).toMatchObject({ status: 'stale', steeredBy: 'pip-certifi' });
      const bundle = report.bundles.find((b: any) => b.id === pip.bundleId);
      expect(bundle.owner.kind).toBe('pip');
      expect(bundle.usedBy).toContainEqual({
        pythonId: report.pythons[0].id,
        executable: py('3.6.15'),
        client: 'pip',
        as: 'source',
      });
    },
  );

  it.skipIf(!has(py('3.11.7')))(
    'environment variables move the sources: SSL_CERT_FILE, REQUESTS_CA_BUNDLE, PIP_CERT',
    async () => {
      const plain = (await pythonsJson(['--only-python', '--python', py('3.11.7')])).pythons[0];
      expect(plain.clients.requests.source).toMatch(/site-packages\/certifi\/cacert\.pem$/);
      expect(plain.clients.requests.steeredBy).toBe('certifi');
      const moved = (
        await pythonsJson(['--only-python', '--python', py('3.11.7')], {
          SSL_CERT_FILE: OLD,
          REQUESTS_CA_BUNDLE: FRESH,
          PIP_CERT: OLD,
        })
      ).pythons[0];
      expect(moved.clients.urllib).toMatchObject({ source: OLD, steeredBy: 'SSL_CERT_FILE', status: 'stale' });
      expect(moved.clients.requests).toMatchObject({
        source: FRESH,
        steeredBy: 'REQUESTS_CA_BUNDLE',
        status: 'current',
      });
      expect(moved.clients.requests.bundled.path).toBe(plain.clients.requests.source);
      // requests' rule (REQUESTS_CA_BUNDLE over session.verify) holds for pip's vendored requests too
      expect(moved.clients.pip).toMatchObject({ source: FRESH, steeredBy: 'REQUESTS_CA_BUNDLE' });
      const pipCert = (await pythonsJson(['--only-python', '--python', py('3.11.7')], { PIP_CERT: OLD })).pythons[0];
      expect(pipCert.clients.pip).toMatchObject({ source: OLD, steeredBy: 'PIP_CERT', status: 'stale' });
    },
  );

  // The machine's own exports (a corporate machine's), when the runner hands them over: all three, or the
  // test says it is skipped instead of asserting nothing.
  const hostVars = ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'PIP_CERT'].map(
    (n) => [n, process.env[`TRUSTFIX_TEST_HOST_${n}`]] as const,
  );
  const hostHasAll = hostVars.every(([, v]) => v !== undefined && v.length > 0);
  it.skipIf(!has(py('3.11.7')) || !hostHasAll)(
    "the machine's own exports are reported as the sources they make",
    async () => {
      const host = Object.fromEntries(hostVars) as Record<'SSL_CERT_FILE' | 'REQUESTS_CA_BUNDLE' | 'PIP_CERT', string>;
      const p = (await pythonsJson(['--only-python', '--python', py('3.11.7')], host)).pythons[0];
      expect(p.clients.urllib).toMatchObject({ source: host.SSL_CERT_FILE, steeredBy: 'SSL_CERT_FILE' });
      expect(p.clients.requests).toMatchObject({ source: host.REQUESTS_CA_BUNDLE, steeredBy: 'REQUESTS_CA_BUNDLE' });
      // REQUESTS_CA_BUNDLE wins over PIP_CERT for pip's vendored requests (the test above shows both rules).
      expect(p.clients.pip).toMatchObject({ source: host.REQUESTS_CA_BUNDLE, steeredBy: 'REQUESTS_CA_BUNDLE' });
    },
  );

  it.skipIf(!has('/usr/bin/python3'))(
    "reads Debian's patched pip certifi (the system bundle) without importing pip",
    async () => {
      const r = await runProbe('/usr/bin/python3', { env: { ...process.env, PIP_CONFIG_FILE: '/dev/null' } });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      if (r.probe.pip?.certifiWhereFrom !== 'patched') return; // not a Debian-patched pip here
      expect(r.probe.pip.certifiWhere).toBe('/etc/ssl/certs/ca-certificates.crt');
    },
  );
});

describe.skipIf(!has(py('3.11.7')))('virtual environments the test creates', () => {
  const venv = join(dir, 'venv311');
  beforeAll(async () => {
    await execa(py('3.11.7'), ['-m', 'venv', '--system-site-packages', venv], { timeout: 90_000 });
  }, 120_000);

  it("is found from its pyvenv.cfg; REQUESTS_CA_BUNDLE and the venv's pip.conf move requests and pip", async () => {
    const cfg = join(venv, 'pyvenv.cfg');
    const found = await scanPythons({
      pyvenvCfgs: [cfg],
      only: true,
      env: { ...process.env, PIP_CONFIG_FILE: '/dev/null' },
    });
    expect(found.pythons).toHaveLength(1);
    expect(found.pythons[0]).toMatchObject({ isVenv: true, foundBy: ['venv'], prefix: venv });
    // The venv's own pip.conf (site config) beats /etc/pip.conf; REQUESTS_CA_BUNDLE moves requests.
    writeFileSync(join(venv, 'pip.conf'), `[global]\ncert = ${OLD}\n`);
    const report = await trustfix(
      ['scan', '--json', '--only-python', '--python', cfg, '--data-dir', join(dir, 'data'), ...REF],
      { env: { REQUESTS_CA_BUNDLE: FRESH } },
    );
    const p = JSON.parse(report.stdout).pythons[0];
    expect(p.clients.requests).toMatchObject({ source: FRESH, steeredBy: 'REQUESTS_CA_BUNDLE', status: 'current' });
    expect(p.clients.pip.source).toBe(FRESH); // REQUESTS_CA_BUNDLE wins over pip's cert, as in requests
    const pipOnly = await trustfix([
      'pythons',
      '--json',
      '--only-python',
      '--python',
      venv,
      '--data-dir',
      join(dir, 'data'),
      ...REF,
    ]);
    const q = JSON.parse(pipOnly.stdout).pythons[0];
    expect(q.clients.pip).toMatchObject({
      source: OLD,
      steeredBy: `pip.conf:${join(venv, 'pip.conf')}`,
      status: 'stale',
    });
    expect(q.clients.requests.source).toMatch(/3\.11\.7\/lib\/python3\.11\/site-packages\/certifi\/cacert\.pem$/);
    // Two CLI runs and a scan, each probing the venv's interpreter: about 25 s idle, more than 60 s while
    // other test files keep both cores busy.
  }, 240_000);

  // How fast the reuse is belongs to `npm run bench`; here, that the probe is reused and when it is not.
  it('a second scan reuses the probe; installing a package invalidates it', async () => {
    const opts = { pythons: [venv], only: true, dataDir: join(dir, 'cache-data'), env: { ...process.env } };
    const first = await scanPythons(opts);
    expect(first.pythons[0]!.cached).toBe(false);
    const second = await scanPythons(opts);
    expect(second.pythons[0]!.cached).toBe(true);
    const site = first.pythons[0]!.packages && (await runProbe(join(venv, 'bin', 'python'))).ok;
    expect(site).toBe(true);
    const sp = ((await runProbe(join(venv, 'bin', 'python'))) as any).probe.sitePackages[0] as string;
    const later = new Date(Date.now() + 5000);
    utimesSync(sp, later, later); // what installing or upgrading a package does to the folder
    expect((await scanPythons(opts)).pythons[0]!.cached).toBe(false);
    expect((await scanPythons({ ...opts, env: { ...process.env, PIP_CERT: OLD } })).pythons[0]!.cached).toBe(false);
  });
});
