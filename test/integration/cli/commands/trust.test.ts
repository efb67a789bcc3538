// Issue 13, "Fixed once, everywhere", for real: mitmdump on 127.0.0.1 intercepts TLS in front of a real
// HTTPS package index and a git repository. Through it, pip, requests and urllib (a venv), curl, git and
// node fail. `trustfix trust <the proxy's CA>` makes each of them work through its own persistent setting
// (node with the environment its profile line gives a new login shell), and `trustfix undo` puts every
// file and setting back byte for byte (files that did not exist are gone again, and their folders), after
// which they fail again. HOME is a folder of the test's: the machine's ~/.gitconfig, ~/.curlrc, ~/.npmrc
// are never touched. uv and conda are not installable here: fake programs on PATH answer `--version`
// (and conda `config --show ssl_verify`, from ~/.condarc, as conda prints it) and the test checks their
// exact settings files. One proxy and one venv for the whole file.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORBIDDEN } from '../../../../src-main/core/repair/trustRoot/forbidden.ts';
import { httpsServer } from '../../../helpers/checkServers.ts';
import { derOf, makeCert } from '../../../helpers/checkPki.ts';
import { trustfix } from '../../../helpers/cli.ts';
import { startGitServer, type GitServer } from '../../../helpers/gitServer.ts';
import { PROBE_PROJECT, startHttpsIndex, type HttpsIndex } from '../../../helpers/httpsIndex.ts';
import { mitmAvailable, startMitm, type Mitm } from '../../../helpers/mitm.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { makeUpstreamPki } from '../../../helpers/upstreamPki.ts';

// 3.11: the local mirror's charset-normalizer (a requests dependency) is a cp311 wheel.
const BASE_PYTHON = ['/root/.pyenv/versions/3.11.7/bin/python'].find(existsSync);
const LOCAL_INDEX: Record<string, string> = existsSync('/opt/pypi/simple')
  ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' }
  : {};
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Every file (its SHA-256) and folder under `roots`, by path. Left out: compiled bytecode (Python
 * writes it whenever it runs) and npm's own log folder ~/.npm (npm writes a log on every run, also
 * for `npm config get`). */
function snapshot(roots: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    if (!statSync(dir).isDirectory()) {
      out[dir] = sha(readFileSync(dir));
      return;
    }
    out[dir] = 'dir';
    for (const name of readdirSync(dir)) {
      if (name === '__pycache__' || name === '.npm') continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = sha(readFileSync(p));
    }
  };
  for (const r of roots) walk(r);
  return out;
}

describe.skipIf(!mitmAvailable() || !BASE_PYTHON)('trust ROOT through a real intercepting proxy, then undo', () => {
  const tmp = tempDir();
  const home = join(tmp.dir, 'home');
  const data = join(tmp.dir, 'data');
  const fakeBin = join(tmp.dir, 'fake-bin');
  const conda = join(tmp.dir, 'miniconda');
  const venv = join(tmp.dir, 'venv');
  const py = join(venv, 'bin', 'python');
  const store = join(tmp.dir, 'store-with-proxy-ca.pem');
  let index: HttpsIndex;
  let git: GitServer;
  let mitm: Mitm;
  let env: Record<string, string>;
  let before: Record<string, string>;
  let watched: string[];

  beforeAll(async () => {
    const pki = makeUpstreamPki(tmp.dir);
    [index, git] = await Promise.all([startHttpsIndex(tmp.dir, pki), startGitServer(tmp.dir, pki)]);
    mitm = await startMitm({ dir: tmp.dir, upstreamCa: pki.rootPem });
    mkdirSync(home);
    mkdirSync(fakeBin);
    // Settings the user already has: kept byte for byte around TrustFix's lines, and given back by undo.
    writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Test User\n\temail = t@example.invalid\n');
    writeFileSync(join(home, '.profile'), "# the user's own profile\numask 022\n");
    // uv: not installable here. A fake that answers --version as uv 0.11.12 does.
    writeFileSync(
      join(fakeBin, 'uv'),
      '#!/bin/sh\n[ "$1" = "--version" ] && echo "uv 0.11.12 (3fdfdc7d4 2026-05-12 x86_64-unknown-linux-gnu)" && exit 0\nexit 2\n',
    );
    // conda: a fake install (program, conda-meta record of its Python, certifi's bundle in its own
    // site-packages, which requests in conda reads by default), answering
    // --version and `config --show ssl_verify` from ~/.condarc the way conda prints it.
    mkdirSync(join(conda, 'bin'), { recursive: true });
    mkdirSync(join(conda, 'conda-meta'));
    const condaCertifi = join(conda, 'lib', 'python3.12', 'site-packages', 'certifi');
    mkdirSync(condaCertifi, { recursive: true });
    writeFileSync(join(conda, 'conda-meta', 'python-3.12.4-h5148396_1.json'), '{}\n');
    writeFileSync(join(conda, 'conda-meta', 'conda-24.7.1-py312h06a4308_0.json'), '{}\n');
    writeFileSync(join(condaCertifi, 'cacert.pem'), readFileSync('/etc/ssl/certs/ca-certificates.crt'));
    writeFileSync(
      join(conda, 'bin', 'conda'),
      `#!/bin/sh\n[ "$1" = "--version" ] && echo "conda 24.7.1" && exit 0\nif [ "$1 $2 $3" = "config --show ssl_verify" ]; then v=$(sed -n 's/^ssl_verify: *//p' "$HOME/.condarc" 2>/dev/null | tail -n 1 | sed "s/^'\\(.*\\)'$/\\1/"); echo "ssl_verify: \${v:-True}"; exit 0; fi\nexit 2\n`,
    );
    for (const f of [join(fakeBin, 'uv'), join(conda, 'bin', 'conda')]) chmodSync(f, 0o755);
    env = {
      PATH: `${fakeBin}:${join(conda, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home,
      LANG: 'C.UTF-8',
      HTTPS_PROXY: mitm.url,
      NODE_USE_ENV_PROXY: '1',
      PIP_CONFIG_FILE: '/dev/null',
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
      PYTHONNOUSERSITE: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
    };
    await execa(BASE_PYTHON!, ['-m', 'venv', venv], { timeout: 120_000, env, extendEnv: false });
    const pip = await execa(py, ['-m', 'pip', 'install', '-q', 'requests'], {
      reject: false,
      timeout: 300_000,
      env: { ...env, ...LOCAL_INDEX, HTTPS_PROXY: '' },
      extendEnv: false,
    });
    if (pip.exitCode !== 0) throw new Error(`requests could not be installed offline: ${pip.stderr}`);
    // "The OS store" with the proxy's CA in it, as IT would push it: for TrustFix's view only
    // (--system-store); the clients run here read the machine's real store, which lacks it.
    writeFileSync(store, Buffer.concat([readFileSync('/etc/ssl/certs/ca-certificates.crt'), readFileSync(mitm.caPem)]));
    watched = [home, join(data, 'trust'), join(data, 'env.sh'), join(venv, 'lib')];
  }, 600_000);
  afterAll(async () => {
    await Promise.all([mitm?.stop(), index?.stop(), git?.stop()]);
    tmp.cleanup();
  });

  /** Each client, run as the user would after logging in again: a login shell's profile sourced. */
  const run = (script: string, extra: Record<string, string> = {}) =>
    execa('/bin/sh', ['-c', `. "$HOME/.profile"; ${script}`], {
      reject: false,
      timeout: 120_000,
      env: { ...env, ...extra },
      extendEnv: false,
    });
  let n = 0;
  const clients: Record<string, () => Promise<{ ok: boolean; said: string }>> = {
    pip: async () => {
      const r = await run(
        `exec "${py}" -m pip install --no-cache-dir --retries 0 --timeout 20 --target "${join(tmp.dir, `pkg-${++n}`)}" --index-url "${index.indexUrl}" ${PROBE_PROJECT}`,
      );
      return { ok: r.exitCode === 0, said: r.stdout + r.stderr };
    },
    requests: async () => {
      const r = await run(
        `exec "${py}" -c 'import requests, sys; print(requests.get(sys.argv[1], timeout=20).status_code)' "${index.indexUrl}"`,
      );
      return { ok: r.stdout.trim() === '200', said: r.stdout + r.stderr };
    },
    urllib: async () => {
      const r = await run(
        `exec "${py}" -c 'import urllib.request, sys; print(urllib.request.urlopen(sys.argv[1], timeout=20).status)' "${index.indexUrl}"`,
      );
      return { ok: r.stdout.trim() === '200', said: r.stdout + r.stderr };
    },
    curl: async () => {
      const r = await run(`exec curl -sS -o /dev/null -w '%{http_code}' "${index.indexUrl}"`);
      return { ok: r.stdout === '200', said: r.stdout + r.stderr };
    },
    git: async () => {
      const r = await run(`exec git ls-remote "${git.repoUrl}"`);
      return { ok: r.stdout.includes(`${git.head}\tHEAD`), said: r.stdout + r.stderr };
    },
    node: async () => {
      const r = await run(
        `exec node -e 'fetch(process.argv[1]).then((r) => console.log(r.status), (e) => console.log(e.cause?.code ?? e.message))' "${index.indexUrl}"`,
      );
      return { ok: r.stdout.trim() === '200', said: r.stdout + r.stderr };
    },
  };
  const outcomes = async (): Promise<Record<string, boolean>> => {
    const out: Record<string, boolean> = {};
    for (const [name, go] of Object.entries(clients)) out[name] = (await go()).ok;
    return out;
  };
  const allFail = Object.fromEntries(Object.keys(clients).map((k) => [k, false]));
  const allWork = Object.fromEntries(Object.keys(clients).map((k) => [k, true]));

  it('every client fails through the proxy; after `trust CA --check URL --yes` every one works (a client that still fails is put back alone); after `undo` every byte is back and they fail again', async () => {
    expect(await outcomes()).toEqual(allFail);
    before = snapshot(watched);

    const planned = await trustfix(
      ['--data-dir', data, '--json', 'trust', mitm.caPem, '--python', py, '--skip', 'uv'],
      { env, extendEnv: false },
    );
    expect(planned.exitCode, planned.stderr).toBe(0);
    expect(snapshot(watched)).toEqual(before); // the plan alone changes nothing
    const plan = JSON.parse(planned.stdout) as { clients: Array<{ client: string; status: string; route?: string }> };
    const status = Object.fromEntries(plan.clients.map((c) => [c.client, `${c.status}:${c.route ?? ''}`]));
    expect(status).toMatchObject({
      urllib: 'planned:python-own-files',
      requests: 'planned:python-own-files',
      pip: 'planned:python-own-files',
      curl: 'planned:curlrc-cacert',
      git: 'planned:git-sslcainfo',
      node: 'planned:node-extra-ca-certs',
      npm: 'planned:npmrc-cafile',
      conda: 'planned:condarc-file',
      uv: 'skipped:',
    });

    // Applied with TrustFix's own re-check through the proxy: each client run against the index with
    // the environment its setting gives a new login shell. The fake conda cannot search a channel, so
    // it still fails and its setting alone is put back (safety rule 8); the others are kept.
    const applied = await trustfix(
      [
        '--data-dir',
        data,
        '--json',
        'trust',
        mitm.caPem,
        '--python',
        py,
        '--skip',
        'uv',
        '--check',
        index.indexUrl,
        '--yes',
      ],
      { env, extendEnv: false },
    );
    const result = JSON.parse(applied.stdout) as {
      applied: boolean;
      entry: string;
      clients: Array<{ client: string; outcome: string }>;
    };
    expect(Object.fromEntries(result.clients.map((c) => [c.client, c.outcome])), applied.stderr).toEqual({
      urllib: 'verified',
      requests: 'verified',
      pip: 'verified',
      curl: 'verified',
      git: 'verified',
      node: 'verified',
      npm: 'verified', // not run by check: its read-back (`npm config get cafile`) passed
      conda: 'failedPutBack',
      uv: 'skipped',
    });
    expect(applied.exitCode).toBe(1);
    expect(applied.stderr).toContain('Not every client will trust the root: conda.');
    expect(result.applied).toBe(true);
    expect(await outcomes(), JSON.stringify(await clients.node!())).toEqual(allWork);

    // What changed, exactly, and nothing in it (nor in the plan) turns verification off.
    const after = snapshot(watched);
    const changed = Object.keys(after).filter((p) => after[p] !== before[p] && after[p] !== 'dir');
    const rel = changed.map((p) => relative(tmp.dir, p)).sort();
    expect(rel).toEqual(
      expect.arrayContaining([
        'home/.gitconfig',
        'home/.profile',
        'home/.curlrc',
        'home/.npmrc',
        'data/env.sh',
        'data/trust/curl-ca.pem',
        'data/trust/git-ca.pem',
        'data/trust/npm-ca.pem',
        'data/trust/node-extra-ca.pem',
      ]),
    );
    expect(existsSync(join(home, '.condarc'))).toBe(false); // put back: it did not exist
    expect(readFileSync(join(home, '.gitconfig'), 'utf8')).toBe(
      `[user]\n\tname = Test User\n\temail = t@example.invalid\n[http]\n\tsslCAInfo = "${join(data, 'trust', 'git-ca.pem')}"\n`,
    );
    const written = [applied.stdout, ...changed.map((p) => readFileSync(p, 'utf8'))].join('\n');
    for (const [re, name] of FORBIDDEN) expect(re.test(written), name).toBe(false);

    const undone = await trustfix(['--data-dir', data, 'undo', '--yes'], { env, extendEnv: false });
    expect(undone.exitCode, undone.stderr).toBe(0);
    expect(snapshot(watched)).toEqual(before);
    expect(await outcomes()).toEqual(allFail);
  }, 600_000);

  it('conda by its exact .condarc: a merged bundle (its certifi + the root); with the root in the OS store, truststore, and uv.toml system-certs; undo removes the files and the folders made for them', async () => {
    const start = snapshot([home]);
    const file = await trustfix(
      ['--data-dir', data, '--json', 'trust', mitm.caPem, '--python', py, '--only', 'conda', '--yes'],
      { env, extendEnv: false },
    );
    expect(file.exitCode, file.stderr).toBe(0);
    expect(readFileSync(join(home, '.condarc'), 'utf8')).toBe(`ssl_verify: ${join(data, 'trust', 'conda-ca.pem')}\n`);
    const condaBundle = readFileSync(join(conda, 'lib', 'python3.12', 'site-packages', 'certifi', 'cacert.pem'));
    expect(
      readFileSync(join(data, 'trust', 'conda-ca.pem'))
        .subarray(0, condaBundle.length)
        .equals(condaBundle),
    ).toBe(true); // what conda trusted, kept
    expect((await trustfix(['--data-dir', data, 'undo', '--yes'], { env, extendEnv: false })).exitCode).toBe(0);
    expect(snapshot([home])).toEqual(start);

    const r = await trustfix(
      [
        '--data-dir',
        data,
        '--system-store',
        store,
        '--json',
        'trust',
        mitm.caPem,
        '--python',
        py,
        '--only',
        'uv',
        'conda',
        '--yes',
      ],
      { env, extendEnv: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { clients: Array<{ client: string; status: string; route?: string }> };
    expect(
      out.clients.filter((c) => c.client === 'uv' || c.client === 'conda').map((c) => `${c.client}:${c.route}`),
    ).toEqual(['uv:uv-system-certs', 'conda:condarc-truststore']);
    expect(readFileSync(join(home, '.config', 'uv', 'uv.toml'), 'utf8')).toBe('system-certs = true\n');
    expect(readFileSync(join(home, '.condarc'), 'utf8')).toBe('ssl_verify: truststore\n');
    const undone = await trustfix(['--data-dir', data, 'undo', '--yes'], { env, extendEnv: false });
    expect(undone.exitCode, undone.stderr).toBe(0);
    expect(snapshot([home])).toEqual(start);
    expect(existsSync(join(home, '.config'))).toBe(false);
  }, 300_000);

  it('ROOT by fingerprint: a root in the OS store by a prefix; a root a `check` saw in a chain by its whole SHA-256; nothing else', async () => {
    // mitmproxy 8 sends its leaf alone, so its CA is never in a chain: a private server that sends
    // its root (as many inspecting proxies do) shows `check` the root.
    const root = makeCert({ cn: 'Chain Sent Root', org: 'TrustFix Tests', ca: true, to: 3650 });
    const leaf = makeCert({ cn: 'localhost', issuer: root, dns: ['localhost'], ips: ['127.0.0.1'] });
    const server = await httpsServer({ key: leaf.keyPem, certChain: leaf.pem + root.pem });
    try {
      const fp = createHash('sha256').update(derOf(root)).digest('hex');
      const direct = { ...env, HTTPS_PROXY: '' };
      const unknown = await trustfix(['--data-dir', data, 'trust', fp, '--only', 'curl'], {
        env: direct,
        extendEnv: false,
      });
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toContain('no certificate a previous `trustfix check` saw');
      const checked = await trustfix(
        ['--data-dir', data, 'check', `https://127.0.0.1:${server.port}/`, '--python', py],
        { env: direct, extendEnv: false },
      );
      expect(checked.stdout).toContain('Chain Sent Root');
      const seen = await trustfix(['--data-dir', data, '--json', 'trust', fp, '--only', 'curl'], {
        env: direct,
        extendEnv: false,
      });
      expect(seen.exitCode, seen.stderr).toBe(0);
      expect((JSON.parse(seen.stdout) as { root: { from: string; fingerprint: string } }).root).toMatchObject({
        from: 'check',
        fingerprint: fp,
      });
      // A prefix names only a root in the OS store (here the test's store file, with the proxy's CA).
      const mitmFp = createHash('sha256')
        .update(Buffer.from(readFileSync(mitm.caPem, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'))
        .digest('hex');
      const prefix = await trustfix(
        ['--data-dir', data, '--system-store', store, '--json', 'trust', mitmFp.slice(0, 12), '--only', 'curl'],
        { env: direct, extendEnv: false },
      );
      expect((JSON.parse(prefix.stdout) as { root: { from: string } }).root.from, prefix.stderr).toBe('os-store');
      const short = await trustfix(['--data-dir', data, 'trust', fp.slice(0, 12), '--only', 'curl'], {
        env: direct,
        extendEnv: false,
      });
      expect(short.stderr).toContain('all 64 hex digits');
    } finally {
      await server.close();
    }
  }, 300_000);
});
