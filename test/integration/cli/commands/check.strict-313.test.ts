// Issue 13, "Python 3.13's strict rule, right", with a real Python 3.13 behind a TLS-inspecting proxy
// whose minted leaves lack the Authority Key Identifier. The proxy is played by a server on 127.0.0.1
// that sends what such a proxy sends (a leaf for the host, issued by the proxy's own root, no AKI),
// reached through a CONNECT proxy as HTTPS_PROXY; the proxy's root (Basic Constraints critical, as
// RFC 5280 wants) is in the "OS store" as IT would push it: SSL_CERT_FILE for Python, --system-store
// for TrustFix. The venv's certifi (requests) lacks it. Before this change `check` told IT to re-issue
// the root, promised requests would work once the root was trusted, and offered truststore, which on
// Linux fails the same way (measured below, in the test itself).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport, CheckResult } from '../../../../src-main/core/diagnose/types.ts';
import { connectProxy, httpsServer, type Running } from '../../../helpers/checkServers.ts';
import { trustfix } from '../../../helpers/cli.ts';
import { derOf, makeCert } from '../../../helpers/checkPki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const VERSIONS = join(homedir(), '.pyenv', 'versions');
const PY313 = existsSync(VERSIONS)
  ? readdirSync(VERSIONS)
      .filter((v) => /^3\.13\./.test(v))
      .map((v) => join(VERSIONS, v, 'bin', 'python'))
      .find(existsSync)
  : undefined;
// No internet here: pip installs from the machine's local index.
const LOCAL_INDEX: Record<string, string> = existsSync('/opt/pypi/simple')
  ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' }
  : {};
const EN = JSON.parse(
  readFileSync(new URL('../../../../assets/locales/en/check.json', import.meta.url), 'utf8'),
) as Record<string, string>;

const proxyRoot = makeCert({ cn: 'Zscaler Root CA', org: 'Zscaler Inc.', ca: true, to: 3650 });
const names = { dns: ['localhost'], ips: ['127.0.0.1'] };
const mintedNoAki = makeCert({ cn: 'localhost', issuer: proxyRoot, ...names, noAki: true });
const mintedWithAki = makeCert({ cn: 'localhost', issuer: proxyRoot, ...names });
const fpOf = (m: typeof proxyRoot): string => createHash('sha256').update(derOf(m)).digest('hex');

let dir: string;
let cleanup: () => void;
const servers: Running[] = [];
let proxy: Running & { tunnels: string[] };
let noAkiUrl: string;
let withAkiUrl: string;
let py = '';
let certifi = '';
let osStore: string;
let env: Record<string, string>;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-strict313-'));
  for (const leaf of [mintedNoAki, mintedWithAki])
    servers.push(await httpsServer({ key: leaf.keyPem, certChain: leaf.pem }));
  noAkiUrl = `https://localhost:${servers[0]!.port}/simple/`;
  withAkiUrl = `https://localhost:${servers[1]!.port}/simple/`;
  proxy = await connectProxy();
  osStore = join(dir, 'os-store.pem');
  await writeFile(osStore, `${rootCertificates.join('\n')}\n${proxyRoot.pem}`);
  await mkdir(join(dir, 'empty'));
  await mkdir(join(dir, 'home'));
  const proxyUrl = `http://127.0.0.1:${proxy.port}`;
  // The whole environment, stated: nothing inherited but PATH.
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(dir, 'home'),
    LANG: 'C.UTF-8',
    SSL_CERT_FILE: osStore,
    SSL_CERT_DIR: join(dir, 'empty'),
    PIP_CONFIG_FILE: '/dev/null',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    HTTPS_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    NO_PROXY: '',
    no_proxy: '',
  };
  if (!PY313) return;
  const venv = join(dir, 'venv');
  await execa(PY313, ['-m', 'venv', venv], { timeout: 120_000, env, extendEnv: false });
  py = join(venv, 'bin', 'python');
  // --no-deps: the local mirror has no charset_normalizer for 3.13; requests runs without it.
  const pip = await execa(
    py,
    ['-m', 'pip', 'install', '-q', '--no-deps', 'requests', 'urllib3', 'idna', 'certifi', 'truststore'],
    {
      reject: false,
      timeout: 300_000,
      env: { ...env, ...LOCAL_INDEX, HTTPS_PROXY: '', https_proxy: '' },
      extendEnv: false,
    },
  );
  // The mirror is part of the machine (and of CI): a failed install is a failure, not a skip.
  if (pip.exitCode !== 0)
    throw new Error(
      `could not install requests and truststore into a 3.13 venv offline: ${String(pip.stderr).slice(-300)}`,
    );
  certifi = String(
    (await execa(py, ['-c', 'import certifi; print(certifi.where())'], { env, extendEnv: false })).stdout,
  ).trim();
}, 600_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await proxy?.close();
  cleanup?.();
});

const check = async (
  url: string,
  extra: Record<string, string> = {},
  json = true,
): Promise<{ report?: CheckReport; stdout: string }> => {
  const run = await trustfix(
    [
      'check',
      url,
      '--python',
      py,
      '--system-store',
      osStore,
      '--data-dir',
      join(dir, 'data'),
      '--no-color',
      ...(json ? ['--json'] : []),
    ],
    { env: { ...env, ...extra }, extendEnv: false },
  );
  expect(run.stderr).toBe('');
  return json ? { report: JSON.parse(run.stdout) as CheckReport, stdout: run.stdout } : { stdout: run.stdout };
};
const row = (report: CheckReport, client: string): CheckResult => {
  const found = report.results.find((r) => r.client === client);
  expect(found, `${client} row`).toBeDefined();
  return found!;
};

describe.skipIf(!PY313)(
  `Python 3.13 behind a proxy whose minted leaf lacks the AKI (${PY313 ?? `skipped: no Python 3.13 under ${VERSIONS}`})`,
  () => {
    it('check: urllib fails the strict rule on the leaf; requests will still fail after trusting the root; the proxy must change; no truststore', async () => {
      const { report } = await check(noAkiUrl);
      const leafFp = fpOf(mintedNoAki);
      expect(report!.proxy).toBe(env.HTTPS_PROXY);
      expect(report!.interpreterErrors).toEqual([]);

      // urllib trusts the OS store, which holds the root: the strict rule refuses the minted leaf.
      const urllib = row(report!, 'urllib');
      expect(urllib).toMatchObject({
        ok: false,
        cause: 'x509-strict',
        disagreement: false,
        pythonSays: { ok: false, family: 'x509-strict' },
      });
      expect(urllib.pythonSays?.sslError).toContain('Missing Authority Key Identifier');
      expect(urllib.strict).toMatchObject({
        afterTrust: false,
        violations: [
          {
            role: 'leaf',
            rule: 'missing-aki',
            actor: 'proxy',
            vendor: 'Zscaler',
            fingerprint: leafFp,
            name: 'localhost',
          },
        ],
      });

      // requests trusts certifi, which lacks the root: intercepted, and said now that trusting the root
      // will not be enough on this Python.
      const requests = row(report!, 'requests');
      expect(requests).toMatchObject({
        ok: false,
        cause: 'intercepted',
        disagreement: false,
        pythonSays: { ok: false },
      });
      expect(requests.strict).toMatchObject({
        afterTrust: true,
        violations: [{ role: 'leaf', rule: 'missing-aki', actor: 'proxy', fingerprint: leafFp }],
      });
      expect(requests.notes.map((n) => n.code)).toContain('check:note.stillFailsAfterTrust');
      const trusting = requests.repairs.filter(
        (p) => p.kind === 'append' || p.kind === 'pth-bundle' || p.kind === 'os-store',
      );
      expect(trusting.length).toBeGreaterThan(0);
      for (const p of trusting) expect(p.stillFails?.code).toBe('check:repair.stillFails');

      for (const r of [urllib, requests]) {
        const proxyStep = r.repairs.find((p) => p.why.code === 'check:repair.strict.proxy');
        expect(proxyStep, `${r.client}`).toMatchObject({
          kind: 'none',
          why: { params: { vendor: 'Zscaler', role: 'leaf', fingerprint: leafFp } },
        });
        expect(r.repairs.map((p) => p.why.code)).not.toContain('check:repair.strict.rootOwner');
      }
      // Linux: truststore verifies with OpenSSL and the same strict flags; it is offered to no client.
      for (const r of report!.results)
        expect(
          r.repairs.filter((p) => p.kind === 'use-os-store'),
          `${r.client}`,
        ).toEqual([]);
    });

    it('check, as people read it: names the leaf and its fingerprint, the proxy, and no truststore step', async () => {
      const { stdout } = await check(noAkiUrl, {}, false);
      const leafFp = fpOf(mintedNoAki);
      expect(stdout).toMatch(/will still fail after trusting the root/i);
      expect(stdout).toMatch(/Not enough on this Python: it will still fail/);
      expect(stdout).toContain(leafFp);
      expect(stdout).toMatch(/Zscaler[^\n]*makes/);
      expect(stdout).not.toContain(EN['repair.useOsStore']!);
      expect(stdout).not.toMatch(/re-issue the root with Basic Constraints/);
    });

    it('what check said holds: with the root trusted, requests fails on the leaf; truststore does not help on Linux', async () => {
      // requests with the root trusted (a bundle of certifi + the root): the strict rule, as predicted.
      const withRoot = join(dir, 'certifi-plus-root.pem');
      await writeFile(withRoot, `${readFileSync(certifi, 'utf8')}\n${proxyRoot.pem}`);
      const { report } = await check(noAkiUrl, { REQUESTS_CA_BUNDLE: withRoot });
      const requests = row(report!, 'requests');
      expect(requests).toMatchObject({ ok: false, cause: 'x509-strict', disagreement: false });
      expect(requests.pythonSays?.sslError).toContain('Missing Authority Key Identifier');

      // The measurement behind "truststore does not help on Linux": truststore injected (what
      // `use-os-store` starts), the OS store holding the root, urllib and requests still refuse the leaf.
      const script = [
        'import sys, urllib.request, warnings',
        'warnings.simplefilter("ignore")',
        'import truststore; truststore.inject_into_ssl()',
        'import requests',
        'for name, get in (("urllib", lambda: urllib.request.urlopen(sys.argv[1], timeout=10)), ("requests", lambda: requests.get(sys.argv[1], timeout=10))):',
        '    try:',
        '        get(); print(name, "ok")',
        '    except Exception as e:',
        '        print(name, "Missing Authority Key Identifier" in str(e))',
      ].join('\n');
      const run = await execa(py, ['-c', script, noAkiUrl], { env, extendEnv: false, reject: false, timeout: 60_000 });
      expect(run.stdout.trim().split('\n')).toEqual(['urllib True', 'requests True']);
    });

    it('fix changes nothing it knows would leave requests failing, and says who must act', async () => {
      const before = readFileSync(certifi);
      const run = await trustfix(
        [
          'fix',
          noAkiUrl,
          '--python',
          py,
          '--yes',
          '--json',
          '--system-store',
          osStore,
          '--data-dir',
          join(dir, 'data-fix'),
        ],
        { env, extendEnv: false },
      );
      expect(run.exitCode, run.stderr).toBe(1);
      const out = JSON.parse(run.stdout) as {
        applied: boolean;
        clients: Array<{ client: string; outcome: string; reasons?: Array<{ code: string }> }>;
      };
      expect(out.applied).toBe(false);
      const requests = out.clients.find((c) => c.client === 'requests');
      expect(requests).toMatchObject({ outcome: 'unfixable' });
      expect(requests?.reasons?.map((r) => r.code)).toContain('check:repair.strict.proxy');
      expect(readFileSync(certifi).equals(before)).toBe(true);
    });
  },
);

describe.skipIf(!PY313)(
  `the same proxy, its minted leaf WITH the AKI (${PY313 ?? `skipped: no Python 3.13 under ${VERSIONS}`})`,
  () => {
    it('trusting the root is offered as the fix and predicted to work, and it does', async () => {
      const { report } = await check(withAkiUrl);
      expect(row(report!, 'urllib')).toMatchObject({ ok: true, cause: 'ok', disagreement: false });
      const requests = row(report!, 'requests');
      expect(requests).toMatchObject({ ok: false, cause: 'intercepted', disagreement: false });
      expect(requests.strict).toBeUndefined();
      expect(requests.notes.map((n) => n.code)).not.toContain('check:note.stillFailsAfterTrust');
      const append = requests.repairs.find((p) => p.kind === 'append' && p.bundlePath === certifi);
      expect(append?.certificates?.map((c) => c.fingerprint)).toEqual([fpOf(proxyRoot)]);
      for (const p of requests.repairs) expect(p.stillFails).toBeUndefined();

      // fix trusts the root for requests (the venv's own certifi) and the re-run connection works.
      const run = await trustfix(
        [
          'fix',
          withAkiUrl,
          '--python',
          py,
          '--yes',
          '--json',
          '--system-store',
          osStore,
          '--data-dir',
          join(dir, 'data-fix-aki'),
        ],
        { env, extendEnv: false },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { applied: boolean; clients: Array<{ client: string; outcome: string }> };
      expect(out.clients.find((c) => c.client === 'requests')).toMatchObject({ outcome: 'fixed' });
      expect(readFileSync(certifi, 'utf8')).toContain(proxyRoot.pem.split(/\r?\n/)[1]!);
    });
  },
);
