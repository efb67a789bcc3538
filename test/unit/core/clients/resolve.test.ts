// Which trust source each non-Python client really uses, after every override: the pure resolvers,
// fed the environment, the parsed settings and the facts measured about the program. Sources of
// each rule are cited in the resolver files (src-main/core/clients/*.ts).
import { describe, expect, it } from 'vitest';
import { resolveBotocore } from '../../../../src-main/core/clients/aws.ts';
import {
  parseCurlrc,
  parseIni,
  parseToml,
  parseYamlTopLevel,
} from '../../../../src-main/core/clients/configReaders.ts';
import { resolveConda } from '../../../../src-main/core/clients/conda.ts';
import { parseCurlVersion, resolveCurl } from '../../../../src-main/core/clients/curl.ts';
import { parseGitConfigZ, resolveGit, type GitConfigEntry } from '../../../../src-main/core/clients/git.ts';
import { parseNpmConfigList, resolveNode, resolveNpm } from '../../../../src-main/core/clients/node.ts';
import { resolvePoetry } from '../../../../src-main/core/clients/poetry.ts';
import type { Resolution } from '../../../../src-main/core/clients/resolve.ts';
import { resolveUv, type UvConfigFile } from '../../../../src-main/core/clients/uv.ts';

const FILES = new Set([
  '/etc/ssl/certs/ca-certificates.crt',
  '/corp.pem',
  '/other.pem',
  '/certifi/cacert.pem',
  '/botocore/cacert.pem',
  '/npm.pem',
  '/git/ca-bundle.crt',
  'C:\\Git\\mingw64\\etc\\ssl\\certs\\ca-bundle.crt',
  'C:\\curl\\curl-ca-bundle.crt',
]);
const DIRS = new Set(['/etc/ssl/certs', '/corp-dir', '/more-dir']);
const exists = (p: string): 'file' | 'dir' | 'none' => (FILES.has(p) ? 'file' : DIRS.has(p) ? 'dir' : 'none');
const effects = (r: Resolution): Record<string, string> =>
  Object.fromEntries(r.settings.map((s) => [s.name, s.effect]));
const main = (r: Resolution) => r.trust.sources[0];

describe('curl', () => {
  const builtIn = { file: '/etc/ssl/certs/ca-certificates.crt', dir: '/etc/ssl/certs' };
  const base = { env: {}, backend: 'OpenSSL/3.0.11', builtIn, exists };

  it('uses the build default it reported, file and folder, when nothing is set', () => {
    const r = resolveCurl(base);
    expect(r.trust.sources).toMatchObject([
      { kind: 'file', path: builtIn.file, role: 'default' },
      { kind: 'dir', path: builtIn.dir, role: 'default' },
    ]);
    expect(r.trust.steeredBy).toBeUndefined();
  });

  it('CURL_CA_BUNDLE wins; SSL_CERT_FILE and SSL_CERT_DIR are then not read', () => {
    const r = resolveCurl({
      ...base,
      env: { CURL_CA_BUNDLE: '/corp.pem', SSL_CERT_FILE: '/other.pem', SSL_CERT_DIR: '/corp-dir' },
    });
    expect(main(r)).toMatchObject({ kind: 'file', path: '/corp.pem', role: 'override' });
    expect(r.trust.steeredBy).toEqual({ setting: 'CURL_CA_BUNDLE', where: { kind: 'env', name: 'CURL_CA_BUNDLE' } });
    expect(effects(r)).toEqual({ CURL_CA_BUNDLE: 'wins', SSL_CERT_DIR: 'shadowed', SSL_CERT_FILE: 'shadowed' });
    expect(r.trust.sources[1]).toMatchObject({ kind: 'dir', path: '/etc/ssl/certs', role: 'default' }); // libcurl keeps its CApath
  });

  it('without CURL_CA_BUNDLE, SSL_CERT_FILE and SSL_CERT_DIR both apply', () => {
    const r = resolveCurl({ ...base, env: { SSL_CERT_FILE: '/other.pem', SSL_CERT_DIR: '/corp-dir' } });
    expect(r.trust.sources).toMatchObject([
      { kind: 'file', path: '/other.pem', role: 'override' },
      { kind: 'dir', path: '/corp-dir', role: 'override' },
    ]);
    expect(r.trust.steeredBy?.setting).toBe('SSL_CERT_FILE');
  });

  it('cacert in .curlrc beats every variable, with the file and line it came from', () => {
    const curlrc = { path: '/home/u/.curlrc', entries: parseCurlrc('# mine\nsilent\ncacert = "/corp.pem"\n') };
    const r = resolveCurl({ ...base, env: { CURL_CA_BUNDLE: '/other.pem', SSL_CERT_FILE: '/other.pem' }, curlrc });
    expect(main(r)).toMatchObject({ path: '/corp.pem', role: 'override' });
    expect(r.trust.steeredBy).toEqual({ setting: 'cacert', where: { kind: 'file', path: '/home/u/.curlrc', line: 3 } });
    expect(effects(r)).toMatchObject({ cacert: 'wins', CURL_CA_BUNDLE: 'shadowed', SSL_CERT_FILE: 'shadowed' });
  });

  it('Schannel ignores the variables and verifies with the Windows store; --cacert still counts', () => {
    const win = { ...base, backend: 'Schannel', builtIn: {} };
    const r = resolveCurl({ ...win, env: { CURL_CA_BUNDLE: '/corp.pem', SSL_CERT_FILE: '/other.pem' } });
    expect(r.trust).toMatchObject({ kind: 'os-store', sources: [{ kind: 'os-store' }] });
    expect(effects(r)).toEqual({ CURL_CA_BUNDLE: 'ignored', SSL_CERT_FILE: 'shadowed' });
    expect(r.settings[0]!.note?.code).toBe('clients:note.schannelIgnoresEnv');
    const rc = resolveCurl({ ...win, curlrc: { path: 'C:\\u\\_curlrc', entries: parseCurlrc('--cacert /corp.pem') } });
    expect(main(rc)).toMatchObject({ kind: 'file', path: '/corp.pem' });
  });

  it('a non-Schannel Windows build uses curl-ca-bundle.crt when no variable is set', () => {
    const r = resolveCurl({ ...base, builtIn: {}, namedBundle: 'C:\\curl\\curl-ca-bundle.crt' });
    expect(main(r)).toMatchObject({ kind: 'file', path: 'C:\\curl\\curl-ca-bundle.crt' });
    expect(r.trust.steeredBy?.setting).toBe('curl-ca-bundle.crt');
  });

  it('a missing CURL_CA_BUNDLE breaks curl; -k in .curlrc turns verification off', () => {
    expect(resolveCurl({ ...base, env: { CURL_CA_BUNDLE: '/nope.pem' } })).toMatchObject({
      broken: true,
      reason: { code: 'clients:reason.missingFile', params: { path: '/nope.pem', setting: 'CURL_CA_BUNDLE' } },
    });
    const k = resolveCurl({ ...base, curlrc: { path: '/h/.curlrc', entries: parseCurlrc('-k\n') } });
    expect(k).toMatchObject({ insecure: true, trust: { sources: [] } });
  });

  it('reads the backend in use from curl --version (a multi-SSL build puts the others in parentheses)', () => {
    expect(
      parseCurlVersion(
        'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.11 zlib/1.2.13\nRelease-Date: 2023-02-20',
      ),
    ).toEqual({ version: '7.88.1', backend: 'OpenSSL/3.0.11' });
    expect(parseCurlVersion('curl 8.9.1 (Windows) libcurl/8.9.1 Schannel zlib/1.3 WinIDN')).toEqual({
      version: '8.9.1',
      backend: 'Schannel',
    });
    expect(
      parseCurlVersion('curl 8.4.0 (x86_64-w64-mingw32) libcurl/8.4.0 Schannel (OpenSSL/3.1.4) zlib/1.3').backend,
    ).toBe('Schannel');
  });
});

describe('git', () => {
  const file = (path: string): GitConfigEntry['where'] => ({ kind: 'file', path });
  const cfg = (key: string, value: string, where = file('/home/u/.gitconfig'), scope = 'global'): GitConfigEntry => ({
    scope,
    where,
    key,
    value,
  });
  const base = {
    env: {},
    config: [] as GitConfigEntry[],
    backends: [] as string[],
    builtIn: { dir: '/etc/ssl/certs' },
    exists,
  };

  it('GIT_SSL_CAINFO beats http.sslCAInfo; the last config value wins across system, global and local', () => {
    const config = [
      cfg('http.sslcainfo', '/other.pem', file('/etc/gitconfig'), 'system'),
      cfg('http.sslcainfo', '/corp.pem'),
    ];
    const byConfig = resolveGit({ ...base, config });
    expect(main(byConfig)).toMatchObject({ kind: 'file', path: '/corp.pem', role: 'override' });
    expect(byConfig.trust.steeredBy).toEqual({ setting: 'http.sslCAInfo', where: file('/home/u/.gitconfig') });
    expect(byConfig.settings.map((s) => s.effect)).toEqual(['shadowed', 'wins']);
    const byEnv = resolveGit({ ...base, config, env: { GIT_SSL_CAINFO: '/etc/ssl/certs/ca-certificates.crt' } });
    expect(byEnv.trust.steeredBy?.setting).toBe('GIT_SSL_CAINFO');
    expect(byEnv.settings.filter((s) => s.name === 'http.sslCAInfo').map((s) => s.effect)).toEqual([
      'shadowed',
      'shadowed',
    ]);
    // Measured on Debian: libcurl keeps its default folder beside the override file.
    expect(byEnv.trust.sources[1]).toMatchObject({ kind: 'dir', path: '/etc/ssl/certs', role: 'default' });
  });

  it('does not read SSL_CERT_FILE or CURL_CA_BUNDLE', () => {
    const r = resolveGit({ ...base, env: { SSL_CERT_FILE: '/corp.pem', CURL_CA_BUNDLE: '/corp.pem' } });
    expect(r.trust.sources).toMatchObject([{ kind: 'dir', path: '/etc/ssl/certs', role: 'default' }]);
    expect(r.settings).toEqual([]);
  });

  it('http.sslBackend=schannel on Windows: the Windows store, the CA file ignored unless schannelUseSSLCAInfo', () => {
    const win = {
      ...base,
      backends: ['openssl', 'schannel'],
      builtIn: { file: 'C:\\Git\\mingw64\\etc\\ssl\\certs\\ca-bundle.crt' },
    };
    const config = [
      cfg('http.sslcainfo', '/corp.pem', file('C:/Program Files/Git/etc/gitconfig'), 'system'),
      cfg('http.sslbackend', 'schannel'),
    ];
    const r = resolveGit({ ...win, config });
    expect(r.trust).toMatchObject({ kind: 'os-store', steeredBy: { setting: 'http.sslBackend' } });
    expect(r.settings.find((s) => s.name === 'http.sslCAInfo')).toMatchObject({
      effect: 'ignored',
      note: { code: 'clients:note.schannelNoCaInfo' },
    });
    const back = resolveGit({ ...win, config: [...config, cfg('http.schannelusesslcainfo', 'true')] });
    expect(main(back)).toMatchObject({ kind: 'file', path: '/corp.pem' });
    const openssl = resolveGit({ ...win, config: [cfg('http.sslbackend', 'openssl')] });
    expect(main(openssl)).toMatchObject({
      kind: 'file',
      path: 'C:\\Git\\mingw64\\etc\\ssl\\certs\\ca-bundle.crt',
      role: 'default',
    });
  });

  it('http.sslBackend where libcurl has one backend changes nothing, and says so', () => {
    const r = resolveGit({ ...base, config: [cfg('http.sslbackend', 'schannel')] });
    expect(main(r)).toMatchObject({ kind: 'dir', path: '/etc/ssl/certs' });
    expect(r.settings[0]).toMatchObject({ effect: 'ignored', note: { code: 'clients:note.gitOneBackend' } });
  });

  it('http.sslVerify=false and GIT_SSL_NO_VERIFY turn verification off; http.<url>.sslCAInfo is per remote', () => {
    expect(resolveGit({ ...base, config: [cfg('http.sslverify', 'false')] })).toMatchObject({
      insecure: true,
      reason: { params: { setting: 'http.sslVerify' } },
    });
    expect(resolveGit({ ...base, env: { GIT_SSL_NO_VERIFY: '1' } })).toMatchObject({ insecure: true });
    const url = resolveGit({ ...base, config: [cfg('http.https://git.corp/.sslcainfo', '/corp.pem')] });
    expect(url.trust.sources.at(-1)).toMatchObject({ path: '/corp.pem', appliesTo: 'https://git.corp/' });
  });

  it('parses git config -z output, command-line values included', () => {
    const out =
      'global\0file:/root/.gitconfig\0http.sslcainfo\n/corp.pem\0command\0command line:\0http.sslverify\ntrue\0';
    expect(parseGitConfigZ(out)).toEqual([
      { scope: 'global', where: { kind: 'file', path: '/root/.gitconfig' }, key: 'http.sslcainfo', value: '/corp.pem' },
      {
        scope: 'command',
        where: { kind: 'flag', flag: '-c', in: 'GIT_CONFIG_PARAMETERS' },
        key: 'http.sslverify',
        value: 'true',
      },
    ]);
  });
});

describe('node and npm', () => {
  it('uses its own roots, with NODE_EXTRA_CA_CERTS added; a missing extra file is skipped with a warning', () => {
    const r = resolveNode({ env: { NODE_EXTRA_CA_CERTS: '/corp.pem' }, version: '20.20.2', bundledCount: 144, exists });
    expect(r.trust).toMatchObject({
      kind: 'bundled',
      sources: [
        { kind: 'bundled', count: 144 },
        { kind: 'file', path: '/corp.pem', role: 'extra' },
      ],
    });
    expect(effects(r)).toEqual({ NODE_EXTRA_CA_CERTS: 'adds' });
    const gone = resolveNode({ env: { NODE_EXTRA_CA_CERTS: '/nope.pem' }, version: '20.20.2', exists });
    expect(gone).toMatchObject({ settings: [{ effect: 'ignored' }], reason: { code: 'clients:reason.missingFile' } });
    expect(gone.broken).toBeUndefined();
  });

  it('NODE_USE_SYSTEM_CA=1 adds the OS store on 22.19+ and 24.6+, and is ignored by older nodes', () => {
    for (const version of ['24.6.0', '24.21.0', '22.19.0', '25.1.0'])
      expect(resolveNode({ env: { NODE_USE_SYSTEM_CA: '1' }, version, exists }).trust.kind, version).toBe('os-store');
    for (const version of ['24.5.0', '22.18.0', '23.11.0', '20.20.2']) {
      const r = resolveNode({ env: { NODE_USE_SYSTEM_CA: '1' }, version, exists });
      expect(r.trust.kind, version).toBe('bundled');
      expect(r.settings[0], version).toMatchObject({ effect: 'ignored', note: { code: 'clients:note.nodeTooOld' } });
    }
  });

  it('--use-system-ca in NODE_OPTIONS takes precedence over the variable (22.15+ on Linux)', () => {
    const r = resolveNode({
      env: { NODE_OPTIONS: '--max-old-space-size=4096 --use-system-ca', NODE_USE_SYSTEM_CA: '1' },
      version: '24.6.0',
      exists,
    });
    expect(r.trust.steeredBy).toEqual({
      setting: '--use-system-ca',
      where: { kind: 'flag', flag: '--use-system-ca', in: 'NODE_OPTIONS' },
    });
    expect(effects(r)).toEqual({ '--use-system-ca': 'wins', NODE_USE_SYSTEM_CA: 'shadowed' });
    expect(resolveNode({ env: { NODE_OPTIONS: '--use-system-ca' }, version: '22.15.0', exists }).trust.kind).toBe(
      'os-store',
    );
  });

  it('--use-openssl-ca makes SSL_CERT_FILE count', () => {
    const r = resolveNode({
      env: { NODE_OPTIONS: '--use-openssl-ca', SSL_CERT_FILE: '/corp.pem' },
      version: '24.6.0',
      exists,
    });
    expect(main(r)).toMatchObject({ kind: 'file', path: '/corp.pem' });
    expect(resolveNode({ env: { SSL_CERT_FILE: '/corp.pem' }, version: '24.6.0', exists }).trust.kind).toBe('bundled');
  });

  // `npm config list` as npm 11 printed it here (global cafile overridden by an env value).
  const LIST = [
    '; "global" config from /usr/etc/npmrc',
    '',
    '; cafile = "/etc/ssl/certs/ca-certificates.crt" ; overridden by env',
    '',
    '; "user" config from /root/.npmrc',
    '',
    'audit = false',
    '',
    '; "project" config from /p/.npmrc',
    '',
    'ca = ["-----BEGIN CERTIFICATE-----\\nAAA\\n-----END CERTIFICATE-----"]',
    '',
    '; "env" config from environment',
    '',
    'cafile = "/npm.pem"',
    '',
    '; node bin location = /usr/bin/node',
    '; npm version = 11.19.1',
  ].join('\n');

  it('reads npm config list: scopes, where each value came from, which are overridden', () => {
    const entries = parseNpmConfigList(LIST);
    expect(entries.filter((e) => e.key === 'cafile')).toEqual([
      {
        scope: 'global',
        where: { kind: 'file', path: '/usr/etc/npmrc' },
        key: 'cafile',
        value: '/etc/ssl/certs/ca-certificates.crt',
        overridden: true,
      },
      {
        scope: 'env',
        where: { kind: 'env', name: 'npm_config_*' },
        key: 'cafile',
        value: '/npm.pem',
        overridden: false,
      },
    ]);
    expect(entries.find((e) => e.key === 'ca')?.value).toContain('BEGIN CERTIFICATE');
  });

  it("npm's cafile replaces node's roots and NODE_EXTRA_CA_CERTS; a missing cafile is skipped", () => {
    const node = resolveNode({ env: { NODE_EXTRA_CA_CERTS: '/corp.pem' }, version: '24.21.0', exists });
    const r = resolveNpm({ config: parseNpmConfigList(LIST), node, exists });
    expect(main(r)).toMatchObject({ kind: 'file', path: '/npm.pem' });
    expect(r.trust.steeredBy).toEqual({ setting: 'cafile', where: { kind: 'env', name: 'npm_config_*' } });
    expect(r.settings.find((s) => s.name === 'NODE_EXTRA_CA_CERTS')).toMatchObject({
      effect: 'shadowed',
      note: { code: 'clients:note.npmCaReplaces' },
    });
    expect(r.settings.find((s) => s.name === 'ca')?.effect).toBe('shadowed');
    const missing = resolveNpm({
      config: parseNpmConfigList('; "user" config from /u/.npmrc\n\ncafile = "/nope.pem"\n'),
      node,
      exists,
    });
    expect(missing.trust.kind).toBe('bundled');
    expect(missing.settings[0]).toMatchObject({ name: 'cafile', effect: 'ignored' });
    const inline = resolveNpm({ config: parseNpmConfigList(LIST.replace('cafile = "/npm.pem"', '')), node, exists });
    expect(inline.trust).toMatchObject({ kind: 'inline', sources: [{ kind: 'inline', path: '/p/.npmrc', count: 1 }] });
    const strict = resolveNpm({
      config: parseNpmConfigList('; "user" config from /u/.npmrc\nstrict-ssl = false\n'),
      node,
      exists,
    });
    expect(strict.insecure).toBe(true);
  });
});

describe('uv', () => {
  const toml = (
    path: string,
    text: string,
    scope: UvConfigFile['scope'] = 'user',
    pyproject = false,
  ): UvConfigFile => ({ path, scope, entries: parseToml(text), pyproject });
  const base = { env: {}, version: '0.11.3', files: [] as UvConfigFile[], listSeparator: ':', exists };

  it('uses its bundled roots by default, and does NOT read REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE or PIP_CERT', () => {
    const r = resolveUv({
      ...base,
      env: { REQUESTS_CA_BUNDLE: '/corp.pem', CURL_CA_BUNDLE: '/corp.pem', PIP_CERT: '/corp.pem' },
    });
    expect(r.trust).toMatchObject({ kind: 'bundled', sources: [{ kind: 'bundled' }] });
    expect(effects(r)).toEqual({ REQUESTS_CA_BUNDLE: 'ignored', CURL_CA_BUNDLE: 'ignored', PIP_CERT: 'ignored' });
    expect(r.settings[0]!.note?.code).toBe('clients:note.uvIgnores');
  });

  it('system-certs: the variable beats the project file, which beats the user file', () => {
    const files = [
      toml('/p/pyproject.toml', '[tool.uv]\nsystem-certs = true\n', 'project', true),
      toml('/u/uv.toml', 'system-certs = false\n'),
    ];
    const byProject = resolveUv({ ...base, files });
    expect(byProject.trust).toMatchObject({
      kind: 'os-store',
      steeredBy: { setting: 'system-certs', where: { kind: 'file', path: '/p/pyproject.toml', line: 2 } },
    });
    expect(byProject.settings.map((s) => s.effect)).toEqual(['wins', 'shadowed']);
    const off = resolveUv({ ...base, files, env: { UV_SYSTEM_CERTS: 'false' } });
    expect(off.trust.kind).toBe('bundled');
    expect(effects(off)).toMatchObject({ UV_SYSTEM_CERTS: 'wins' });
    expect(resolveUv({ ...base, env: { UV_NATIVE_TLS: '1' } }).trust.kind).toBe('os-store');
  });

  it('SSL_CERT_FILE / SSL_CERT_DIR replace every other source, system-certs included', () => {
    const r = resolveUv({
      ...base,
      env: { UV_SYSTEM_CERTS: 'true', SSL_CERT_FILE: '/corp.pem', SSL_CERT_DIR: '/corp-dir:/more-dir' },
    });
    expect(r.trust.sources).toMatchObject([
      { kind: 'file', path: '/corp.pem' },
      { kind: 'dir', path: '/corp-dir' },
      { kind: 'dir', path: '/more-dir' },
    ]);
    expect(effects(r)).toEqual({ UV_SYSTEM_CERTS: 'shadowed', SSL_CERT_FILE: 'wins', SSL_CERT_DIR: 'adds' });
    expect(resolveUv({ ...base, env: { SSL_CERT_FILE: '/nope.pem' } })).toMatchObject({ broken: true });
  });

  it('uv before 0.11 does not know the system-certs names, only native-tls', () => {
    const old = { ...base, version: '0.9.5' };
    const r = resolveUv({
      ...old,
      env: { UV_SYSTEM_CERTS: 'true' },
      files: [toml('/u/uv.toml', 'native-tls = true\n')],
    });
    expect(r.trust.steeredBy?.setting).toBe('native-tls');
    expect(r.settings[0]).toMatchObject({
      name: 'UV_SYSTEM_CERTS',
      effect: 'ignored',
      note: { code: 'clients:note.uvTooOld' },
    });
  });
});

describe('conda', () => {
  const rc = (path: string, text: string) => ({ path, entries: parseYamlTopLevel(text) });
  const base = {
    env: {},
    version: '24.7.1',
    pythonVersion: '3.12.4',
    condarc: [] as Array<ReturnType<typeof rc>>,
    defaultBundle: '/certifi/cacert.pem',
    exists,
  };

  it("uses certifi in its base environment by default; the last .condarc's ssl_verify wins, CONDA_SSL_VERIFY over all", () => {
    expect(main(resolveConda(base))).toMatchObject({ path: '/certifi/cacert.pem', role: 'default' });
    const condarc = [
      rc('/etc/conda/.condarc', 'ssl_verify: /other.pem\n'),
      rc('/home/u/.condarc', 'channels:\n  - defaults\nssl_verify: "/corp.pem"  # corp\n'),
    ];
    const r = resolveConda({ ...base, condarc });
    expect(main(r)).toMatchObject({ path: '/corp.pem', role: 'override' });
    expect(r.trust.steeredBy).toEqual({
      setting: 'ssl_verify',
      where: { kind: 'file', path: '/home/u/.condarc', line: 3 },
    });
    expect(
      resolveConda({ ...base, condarc, env: { CONDA_SSL_VERIFY: '/etc/ssl/certs/ca-certificates.crt' } }).trust
        .steeredBy?.setting,
    ).toBe('CONDA_SSL_VERIFY');
  });

  it('REQUESTS_CA_BUNDLE replaces ssl_verify, even false (requests#3829)', () => {
    const r = resolveConda({
      ...base,
      condarc: [rc('/h/.condarc', 'ssl_verify: false\n')],
      env: { REQUESTS_CA_BUNDLE: '/corp.pem' },
    });
    expect(main(r)).toMatchObject({ path: '/corp.pem' });
    expect(effects(r)).toEqual({ ssl_verify: 'shadowed', REQUESTS_CA_BUNDLE: 'wins' });
    expect(resolveConda({ ...base, condarc: [rc('/h/.condarc', 'ssl_verify: false\n')] })).toMatchObject({
      insecure: true,
    });
  });

  it('truststore: the OS store on conda 23.9+ with Python 3.10+, an error before', () => {
    const condarc = [rc('/h/.condarc', 'ssl_verify: truststore\n')];
    expect(resolveConda({ ...base, condarc }).trust).toMatchObject({
      kind: 'os-store',
      steeredBy: { setting: 'ssl_verify' },
    });
    expect(resolveConda({ ...base, condarc, pythonVersion: '3.9.18' })).toMatchObject({
      broken: true,
      settings: [{ effect: 'error' }],
    });
    expect(resolveConda({ ...base, condarc, version: '23.7.4' })).toMatchObject({ broken: true });
  });
});

describe('poetry', () => {
  const file = (path: string, text: string) => ({ path, entries: parseToml(text) });
  const base = { env: {}, files: [] as Array<ReturnType<typeof file>>, defaultBundle: '/certifi/cacert.pem', exists };

  it("PyPI uses requests' default (REQUESTS_CA_BUNDLE, else certifi); a source with a cert uses it alone", () => {
    expect(main(resolvePoetry(base))).toMatchObject({ path: '/certifi/cacert.pem', role: 'default' });
    const files = [
      file('/u/config.toml', '[certificates.corp]\ncert = "/other.pem"\n'),
      file('/p/poetry.toml', '[certificates]\ncorp.cert = "/corp.pem"\n'),
    ];
    const r = resolvePoetry({ ...base, files, env: { REQUESTS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' } });
    expect(r.trust.sources).toMatchObject([
      { path: '/etc/ssl/certs/ca-certificates.crt' },
      { path: '/corp.pem', appliesTo: 'corp' },
    ]);
    expect(r.settings.filter((s) => s.name === 'certificates.corp.cert').map((s) => s.effect)).toEqual([
      'shadowed',
      'wins',
    ]);
    const env = resolvePoetry({ ...base, files, env: { POETRY_CERTIFICATES_CORP_CERT: '/npm.pem' } });
    expect(env.trust.sources[1]).toMatchObject({ path: '/npm.pem', appliesTo: 'corp' });
    expect(
      resolvePoetry({ ...base, files: [file('/u/config.toml', '[certificates.corp]\ncert = false\n')] }),
    ).toMatchObject({ insecure: true, reason: { code: 'clients:reason.insecureFor' } });
  });
});

describe('botocore / the AWS CLI', () => {
  const config = (text: string) => ({ path: '/h/.aws/config', entries: parseIni(text) });
  const base = {
    env: {},
    botocoreVersion: '1.43.107',
    certifi: '/certifi/cacert.pem',
    ownBundle: '/botocore/cacert.pem',
    exists,
  };

  it('uses certifi when it is importable, else its own cacert.pem', () => {
    expect(resolveBotocore(base)).toMatchObject({
      trust: { sources: [{ path: '/certifi/cacert.pem' }] },
      reason: { code: 'clients:reason.botocoreUsesCertifi' },
    });
    const { certifi: _c, ...own } = base;
    expect(main(resolveBotocore(own))).toMatchObject({ path: '/botocore/cacert.pem', role: 'default' });
  });

  it('AWS_CA_BUNDLE beats ca_bundle in the profile, which beats REQUESTS_CA_BUNDLE', () => {
    const c = config('[default]\nregion = eu-west-1\n[profile work]\nca_bundle = /corp.pem\n');
    const r = resolveBotocore({ ...base, config: c, env: { AWS_PROFILE: 'work', REQUESTS_CA_BUNDLE: '/other.pem' } });
    expect(r.trust.steeredBy).toEqual({
      setting: 'ca_bundle',
      where: { kind: 'file', path: '/h/.aws/config', line: 4 },
    });
    expect(effects(r)).toEqual({ ca_bundle: 'wins', REQUESTS_CA_BUNDLE: 'shadowed' });
    expect(
      resolveBotocore({ ...base, config: c, env: { REQUESTS_CA_BUNDLE: '/other.pem' } }).trust.steeredBy?.setting,
    ).toBe('REQUESTS_CA_BUNDLE'); // the default profile has none
    const env = resolveBotocore({
      ...base,
      config: c,
      env: { AWS_PROFILE: 'work', AWS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' },
    });
    expect(effects(env)).toEqual({ AWS_CA_BUNDLE: 'wins', ca_bundle: 'shadowed' });
  });

  it('an empty AWS_CA_BUNDLE is an error in botocore >= 1.43.54 and turns verification off before', () => {
    expect(resolveBotocore({ ...base, env: { AWS_CA_BUNDLE: '' } })).toMatchObject({
      broken: true,
      settings: [{ name: 'AWS_CA_BUNDLE', effect: 'error' }],
      reason: { code: 'clients:reason.awsEmpty' },
    });
    expect(resolveBotocore({ ...base, botocoreVersion: '1.43.11', env: { AWS_CA_BUNDLE: '' } })).toMatchObject({
      insecure: true,
      settings: [{ note: { code: 'clients:note.awsEmptyOff' } }],
    });
    expect(resolveBotocore({ ...base, env: { AWS_CA_BUNDLE: '/corp-dir' } })).toMatchObject({
      broken: true,
      reason: { code: 'clients:reason.awsDir' },
    });
  });
});
