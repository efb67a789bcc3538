// `check URL` runs curl, git and node for real (uv and conda through stand-ins: they are not
// installable here, see test/helpers/fakeClients.ts) through a real TLS-inspecting proxy (mitmdump)
// in front of a real HTTPS package index and git server, names each client's outcome, and flags a
// disagreement between TrustFix's prediction and the client's own answer.
import { execa } from 'execa';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHost } from '../../../../src-main/core/diagnose/check.ts';
import { parseTarget } from '../../../../src-main/core/diagnose/target.ts';
import type { CheckReport, CheckResult } from '../../../../src-main/core/diagnose/types.ts';
import { createContext } from '../../../../src-main/core/context.ts';
import { CLI } from '../../../helpers/cli.ts';
import { makeFakeClients, type FakeClients } from '../../../helpers/fakeClients.ts';
import { startGitServer, type GitServer } from '../../../helpers/gitServer.ts';
import { startHttpsIndex, type HttpsIndex } from '../../../helpers/httpsIndex.ts';
import { mitmAvailable, startMitm, type Mitm } from '../../../helpers/mitm.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { makeUpstreamPki, type UpstreamPki } from '../../../helpers/upstreamPki.ts';

const CLIENTS = ['curl', 'git', 'node', 'uv', 'conda'] as const;

// Skips only where /usr/bin/mitmdump is missing (.ci/run installs Debian's mitmproxy).
describe.skipIf(!mitmAvailable())('check runs each client for real through an intercepting proxy', () => {
  const tmp = tempDir();
  let pki: UpstreamPki;
  let index: HttpsIndex;
  let git: GitServer;
  let mitm: Mitm;
  let fakes: FakeClients;

  beforeAll(async () => {
    pki = makeUpstreamPki(tmp.dir);
    [index, git] = await Promise.all([startHttpsIndex(tmp.dir, pki), startGitServer(tmp.dir, pki)]);
    mitm = await startMitm({ dir: tmp.dir, upstreamCa: pki.rootPem });
    fakes = makeFakeClients(tmp.dir);
  });
  afterAll(async () => {
    await Promise.all([mitm?.stop(), index?.stop(), git?.stop()]);
    tmp.cleanup();
  });

  /** The user's environment: the proxy, no personal config (HOME is the test's), what `steer` adds. */
  const userEnv = (steer: Record<string, string>): Record<string, string> => ({
    PATH: `${fakes.bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: tmp.dir,
    LANG: 'C.UTF-8',
    HTTPS_PROXY: mitm.url,
    GIT_CONFIG_NOSYSTEM: '1',
    PIP_CONFIG_FILE: '/dev/null',
    FAKE_CLIENT_LOG: fakes.log,
    ...steer,
  });

  // The OS store holds the proxy's root, as IT pushes it; each client reads what `steer` says.
  const check = async (url: string, steer: Record<string, string>, json = true) =>
    execa(
      process.execPath,
      [
        CLI,
        'check',
        url,
        '--python',
        '/usr/bin/python3',
        ...CLIENTS.flatMap((c) => ['--client', c]),
        '--system-store',
        mitm.caPem,
        '--no-color',
        ...(json ? ['--json'] : []),
      ],
      {
        reject: false,
        timeout: 120_000,
        env: userEnv(steer),
        extendEnv: false,
      },
    );

  const rowsOf = (stdout: string): Map<string, CheckResult> => {
    const report = JSON.parse(stdout) as CheckReport;
    return new Map(report.results.filter((r) => r.clientSays).map((r) => [r.client!, r]));
  };

  it('names each client refused by the proxy, with its own error, and agrees with the prediction', async () => {
    // curl and git steered to the upstream's own CA (right without the proxy, wrong behind it);
    // node, uv and conda with their defaults.
    const run = await check(index.indexUrl, { CURL_CA_BUNDLE: pki.rootPem, GIT_SSL_CAINFO: pki.rootPem });
    const rows = rowsOf(run.stdout);
    expect([...rows.keys()].sort(), run.stderr).toEqual([...CLIENTS].sort());
    for (const name of CLIENTS) {
      const r = rows.get(name)!;
      expect(r.clientSays!.ok, `${name}: ${JSON.stringify(r.clientSays)}`).toBe(false);
      expect(r.cause, name).toBe('intercepted');
      expect(r.disagreement, name).toBe(false);
    }
    const says = (n: string) => rows.get(n)!.clientSays!;
    expect(says('curl')).toMatchObject({ exitCode: 60, family: 'untrusted', code: 'curl exit 60' });
    expect(says('curl').error).toContain('SSL certificate problem: unable to get local issuer certificate');
    // Debian's git links libcurl-gnutls: "server certificate verification failed" names no reason.
    expect(says('git').error).toMatch(/server certificate verification failed|SSL certificate problem/);
    expect(['verify-failed', 'untrusted']).toContain(says('git').family);
    // mitmproxy 8 sends its leaf alone: node cannot find the issuer of the leaf.
    expect(says('node').code).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
    expect(says('uv')).toMatchObject({ family: 'untrusted', code: 'UnknownIssuer' });
    expect(says('conda')).toMatchObject({ family: 'untrusted', code: 'CondaSSLError' });
    // Predicted from where each looks; conda's default certifi is only known to discovery.
    expect(rows.get('curl')).toMatchObject({ predicted: true, source: pki.rootPem, steeredBy: 'CURL_CA_BUNDLE' });
    expect(rows.get('node')).toMatchObject({ predicted: true, source: 'bundled' });
    expect(rows.get('uv')).toMatchObject({ predicted: true, source: 'bundled' });
    expect(rows.get('conda')!.predicted).toBe(false);
    expect(run.exitCode).toBe(1);

    // The exact commands, with the user's environment and proxy (uv and conda record theirs).
    expect(says('curl').command.slice(1)).toEqual([
      '-sS',
      '-I',
      '-w',
      '\n%{http_code}\n',
      '--max-time',
      '16',
      index.indexUrl,
    ]);
    expect(says('git').command.slice(1)).toEqual(['ls-remote', index.indexUrl]);
    expect(fakes.argv('uv')).toEqual(['pip', 'compile', '-', '--index-url', index.indexUrl, '--no-cache', '--quiet']);
    expect(fakes.env('uv')).toMatchObject({
      HTTPS_PROXY: mitm.url,
      UV_PYTHON_DOWNLOADS: 'never',
      UV_HTTP_RETRIES: '0',
    });
    expect(fakes.argv('conda')).toEqual([
      'search',
      '--override-channels',
      '--channel',
      index.indexUrl,
      '--json',
      'trustfix-check-probe',
    ]);
    expect(fakes.env('conda').HTTPS_PROXY).toBe(mitm.url);
  });

  it('shows a per-client section in the human output', async () => {
    const run = await check(index.indexUrl, { CURL_CA_BUNDLE: pki.rootPem, GIT_SSL_CAINFO: pki.rootPem }, false);
    expect(run.stdout).toContain('Other clients, run for real against the host:');
    for (const name of CLIENTS) expect(run.stdout).toMatch(new RegExp(`^${name} · `, 'm'));
    expect(run.stdout).toContain('ran: /usr/bin/git ls-remote');
    expect(run.stdout).toContain('invalid peer certificate: UnknownIssuer');
  });

  it('each client steered to a bundle with the proxy root: predicted ok, and ok (git ls-remote on a real repository)', async () => {
    const run = await check(git.repoUrl, {
      CURL_CA_BUNDLE: mitm.caPem,
      GIT_SSL_CAINFO: mitm.caPem,
      NODE_EXTRA_CA_CERTS: mitm.caPem,
      SSL_CERT_FILE: mitm.caPem,
      REQUESTS_CA_BUNDLE: mitm.caPem,
    });
    const rows = rowsOf(run.stdout);
    for (const name of CLIENTS) {
      const r = rows.get(name)!;
      expect(r.clientSays!.ok, `${name}: ${JSON.stringify(r.clientSays)}`).toBe(true);
      expect(r.disagreement, name).toBe(false);
      expect(r.ok, name).toBe(true);
    }
    expect(rows.get('git')!.clientSays!.exitCode).toBe(0);
    expect(git.requests).toContain('/probe.git/info/refs');
  });

  it('flags a disagreement when the prediction is wrong about where the client looks', async () => {
    const ctx = await createContext({ systemStoreFile: mitm.caPem });
    const target = (parseTarget(index.indexUrl) as { ok: true; target: Parameters<typeof checkHost>[0]['target'] })
      .target;
    const env = userEnv({ CURL_CA_BUNDLE: pki.rootPem, NODE_EXTRA_CA_CERTS: mitm.caPem });
    // curl is said to read the proxy root's file, but CURL_CA_BUNDLE points elsewhere; node is said to
    // read the upstream's file only, but NODE_EXTRA_CA_CERTS gives it the proxy root.
    const report = await checkHost({
      target,
      interpreters: [],
      ctx,
      env,
      clients: [
        {
          name: 'curl',
          executable: '/usr/bin/curl',
          env,
          trust: { kind: 'file', sources: [{ kind: 'file', path: mitm.caPem, role: 'default' }] },
        },
        {
          name: 'node',
          executable: process.execPath,
          env,
          trust: { kind: 'file', sources: [{ kind: 'file', path: pki.rootPem, role: 'default' }] },
        },
      ],
    });
    const [curl, node] = report.results;
    expect(curl).toMatchObject({
      client: 'curl',
      ok: true,
      disagreement: true,
      clientSays: { ok: false, family: 'untrusted' },
    });
    expect(node).toMatchObject({
      client: 'node',
      ok: false,
      cause: 'intercepted',
      disagreement: true,
      clientSays: { ok: true },
    });
    expect(curl!.notes.map((n) => n.code)).toContain('check:clientRun.disagreement');
    expect(report.summary.disagreements).toBe(2);
  });
});
