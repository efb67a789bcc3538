// Where each client keeps programs and settings on Windows, macOS and Linux (platform/clientPlaces.ts,
// each rule citing the tool's docs), the small settings readers, and libcurl's verbose lines.
import { describe, expect, it } from 'vitest';
import {
  npmrcValue,
  parseCurlrc,
  parseIni,
  parseToml,
  parseYamlTopLevel,
} from '../../../../src-main/core/clients/configReaders.ts';
import { parseLibcurlVerbose } from '../../../../src-main/core/clients/libcurlDefaults.ts';
import { versionIn } from '../../../../src-main/core/clients/run.ts';
import {
  darwinClientPlaces,
  linuxClientPlaces,
  win32ClientPlaces,
} from '../../../../src-main/core/platform/clientPlaces.ts';

describe('Windows places', () => {
  const env = {
    APPDATA: 'C:\\Users\\ana\\AppData\\Roaming',
    USERPROFILE: 'C:\\Users\\ana',
    ProgramData: 'C:\\ProgramData',
    Path: 'C:\\Windows\\system32;C:\\Program Files\\Git\\cmd',
    SystemRoot: 'C:\\Windows',
  };
  const home = 'C:\\Users\\ana';
  const w = win32ClientPlaces;

  it('npm: global %APPDATA%\\npm\\etc\\npmrc, user %USERPROFILE%\\.npmrc, run through node and npm-cli.js', () => {
    expect(w.npmGlobalRc(env, home, 'C:\\Program Files\\nodejs\\node.exe')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\npm\\etc\\npmrc',
    );
    expect(w.npmUserRc(env, home)).toBe('C:\\Users\\ana\\.npmrc');
    expect(w.npmCommand('C:\\Program Files\\nodejs\\npm.cmd', 'C:\\Program Files\\nodejs\\node.exe')).toEqual({
      file: 'C:\\Program Files\\nodejs\\node.exe',
      args: ['C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js'],
    });
  });

  it('conda: C:\\ProgramData\\conda first, %USERPROFILE%\\.condarc, then $CONDA_PREFIX and $CONDARC last', () => {
    const files = w.condarcFiles(
      { ...env, CONDA_PREFIX: 'C:\\envs\\x', CONDARC: 'D:\\rc.yml' },
      home,
      'C:\\miniforge3',
    );
    expect(files.slice(0, 2)).toEqual(['C:\\ProgramData\\conda\\.condarc', 'C:\\ProgramData\\conda\\condarc']);
    expect(files).toContain('C:\\miniforge3\\.condarc');
    expect(files).toContain('C:\\Users\\ana\\.condarc');
    expect(files.at(-1)).toBe('D:\\rc.yml');
    expect(files.indexOf('C:\\Users\\ana\\.condarc')).toBeLessThan(files.indexOf('C:\\envs\\x\\.condarc'));
  });

  it('curl: .curlrc and _curlrc in %USERPROFILE%, %APPDATA%, then beside curl.exe; curl-ca-bundle.crt beside curl.exe first', () => {
    const rc = w.curlrcFiles(env, home, 'C:\\tools\\curl\\curl.exe');
    expect(rc.slice(0, 4)).toEqual([
      'C:\\Users\\ana\\.curlrc',
      'C:\\Users\\ana\\_curlrc',
      'C:\\Users\\ana\\AppData\\Roaming\\.curlrc',
      'C:\\Users\\ana\\AppData\\Roaming\\_curlrc',
    ]);
    expect(rc.slice(-2)).toEqual(['C:\\tools\\curl\\.curlrc', 'C:\\tools\\curl\\_curlrc']);
    const bundles = w.curlBundleSearch(env, 'C:\\tools\\curl\\curl.exe');
    expect(bundles[0]).toBe('C:\\tools\\curl\\curl-ca-bundle.crt');
    expect(bundles).toContain('C:\\Windows\\System32\\curl-ca-bundle.crt');
    expect(bundles).toContain('C:\\Program Files\\Git\\cmd\\curl-ca-bundle.crt');
  });

  it("git: schannel can be chosen; Git for Windows' bundle is mingw64\\etc\\ssl\\certs\\ca-bundle.crt", () => {
    expect(w.gitBackends).toEqual(['openssl', 'schannel']);
    expect(w.gitBundledCa('C:\\Program Files\\Git\\cmd\\git.exe')).toBe(
      'C:\\Program Files\\Git\\mingw64\\etc\\ssl\\certs\\ca-bundle.crt',
    );
  });

  it('uv, poetry, AWS: %APPDATA%\\uv\\uv.toml and %PROGRAMDATA%\\uv\\uv.toml, %APPDATA%\\pypoetry, %USERPROFILE%\\.aws\\config', () => {
    expect(w.uvConfigFiles(env, home)).toEqual({
      user: 'C:\\Users\\ana\\AppData\\Roaming\\uv\\uv.toml',
      system: ['C:\\ProgramData\\uv\\uv.toml'],
    });
    expect(w.poetryConfigDir(env, home)).toBe('C:\\Users\\ana\\AppData\\Roaming\\pypoetry');
    expect(w.awsConfigFile(env, home)).toBe('C:\\Users\\ana\\.aws\\config');
    expect(w.awsConfigFile({ ...env, AWS_CONFIG_FILE: 'D:\\aws.ini' }, home)).toBe('D:\\aws.ini');
  });

  it('PATH is Path, split on ";"; programs are .exe then .cmd; a venv script in Scripts\\ names its venv', () => {
    expect(w.pathDirs(env)).toEqual(['C:\\Windows\\system32', 'C:\\Program Files\\Git\\cmd']);
    expect(w.programNames('npm')).toEqual(['npm.exe', 'npm.cmd', 'npm.bat']);
    expect(w.scriptPrefix('C:\\Users\\ana\\pipx\\venvs\\poetry\\Scripts\\poetry.exe')).toBe(
      'C:\\Users\\ana\\pipx\\venvs\\poetry',
    );
    expect(w.sitePackagesParent('C:\\miniforge3')).toEqual({
      dir: 'C:\\miniforge3\\Lib\\site-packages',
      versioned: false,
    });
  });
});

describe('macOS and Linux places', () => {
  it('poetry: ~/Library/Application Support/pypoetry on macOS, $XDG_CONFIG_HOME/pypoetry on Linux; POETRY_CONFIG_DIR wins', () => {
    expect(darwinClientPlaces.poetryConfigDir({}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/pypoetry',
    );
    expect(linuxClientPlaces.poetryConfigDir({}, '/home/ana')).toBe('/home/ana/.config/pypoetry');
    expect(linuxClientPlaces.poetryConfigDir({ XDG_CONFIG_HOME: '/x' }, '/home/ana')).toBe('/x/pypoetry');
    expect(darwinClientPlaces.poetryConfigDir({ POETRY_CONFIG_DIR: '/p' }, '/Users/ana')).toBe('/p');
  });

  it('uv reads ~/.config/uv/uv.toml on macOS too, and /etc/uv/uv.toml', () => {
    expect(darwinClientPlaces.uvConfigFiles({}, '/Users/ana')).toEqual({
      user: '/Users/ana/.config/uv/uv.toml',
      system: ['/etc/xdg/uv/uv.toml', '/etc/uv/uv.toml'],
    });
  });

  it("npm's global config is $PREFIX/etc/npmrc, the prefix being node's folder's parent (/usr/etc/npmrc for /usr/bin/node)", () => {
    expect(linuxClientPlaces.npmGlobalRc({}, '/root', '/usr/bin/node')).toBe('/usr/etc/npmrc');
    expect(linuxClientPlaces.npmGlobalRc({ NPM_CONFIG_PREFIX: '/opt/npm' }, '/root', '/usr/bin/node')).toBe(
      '/opt/npm/etc/npmrc',
    );
    expect(linuxClientPlaces.npmCommand('/usr/bin/npm', '/usr/bin/node')).toEqual({ file: '/usr/bin/npm', args: [] });
  });

  it('curl: $CURL_HOME/.curlrc, $XDG_CONFIG_HOME/.curlrc, $HOME/.curlrc; ~/.config/curlrc only without XDG_CONFIG_HOME', () => {
    expect(
      linuxClientPlaces.curlrcFiles({ CURL_HOME: '/c', XDG_CONFIG_HOME: '/x', HOME: '/h' }, '/h', '/usr/bin/curl'),
    ).toEqual(['/c/.curlrc', '/x/.curlrc', '/h/.curlrc']);
    expect(linuxClientPlaces.curlrcFiles({ HOME: '/h' }, '/h', '/usr/bin/curl')).toEqual([
      '/h/.curlrc',
      '/h/.config/curlrc',
    ]);
    expect(linuxClientPlaces.gitBackends).toEqual([]);
  });

  it('conda: /etc/conda first, ~/.condarc, $CONDARC last', () => {
    const files = linuxClientPlaces.condarcFiles({ CONDARC: '/rc' }, '/home/ana', '/opt/conda');
    expect(files[0]).toBe('/etc/conda/.condarc');
    expect(files).toContain('/opt/conda/.condarc');
    expect(files).toContain('/home/ana/.condarc');
    expect(files.at(-1)).toBe('/rc');
  });
});

describe('settings readers', () => {
  it('TOML: tables, dotted and quoted keys, strings with escapes; arrays and array tables skipped', () => {
    const text = [
      '# top',
      'native-tls = true',
      'index-url = "https://x/\\u0041"',
      'extra = [',
      '  "a",',
      '  "b = c",',
      ']',
      '[tool.uv]',
      'system-certs = true # on',
      '[[tool.uv.index]]',
      'name = "x"',
      '[certificates."my.repo"]',
      "cert = 'C:\\certs\\corp.pem'",
    ].join('\n');
    expect(parseToml(text)).toEqual([
      { key: 'native-tls', value: 'true', line: 2 },
      { key: 'index-url', value: 'https://x/A', line: 3 },
      { key: 'tool.uv.system-certs', value: 'true', line: 9 },
      { key: 'certificates.my.repo.cert', value: 'C:\\certs\\corp.pem', line: 13 },
    ]);
  });

  it('.curlrc: with or without dashes, =, : or a space, quoted values with escapes, comments', () => {
    expect(
      parseCurlrc('# c\n--cacert /a.pem\ncapath: "/my dir"\ncacert="C:\\\\x\\"y.pem"\n  -k\nproxy-cacert = /p.pem\n'),
    ).toEqual([
      { key: 'cacert', value: '/a.pem', line: 2 },
      { key: 'capath', value: '/my dir', line: 3 },
      { key: 'cacert', value: 'C:\\x"y.pem', line: 4 },
      { key: 'insecure', value: '', line: 5 },
      { key: 'proxy-cacert', value: '/p.pem', line: 6 },
    ]);
  });

  it('.condarc top-level scalars; ini sections; npmrc values with ${VAR}', () => {
    expect(
      parseYamlTopLevel("channels:\n  - conda-forge\nssl_verify: 'C:/c.pem' #!final\nverify_ssl: false # old\n"),
    ).toEqual([
      { key: 'channels', value: '', line: 1 },
      { key: 'ssl_verify', value: 'C:/c.pem', line: 3 },
      { key: 'verify_ssl', value: 'false', line: 4 },
    ]);
    expect(parseIni('; c\n[profile work]\nca_bundle = /corp.pem\n')).toEqual([
      { section: 'profile work', key: 'ca_bundle', value: '/corp.pem', line: 3 },
    ]);
    expect(npmrcValue('"${HOME}/ca.pem"', { HOME: '/h' })).toBe('/h/ca.pem');
  });
});

describe('what programs say', () => {
  it("libcurl's verbose lines: OpenSSL's CAfile/CApath, GnuTLS's found-in lines, none, Schannel", () => {
    expect(
      parseLibcurlVerbose('*  CAfile: /etc/ssl/certs/ca-certificates.crt\n*  CApath: /etc/ssl/certs\n'),
    ).toMatchObject({ file: '/etc/ssl/certs/ca-certificates.crt', dir: '/etc/ssl/certs' });
    expect(parseLibcurlVerbose('*  CAfile: none\n*  CApath: /etc/ssl/certs')).toEqual({
      loaded: [],
      dir: '/etc/ssl/certs',
    });
    expect(parseLibcurlVerbose('18:11:15 http.c:725 == Info: found 450 certificates in /etc/ssl/certs').loaded).toEqual(
      ['/etc/ssl/certs'],
    );
    expect(parseLibcurlVerbose('* schannel: disabled automatic use of client certificate').osVerifier).toBe('schannel');
  });

  it('versions as each program prints them', () => {
    expect(versionIn('git version 2.39.5')).toBe('2.39.5');
    expect(versionIn('v24.6.0')).toBe('24.6.0');
    expect(versionIn('uv 0.11.2 (c3f1a2b 2026-01-01)')).toBe('0.11.2');
    expect(versionIn('Poetry (version 2.1.3)')).toBe('2.1.3');
    expect(versionIn('aws-cli/2.17.5 Python/3.11.9 Linux/6.1 exe/x86_64')).toBe('2.17.5');
    expect(versionIn('conda 24.7.1')).toBe('24.7.1');
  });
});
