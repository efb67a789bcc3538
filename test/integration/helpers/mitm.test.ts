// The test infrastructure itself, for real: mitmdump on 127.0.0.1 in front of an HTTPS package index and
// a git server with a private CA. Through the proxy, a client that trusts only the upstream's CA is
// refused (the proxy re-signs), and one that trusts the proxy's CA gets through.
import { execa } from 'execa';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GIT_ENV, startGitServer, type GitServer } from '../../helpers/gitServer.ts';
import { startHttpsIndex, PROBE_PROJECT, type HttpsIndex } from '../../helpers/httpsIndex.ts';
import { mitmAvailable, startMitm, type Mitm } from '../../helpers/mitm.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { makeUpstreamPki, type UpstreamPki } from '../../helpers/upstreamPki.ts';

const NO_MITM = !mitmAvailable();

// Skips only where /usr/bin/mitmdump is missing (.ci/run installs Debian's mitmproxy).
describe.skipIf(NO_MITM)('mitmdump in front of a real HTTPS index and git server', () => {
  const tmp = tempDir();
  let pki: UpstreamPki;
  let index: HttpsIndex;
  let git: GitServer;
  let mitm: Mitm;

  beforeAll(async () => {
    pki = makeUpstreamPki(tmp.dir);
    [index, git] = await Promise.all([startHttpsIndex(tmp.dir, pki), startGitServer(tmp.dir, pki)]);
    mitm = await startMitm({ dir: tmp.dir, upstreamCa: pki.rootPem });
  });
  afterAll(async () => {
    await Promise.all([mitm?.stop(), index?.stop(), git?.stop()]);
    tmp.cleanup();
  });

  const curl = (url: string, ca: string, proxy: boolean) =>
    execa(
      'curl',
      [
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '--cacert',
        ca,
        ...(proxy ? ['--proxy', mitm.url] : ['--noproxy', '*']),
        url,
      ],
      { reject: false, timeout: 30_000, env: { CURL_HOME: tmp.dir } },
    );

  it('curl: directly the upstream CA works; through the proxy it fails and the proxy CA works', async () => {
    const direct = await curl(index.indexUrl, pki.rootPem, false);
    expect(direct.stdout, direct.stderr).toBe('200');
    const refused = await curl(index.indexUrl, pki.rootPem, true);
    expect(refused.exitCode).toBe(60);
    expect(refused.stderr).toMatch(
      /SSL certificate problem: (unable to get local issuer certificate|self-signed certificate in certificate chain)/,
    );
    const through = await curl(index.indexUrl, mitm.caPem, true);
    expect(through.stdout, through.stderr + mitm.log()).toBe('200');
    // The chain the client saw is the proxy's: issued by mitmproxy.
    const seen = await execa(
      'openssl',
      ['s_client', '-proxy', `127.0.0.1:${mitm.port}`, '-connect', `127.0.0.1:${index.port}`, '-showcerts'],
      { input: '', reject: false, timeout: 30_000 },
    );
    expect(seen.stdout).toMatch(/issuer=.*O ?= ?mitmproxy/);
  });

  it('git ls-remote: refused with the upstream CA, works with the proxy CA', async () => {
    const env = { ...GIT_ENV, HTTPS_PROXY: mitm.url };
    const refused = await execa('git', ['ls-remote', git.repoUrl], {
      reject: false,
      timeout: 30_000,
      env: { ...env, GIT_SSL_CAINFO: pki.rootPem },
    });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/SSL certificate problem|server certificate verification failed/);
    const ok = await execa('git', ['ls-remote', git.repoUrl], {
      reject: false,
      timeout: 30_000,
      env: { ...env, GIT_SSL_CAINFO: mitm.caPem },
    });
    expect(ok.stdout, ok.stderr).toContain(`${git.head}\tHEAD`);
    expect(git.requests).toContain('/probe.git/info/refs');
  });

  it("node fetch through the proxy: refused with the upstream CA, works with NODE_EXTRA_CA_CERTS = the proxy's CA", async () => {
    // Node's fetch uses HTTPS_PROXY only with NODE_USE_ENV_PROXY=1 (Node >= 24.5 / 22.21).
    const script =
      'fetch(process.argv[1]).then((r) => console.log(r.status), (e) => { console.log(e.cause?.code ?? e.message); process.exitCode = 1; })';
    const run = (ca: string) =>
      execa(process.execPath, ['-e', script, index.indexUrl], {
        reject: false,
        timeout: 30_000,
        env: { HTTPS_PROXY: mitm.url, NODE_USE_ENV_PROXY: '1', NODE_EXTRA_CA_CERTS: ca },
      });
    const refused = await run(pki.rootPem);
    // mitmproxy 8 sends the leaf alone, so Node cannot even find its issuer: UNABLE_TO_VERIFY_LEAF_SIGNATURE.
    expect(refused.stdout.trim()).toMatch(
      /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/,
    );
    const ok = await run(mitm.caPem);
    expect(ok.stdout.trim(), ok.stderr).toBe('200');
  });

  it('pip installs the probe wheel from the index through the proxy when it trusts the proxy CA', async () => {
    const target = join(tmp.dir, 'site');
    const pip = (cert: string) =>
      execa(
        '/usr/bin/python3',
        [
          '-m',
          'pip',
          'install',
          '--no-cache-dir',
          '--disable-pip-version-check',
          '--isolated',
          '--retries',
          '0',
          '--timeout',
          '15',
          '--target',
          target,
          '--index-url',
          index.indexUrl,
          '--proxy',
          mitm.url,
          '--cert',
          cert,
          PROBE_PROJECT,
        ],
        { reject: false, timeout: 120_000, env: { PIP_CONFIG_FILE: '/dev/null', PYTHONNOUSERSITE: '1' } },
      );
    const refused = await pip(pki.rootPem);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/CERTIFICATE_VERIFY_FAILED/);
    const ok = await pip(mitm.caPem);
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
    expect(readFileSync(join(target, 'trustfix_probe_pkg', '__init__.py'), 'utf8')).toContain(
      'installed through the proxy',
    );
  });

  // Python 3.13 turns on VERIFY_X509_STRICT: a leaf without AKI is refused even with the proxy's CA trusted.
  const py313 = join(process.env.HOME ?? '/root', '.pyenv/versions/3.13.0/bin/python3');
  const urlopen =
    'import ssl, sys, urllib.request as u\nctx = ssl.create_default_context(cafile=sys.argv[2])\nh = u.ProxyHandler({"https": sys.argv[3]})\ntry:\n    u.build_opener(h, u.HTTPSHandler(context=ctx)).open(sys.argv[1], timeout=20)\n    print("ok")\nexcept Exception as e:\n    print(getattr(e, "reason", e))\n';

  it.each([
    ['without-aki', false],
    ['with-aki', true],
    ['minted', null],
  ] as const)('the proxy can serve leaves %s (Python 3.13 strict rule)', async (leaf, has) => {
    const own = join(tmp.dir, leaf);
    mkdirSync(own);
    const other = await startMitm({ dir: own, upstreamCa: pki.rootPem, leaf });
    try {
      const seen = await execa(
        'openssl',
        ['s_client', '-proxy', `127.0.0.1:${other.port}`, '-connect', `127.0.0.1:${index.port}`],
        { input: '', reject: false, timeout: 30_000 },
      );
      const text = await execa('openssl', ['x509', '-noout', '-text'], { input: seen.stdout, timeout: 30_000 });
      expect(text.stdout).toContain('IP Address:127.0.0.1');
      // 'minted' depends on the mitmproxy version (8.1.1: no AKI; >= 10.1: AKI): read what it did.
      const aki = has ?? text.stdout.includes('Authority Key Identifier');
      expect(text.stdout.includes('Authority Key Identifier')).toBe(aki);
      const ok = await execa(
        'curl',
        ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', other.caPem, '--proxy', other.url, index.indexUrl],
        { reject: false, timeout: 30_000 },
      );
      expect(ok.stdout, ok.stderr).toBe('200');
      const py = await execa(py313, ['-c', urlopen, index.indexUrl, other.caPem, other.url], {
        reject: false,
        timeout: 30_000,
        env: { PYTHONNOUSERSITE: '1' },
      });
      expect(py.stdout.trim()).toMatch(aki ? /^ok$/ : /Missing Authority Key Identifier/);
    } finally {
      await other.stop();
    }
  });
});
