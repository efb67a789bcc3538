// `trustfix clients` and `scan --json`'s clients, end to end: the real curl, git and node/npm of this
// machine, found on PATH with their versions, each steered by the environment and the settings files
// this test sets (a temporary HOME; the machine's own exports are not passed on). uv, conda, poetry
// and the AWS CLI are not installable here (not on the package mirror): they are small fake programs
// that answer --version as the real ones print it, laid out as the real installs are (conda's root
// with its base env's certifi, poetry's venv named by its #! line, the AWS CLI v2 dist folder with its
// vendored botocore), so what is tested is TrustFix finding them and reading their real settings files.
// botocore as a library sits in a venv's site-packages (installing it from the mirror takes ~25 s
// here, so the package is a stand-in: its __init__.py and cacert.pem).
import { execa } from 'execa';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../src-main/api/dispatch.ts';
import { createSession } from '../../../../src-main/api/session.ts';
import { nodeReadsUseSystemCaEnv } from '../../../../src-main/core/clients/node.ts';
import type { Setting, ToolClient } from '../../../../src-main/core/clients/types.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const REF = ['--reference', `${FIXTURES}certifi-2026.05.20.pem`, '--at', '2026-11-23'];
const FRESH = `${FIXTURES}certifi-2026.05.20.pem`;
const OLD = `${FIXTURES}certifi-2018.08.24.pem`;
const { dir, cleanup } = tempDir('trustfix-clients-');
afterAll(cleanup);

const home = join(dir, 'home');
const bin = join(dir, 'bin');
const project = join(dir, 'project');
const condaRoot = join(home, 'miniforge3');
const poetryVenv = join(dir, 'poetry-venv');
const awsDist = join(dir, 'aws-cli', 'dist');
const venv = join(dir, 'venv');

function script(path: string, body: string, shebang = '#!/bin/sh'): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${shebang}\n${body}\n`);
  chmodSync(path, 0o755);
}

function file(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

beforeAll(async () => {
  mkdirSync(bin, { recursive: true });
  mkdirSync(project, { recursive: true });
  // Settings files, as each tool's docs place them under HOME.
  file(join(home, '.curlrc'), `cacert = "${FRESH}"\n`);
  file(join(home, '.gitconfig'), `[http]\n\tsslCAInfo = ${OLD}\n`);
  file(join(home, '.config', 'uv', 'uv.toml'), 'system-certs = true\n');
  file(join(home, '.condarc'), `channels:\n  - conda-forge\nssl_verify: ${OLD}\n`);
  file(join(home, '.config', 'pypoetry', 'config.toml'), `[certificates.corp]\ncert = "${FRESH}"\n`);
  // uv: a program on PATH answering as uv 0.11.3 does.
  script(join(bin, 'uv'), 'echo "uv 0.11.3 (c3f1a2b 2026-01-01)"');
  // conda: <root>/bin/conda, named by CONDA_EXE, with its base environment's certifi.
  script(join(condaRoot, 'bin', 'conda'), 'echo "conda 24.7.1"');
  copyFileSync(FRESH, join(mkdirp(join(condaRoot, 'lib', 'python3.12', 'site-packages', 'certifi')), 'cacert.pem'));
  // poetry: a venv whose #! line names its python (here a shell standing in for it).
  mkdirp(join(poetryVenv, 'bin'));
  symlinkSync('/bin/sh', join(poetryVenv, 'bin', 'python'));
  script(join(poetryVenv, 'bin', 'poetry'), 'echo "Poetry (version 2.1.3)"', `#!${join(poetryVenv, 'bin', 'python')}`);
  copyFileSync(OLD, join(mkdirp(join(poetryVenv, 'lib', 'python3.12', 'site-packages', 'certifi')), 'cacert.pem'));
  symlinkSync(join(poetryVenv, 'bin', 'poetry'), join(bin, 'poetry'));
  // The AWS CLI v2: dist/aws with botocore vendored as dist/awscli/botocore.
  script(join(awsDist, 'aws'), 'echo "aws-cli/2.17.5 Python/3.11.9 Linux/6.1 exe/x86_64.debian.12"');
  file(join(awsDist, 'awscli', 'botocore', '__init__.py'), "__version__ = '1.43.107'\n");
  copyFileSync(OLD, join(awsDist, 'awscli', 'botocore', 'cacert.pem'));
  symlinkSync(join(awsDist, 'aws'), join(bin, 'aws'));
  // botocore as a library in a real venv.
  await execa('/usr/bin/python3', ['-m', 'venv', '--without-pip', venv]);
  file(join(venv, 'lib', 'python3.11', 'site-packages', 'botocore', '__init__.py'), "__version__ = '1.43.107'\n");
  copyFileSync(OLD, join(venv, 'lib', 'python3.11', 'site-packages', 'botocore', 'cacert.pem'));
}, 60_000);

function mkdirp(p: string): string {
  mkdirSync(p, { recursive: true });
  return p;
}

/** Exactly the environment the test means: no variable of the machine's reaches the clients. */
const ENV = (): Record<string, string> => ({
  PATH: `${bin}:/usr/bin:/bin`,
  HOME: home,
  LANG: 'C.UTF-8',
  CURL_CA_BUNDLE: OLD,
  SSL_CERT_FILE: OLD,
  GIT_SSL_CAINFO: FRESH,
  NODE_EXTRA_CA_CERTS: OLD,
  NODE_USE_SYSTEM_CA: '1',
  npm_config_cafile: FRESH,
  CONDA_EXE: join(condaRoot, 'bin', 'conda'),
  AWS_CA_BUNDLE: '',
});

const run = (args: string[]) => trustfix(args, { env: ENV(), extendEnv: false, cwd: project, timeout: 120_000 });
const by = (clients: ToolClient[], name: string): ToolClient => {
  const c = clients.find((x) => x.name === name);
  if (!c) throw new Error(`${name} not found among ${clients.map((x) => x.name).join(', ')}`);
  return c;
};
const setting = (c: ToolClient, name: string): Setting | undefined => c.settings.find((s) => s.name === name);

describe('trustfix clients', () => {
  let clients: ToolClient[];
  let report: { clients: ToolClient[]; pythons: Array<{ id: string; executable: string }> };

  beforeAll(async () => {
    const r = await run([
      'clients',
      '--json',
      '--only-python',
      '--python',
      join(venv, 'bin', 'python'),
      '--data-dir',
      join(dir, 'data'),
      ...REF,
    ]);
    if (!r.stdout.startsWith('{')) throw new Error(`no JSON (exit ${r.exitCode}): ${r.stderr}`);
    report = JSON.parse(r.stdout);
    clients = report.clients;
  }, 120_000);

  it('finds every client installed here, each with its version', () => {
    expect(clients.map((c) => c.name)).toEqual([
      'uv',
      'conda',
      'poetry',
      'curl',
      'git',
      'node',
      'npm',
      'aws',
      'botocore',
    ]);
    for (const c of clients) expect(c.version, c.name).toMatch(/^\d+\.\d+/);
    expect(by(clients, 'curl').executable).toBe('/usr/bin/curl');
    expect(by(clients, 'git').executable).toBe('/usr/bin/git');
    expect(by(clients, 'node').executable).toBe('/usr/bin/node');
  });

  it('curl: cacert in ~/.curlrc beats CURL_CA_BUNDLE and SSL_CERT_FILE, and is judged', () => {
    const curl = by(clients, 'curl');
    expect(curl.trust.steeredBy).toEqual({
      setting: 'cacert',
      where: { kind: 'file', path: join(home, '.curlrc'), line: 1 },
    });
    expect(curl.trust.sources[0]).toMatchObject({ kind: 'file', path: FRESH, status: 'current' });
    expect(setting(curl, 'CURL_CA_BUNDLE')?.effect).toBe('shadowed');
    expect(setting(curl, 'SSL_CERT_FILE')?.effect).toBe('shadowed');
    expect(curl.status).toBe('current');
  });

  it("git: GIT_SSL_CAINFO beats http.sslCAInfo in ~/.gitconfig (as git config --show-origin says); the build's default folder is measured", () => {
    const git = by(clients, 'git');
    expect(git.trust.steeredBy).toEqual({ setting: 'GIT_SSL_CAINFO', where: { kind: 'env', name: 'GIT_SSL_CAINFO' } });
    expect(setting(git, 'http.sslCAInfo')).toMatchObject({
      value: OLD,
      effect: 'shadowed',
      where: { kind: 'file', path: join(home, '.gitconfig') },
    });
    expect(git.trust.sources[0]).toMatchObject({ path: FRESH, status: 'current' });
    expect(git.trust.sources.slice(1).map((s) => s.role)).toEqual(['default']);
    expect(setting(git, 'SSL_CERT_FILE')).toBeUndefined();
  });

  it("node: its own roots judged, NODE_EXTRA_CA_CERTS added, NODE_USE_SYSTEM_CA as this node's version allows", () => {
    const node = by(clients, 'node');
    expect(node.trust.sources[0]).toMatchObject({ kind: 'bundled', role: 'default' });
    expect(node.trust.sources[0]!.count).toBeGreaterThan(100);
    expect(['current', 'stale']).toContain(node.trust.sources[0]!.status);
    expect(node.trust.sources.find((s) => s.role === 'extra')).toMatchObject({ path: OLD, status: 'stale' });
    expect(setting(node, 'NODE_EXTRA_CA_CERTS')?.effect).toBe('adds');
    const reads = nodeReadsUseSystemCaEnv(node.version);
    expect(setting(node, 'NODE_USE_SYSTEM_CA')?.effect).toBe(reads ? 'wins' : 'ignored');
    expect(node.trust.kind).toBe(reads ? 'os-store' : 'bundled');
  });

  it("npm: cafile (from npm_config_cafile, as npm config list says) replaces node's roots", () => {
    const npm = by(clients, 'npm');
    expect(npm.trust.steeredBy).toEqual({ setting: 'cafile', where: { kind: 'env', name: 'npm_config_*' } });
    expect(npm.trust.sources).toMatchObject([{ kind: 'file', path: FRESH, status: 'current' }]);
    expect(setting(npm, 'NODE_EXTRA_CA_CERTS')?.effect).toBe('shadowed');
  });

  it('uv: SSL_CERT_FILE beats system-certs in ~/.config/uv/uv.toml; CURL_CA_BUNDLE is not read', () => {
    const uv = by(clients, 'uv');
    expect(uv.version).toBe('0.11.3');
    expect(uv.trust.steeredBy?.setting).toBe('SSL_CERT_FILE');
    expect(setting(uv, 'system-certs')).toMatchObject({
      effect: 'shadowed',
      where: { kind: 'file', path: join(home, '.config', 'uv', 'uv.toml'), line: 1 },
    });
    expect(setting(uv, 'CURL_CA_BUNDLE')?.effect).toBe('ignored');
    expect(uv.status).toBe('stale');
  });

  it("conda: found by CONDA_EXE; CURL_CA_BUNDLE (read by requests) beats ssl_verify in ~/.condarc; its base env's certifi is its own bundle", () => {
    const conda = by(clients, 'conda');
    expect(conda.version).toBe('24.7.1');
    expect(conda.foundBy).toContain('CONDA_EXE');
    expect(conda.trust.steeredBy?.setting).toBe('CURL_CA_BUNDLE');
    expect(setting(conda, 'ssl_verify')).toMatchObject({
      value: OLD,
      effect: 'shadowed',
      where: { kind: 'file', path: join(home, '.condarc'), line: 3 },
    });
    expect(conda.bundled).toMatchObject({
      path: join(condaRoot, 'lib', 'python3.12', 'site-packages', 'certifi', 'cacert.pem'),
      status: 'current',
    });
  });

  it("poetry: the corp repository's cert from config.toml, PyPI on requests' CURL_CA_BUNDLE; its venv's certifi found by the #! line", () => {
    const poetry = by(clients, 'poetry');
    expect(poetry.version).toBe('2.1.3');
    expect(poetry.trust.sources).toMatchObject([
      { path: OLD, status: 'stale' },
      { path: FRESH, appliesTo: 'corp', status: 'current' },
    ]);
    expect(setting(poetry, 'certificates.corp.cert')?.where).toEqual({
      kind: 'file',
      path: join(home, '.config', 'pypoetry', 'config.toml'),
      line: 2,
    });
    expect(poetry.bundled?.path).toBe(join(poetryVenv, 'lib', 'python3.12', 'site-packages', 'certifi', 'cacert.pem'));
  });

  it('the AWS CLI v2 and botocore in a venv: an empty AWS_CA_BUNDLE is an error for this botocore', () => {
    const aws = by(clients, 'aws');
    expect(aws.version).toBe('2.17.5');
    expect(aws).toMatchObject({ status: 'broken', reason: { code: 'clients:reason.awsEmpty' } });
    expect(setting(aws, 'AWS_CA_BUNDLE')?.effect).toBe('error');
    expect(aws.bundled?.path).toBe(join(awsDist, 'awscli', 'botocore', 'cacert.pem'));
    const lib = by(clients, 'botocore');
    expect(lib.pythonId).toBe(report.pythons[0]!.id);
    expect(lib).toMatchObject({ version: '1.43.107', status: 'broken' });
  });

  it('the table names each client, its source and why, in English and Chinese', async () => {
    const r = await run(['clients', '--no-pythons', '--no-color', ...REF]);
    expect(r.stdout).toContain('Clients (8)');
    expect(r.stdout).toContain('cacert (');
    expect(r.stdout).toContain('NODE_USE_SYSTEM_CA');
    expect(r.stdout).toContain('ignored: CURL_CA_BUNDLE');
    expect(r.exitCode).toBe(1); // stale and broken clients
    const zh = await run(['clients', '--no-pythons', '--no-color', '--lang', 'zh-CN', ...REF]);
    expect(zh.stdout).toContain('客户端（8 个）');
  });
});

describe('the app asks for them by channel', () => {
  it('clients.list answers the same records; a request naming a path is refused', async () => {
    const session = await createSession({
      dataDir: join(dir, 'app-data'),
      shell: 'browser',
      pythons: [join(venv, 'bin', 'python')],
      onlyPython: true,
      env: ENV(),
      referenceFile: FRESH,
      at: new Date('2026-11-23'),
    });
    const r = await dispatch(session, 'clients.list', {});
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const clients = r.value as ToolClient[];
    expect(by(clients, 'git')).toMatchObject({
      status: 'current',
      trust: { steeredBy: { setting: 'GIT_SSL_CAINFO' } },
    });
    expect(by(clients, 'botocore').status).toBe('broken');
    expect(await dispatch(session, 'clients.list', { path: '/usr/bin/git' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
  });
});

describe('scan reports the clients', () => {
  it('scan --json has a clients array beside the fields it always had; the human scan lists them briefly', async () => {
    const r = await run(['scan', FRESH, '--clients', '--no-pythons', '--json', ...REF]);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['schema', 'reference', 'bundles', 'summary', 'clients']),
    );
    expect(report.bundles.some((b: { path: string }) => b.path === FRESH)).toBe(true);
    expect((report.clients as ToolClient[]).map((c) => c.name)).toEqual(
      expect.arrayContaining(['curl', 'git', 'node', 'uv']),
    );
    const human = await run(['scan', FRESH, '--clients', '--no-pythons', '--no-color', ...REF]);
    expect(human.stdout).toContain('Other HTTPS clients (8)');
    expect(human.stdout).toMatch(/git \d+\.\d+[.\d]*: current, .*certifi-2026\.05\.20\.pem ← GIT_SSL_CAINFO/);
    const without = JSON.parse((await run(['scan', FRESH, '--no-pythons', '--json', ...REF])).stdout);
    expect(without.clients).toBeUndefined();
  });
});
