// Client trust resolution, the Windows parsers, pyenv shims and interpreter identity: no Python needed.
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientsFor, pipConfigValue, versionAtLeast } from '../../../../src-main/core/pythons/clients.ts';
import { interpreterKey } from '../../../../src-main/core/pythons/identity.ts';
import type { RawProbe } from '../../../../src-main/core/pythons/probeTypes.ts';
import { probe } from '../../../helpers/rawProbe.ts';
import { isPyenvShim, resolvePyenvShim } from '../../../../src-main/core/pythons/shims.ts';
import { parsePyLauncherList, parseRegQuery, regQueryCommand } from '../../../../src-main/core/pythons/windows.ts';
import { discoverInterpreters } from '../../../../src-main/core/pythons/discover.ts';
import { platformFor } from '../../../../src-main/core/platform/index.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const files = new Set([
  '/etc/ssl/cert.pem',
  '/py/site-packages/certifi/cacert.pem',
  '/py/site-packages/pip/_vendor/certifi/cacert.pem',
  '/corp.pem',
  '/conf.pem',
  '/install.pem',
]);
const exists = (p: string): 'file' | 'dir' | 'none' =>
  files.has(p) ? 'file' : p === '/etc/ssl/certs' || p === '/corp-dir' ? 'dir' : 'none';

describe('which certificates each client uses', () => {
  it('defaults: OpenSSL file + folder for urllib, certifi for requests, vendored certifi for pip', () => {
    const c = clientsFor(probe(), exists);
    expect(c.urllib).toMatchObject({ source: '/etc/ssl/cert.pem', steeredBy: 'openssl-default' });
    expect(c.urllib.sources.map((s) => s.kind)).toEqual(['file', 'dir']);
    expect(c.requests).toMatchObject({
      source: '/py/site-packages/certifi/cacert.pem',
      steeredBy: 'certifi',
      version: '2.32.3',
    });
    expect(c.pip).toMatchObject({
      source: '/py/site-packages/pip/_vendor/certifi/cacert.pem',
      steeredBy: 'pip-certifi',
    });
  });

  it('SSL_CERT_FILE moves urllib, even to a missing file; REQUESTS_CA_BUNDLE moves requests and beats PIP_CERT for pip', () => {
    const c = clientsFor(
      probe({ env: { SSL_CERT_FILE: '/missing.pem', REQUESTS_CA_BUNDLE: '/corp.pem', PIP_CERT: '/conf.pem' } }),
      exists,
    );
    expect(c.urllib).toMatchObject({ source: '/missing.pem', steeredBy: 'SSL_CERT_FILE' });
    expect(c.requests).toMatchObject({ source: '/corp.pem', steeredBy: 'REQUESTS_CA_BUNDLE' });
    expect(c.requests.sources).toHaveLength(1);
    expect(c.pip).toMatchObject({ source: '/corp.pem', steeredBy: 'REQUESTS_CA_BUNDLE' });
    const curl = clientsFor(probe({ env: { CURL_CA_BUNDLE: '/corp-dir' } }), exists);
    expect(curl.requests.sources[0]).toMatchObject({ kind: 'dir', path: '/corp-dir', steeredBy: 'CURL_CA_BUNDLE' });
  });

  it('PIP_CERT beats the config files; later files win; [install] beats [global]; PIP_CONFIG_FILE=/dev/null skips them', () => {
    const pipConfig: RawProbe['pipConfig'] = [
      { kind: 'global', path: '/etc/pip.conf', exists: true, values: { 'global.cert': '/conf.pem' } },
      {
        kind: 'site',
        path: '/py/pip.conf',
        exists: true,
        values: { 'global.cert': '/corp.pem', 'install.cert': '/install.pem' },
      },
    ];
    expect(pipConfigValue(probe({ pipConfig }), 'cert')).toEqual({ value: '/install.pem', file: '/py/pip.conf' });
    expect(clientsFor(probe({ pipConfig }), exists).pip).toMatchObject({
      source: '/install.pem',
      steeredBy: 'pip.conf:/py/pip.conf',
    });
    expect(clientsFor(probe({ pipConfig, env: { PIP_CERT: '/conf.pem' } }), exists).pip).toMatchObject({
      source: '/conf.pem',
      steeredBy: 'PIP_CERT',
    });
    expect(clientsFor(probe({ pipConfig, pipConfigSkipped: true }), exists).pip.steeredBy).toBe('pip-certifi');
  });

  it('pip >= 24.2 on 3.10+ uses the OS store and its certifi (plus an override); legacy-certs and 3.9 do not', () => {
    const modern = {
      pip: { module: '/p', version: '24.2', certifiWhere: '/py/site-packages/pip/_vendor/certifi/cacert.pem' },
    };
    const c = clientsFor(probe(modern), exists).pip;
    expect(c).toMatchObject({ source: 'os-store', steeredBy: 'pip>=24.2' });
    expect(c.sources.map((s) => s.kind)).toEqual(['os-store', 'file']);
    expect(c.sources[0]).toMatchObject({ path: '/etc/ssl/cert.pem' }); // on Linux the OS store is OpenSSL's file
    const withCert = clientsFor(probe({ ...modern, env: { PIP_CERT: '/corp.pem' } }), exists).pip;
    expect(withCert.sources.map((s) => (s.kind === 'os-store' ? 'os' : s.path))).toEqual([
      'os',
      '/py/site-packages/pip/_vendor/certifi/cacert.pem',
      '/corp.pem',
    ]);
    expect(clientsFor(probe({ ...modern, env: { PIP_USE_DEPRECATED: 'legacy-certs' } }), exists).pip.source).toBe(
      '/py/site-packages/pip/_vendor/certifi/cacert.pem',
    );
    expect(clientsFor(probe({ ...modern, version: '3.9.18' }), exists).pip.source).toBe(
      '/py/site-packages/pip/_vendor/certifi/cacert.pem',
    );
    const feature = clientsFor(
      probe({
        pip: { module: '/p', version: '23.2.1', certifiWhere: '/x', vendoredTruststore: true },
        env: { PIP_USE_FEATURE: 'truststore' },
      }),
      exists,
    ).pip;
    expect(feature).toMatchObject({ source: 'os-store', steeredBy: 'use-feature=truststore' });
  });

  it('on Windows urllib loads the Windows CA and ROOT stores; pip-system-certs moves requests and pip to the OS store', () => {
    const win = clientsFor(
      probe({
        platform: 'win32',
        hasWindowsStores: true,
        verifyPaths: {
          cafile: null,
          capath: null,
          opensslCafileEnv: 'SSL_CERT_FILE',
          opensslCafile: 'C:\\Program Files\\Common Files\\SSL/cert.pem',
          opensslCapathEnv: 'SSL_CERT_DIR',
          opensslCapath: null,
        },
      }),
      exists,
    );
    expect(win.urllib).toMatchObject({ source: 'os-store', steeredBy: 'windows-stores' });
    const psc = clientsFor(probe({ pipSystemCerts: { module: '/m', version: '4.0', active: true } }), exists);
    expect(psc.requests).toMatchObject({ source: 'os-store', steeredBy: 'pip-system-certs' });
    expect(psc.pip).toMatchObject({ source: 'os-store', steeredBy: 'pip-system-certs' });
  });

  it('reports why a client is missing', () => {
    const c = clientsFor(
      probe({ requests: null, pip: null, sslError: 'ImportError: No module named _ssl', verifyPaths: undefined }),
      exists,
    );
    expect(c.requests).toMatchObject({ available: false, missingReason: { code: 'pythons:missing.requests' } });
    expect(c.pip.missingReason?.code).toBe('pythons:missing.pip');
    expect(c.urllib.missingReason?.code).toBe('pythons:missing.ssl');
    expect(versionAtLeast('24.10', '24.2')).toBe(true);
    expect(versionAtLeast('3.9.18', '3.10')).toBe(false);
  });
});

describe('Windows: py -0p and PEP 514 registry output', () => {
  it('parses both launcher formats', () => {
    const modern =
      ' -V:3.12 *        C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\python.exe\r\n -V:ContinuumAnalytics/Anaconda39-64 C:\\ProgramData\\Anaconda3\\python.exe\r\n';
    expect(parsePyLauncherList(modern)).toEqual([
      'C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\python.exe',
      'C:\\ProgramData\\Anaconda3\\python.exe',
    ]);
    const old =
      'Installed Pythons found by py Launcher for Windows\n -3.9-64        C:\\Python39\\python.exe *\n -2.7-32        C:\\Python27\\python.exe\n';
    expect(parsePyLauncherList(old)).toEqual(['C:\\Python39\\python.exe', 'C:\\Python27\\python.exe']);
  });

  it('parses reg query output, with a localized default value name', () => {
    const out = [
      'HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12',
      '    DisplayName    REG_SZ    Python 3.12 (64-bit)',
      '',
      'HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\InstallPath',
      '    (Default)    REG_SZ    C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\',
      '    ExecutablePath    REG_SZ    C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\python.exe',
      '',
      'HKEY_CURRENT_USER\\Software\\Python\\ContinuumAnalytics\\Anaconda39-64\\InstallPath',
      '    (默认)    REG_SZ    C:\\Anaconda3',
      '',
    ].join('\r\n');
    expect(parseRegQuery(out).map((i) => [i.company, i.tag, i.executable])).toEqual([
      ['PythonCore', '3.12', 'C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\python.exe'],
      ['ContinuumAnalytics', 'Anaconda39-64', 'C:\\Anaconda3\\python.exe'],
    ]);
    expect(regQueryCommand('HKCU\\Software\\Python')).toEqual({
      file: 'reg.exe',
      args: ['query', 'HKCU\\Software\\Python', '/s'],
    });
  });

  it('discovers Windows interpreters through the launcher and registry commands', async () => {
    const seen: string[] = [];
    const found = await discoverInterpreters({
      platform: platformFor('win32'),
      env: { PATH: '' },
      home: '/nonexistent',
      cwd: '/nonexistent',
      runCommand: async (spec) => {
        seen.push([spec.file, ...spec.args].join(' '));
        if (spec.file === 'py') return ' -V:3.12 *        C:\\Py312\\python.exe\n';
        if (spec.args[1] === 'HKCU\\Software\\Python')
          return 'HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.11\\InstallPath\n    ExecutablePath    REG_SZ    C:\\Py311\\python.exe\n';
        return undefined;
      },
    });
    expect(seen).toContain('py -0p');
    expect(seen).toContain('reg.exe query HKLM\\Software\\Wow6432Node\\Python /s');
    expect(found.map((f) => [f.executable, f.foundBy[0]])).toEqual([
      ['C:\\Py312\\python.exe', 'py-launcher'],
      ['C:\\Py311\\python.exe', 'registry'],
    ]);
  });
});

describe('shims and identity', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('resolves a pyenv shim by PYENV_VERSION, .python-version and the global version file', async () => {
    const root = join(dir, 'pyenv');
    for (const v of ['3.11.7', '3.12.1']) {
      mkdirSync(join(root, 'versions', v, 'bin'), { recursive: true });
      writeFileSync(join(root, 'versions', v, 'bin', 'python'), '');
    }
    mkdirSync(join(root, 'shims'), { recursive: true });
    const shim = join(root, 'shims', 'python');
    writeFileSync(shim, '#!/usr/bin/env bash\nset -e\nexec "/x/libexec/pyenv" exec "$program" "$@"\n');
    writeFileSync(join(root, 'version'), '3.11.7\n');
    const project = join(dir, 'project', 'sub');
    mkdirSync(project, { recursive: true });
    const ctx = { env: { PYENV_ROOT: root }, cwd: project, home: dir, win: false, pyenvRoot: root };
    expect(await isPyenvShim(shim, ctx)).toBe(true);
    expect(await resolvePyenvShim(shim, ctx)).toBe(join(root, 'versions', '3.11.7', 'bin', 'python'));
    writeFileSync(join(dir, 'project', '.python-version'), '3.12.1\n');
    expect(await resolvePyenvShim(shim, ctx)).toBe(join(root, 'versions', '3.12.1', 'bin', 'python'));
    expect(await resolvePyenvShim(shim, { ...ctx, env: { PYENV_ROOT: root, PYENV_VERSION: '3.9.99:3.11.7' } })).toBe(
      join(root, 'versions', '3.11.7', 'bin', 'python'),
    );
  });

  it('a symlink is the same interpreter; a venv symlinked to it is not', async () => {
    const real = join(dir, 'base', 'python3.12');
    mkdirSync(join(dir, 'base'), { recursive: true });
    writeFileSync(real, '#!/bin/sh\n');
    chmodSync(real, 0o755);
    symlinkSync(real, join(dir, 'base', 'python3'));
    mkdirSync(join(dir, 'venv', 'bin'), { recursive: true });
    writeFileSync(join(dir, 'venv', 'pyvenv.cfg'), `home = ${join(dir, 'base')}\n`);
    symlinkSync(real, join(dir, 'venv', 'bin', 'python'));
    const a = await interpreterKey(real);
    const b = await interpreterKey(join(dir, 'base', 'python3'));
    const v = await interpreterKey(join(dir, 'venv', 'bin', 'python'));
    expect(a.key).toBe(b.key);
    expect(v.key).not.toBe(a.key);
    expect(v.venv).toBeDefined();
  });
});

describe('truststore injected at start-up (a .pth such as trustfix-truststore.pth)', () => {
  it('urllib, requests and an older pip verify with the OS store, and still trust the file each loads', () => {
    const c = clientsFor(
      probe({
        sslContextModule: 'truststore._api',
        truststore: { module: '/py/site-packages/truststore', version: '0.10.4' },
      }),
      exists,
    );
    expect(c.urllib).toMatchObject({ source: 'os-store', steeredBy: 'truststore' });
    expect(c.urllib.sources).toEqual([
      { kind: 'os-store', path: '/etc/ssl/cert.pem', role: 'os-store', steeredBy: 'truststore' },
    ]);
    expect(c.requests).toMatchObject({ source: 'os-store', steeredBy: 'truststore' });
    expect(c.requests.sources.map((s) => [s.kind, s.role])).toEqual([
      ['os-store', 'os-store'],
      ['file', 'default'],
    ]);
    expect(c.pip).toMatchObject({ source: 'os-store', steeredBy: 'truststore' });
    expect(c.pip.sources.map((s) => s.kind)).toEqual(['os-store', 'file']);
    // REQUESTS_CA_BUNDLE is loaded into truststore's context instead of certifi.
    const env = clientsFor(
      probe({ sslContextModule: 'truststore._api', env: { REQUESTS_CA_BUNDLE: '/corp.pem' } }),
      exists,
    );
    expect(env.requests).toMatchObject({ source: 'os-store', steeredBy: 'truststore+REQUESTS_CA_BUNDLE' });
    expect(env.requests.sources.map((s) => (s.kind === 'os-store' ? 'os-store' : s.path))).toEqual([
      'os-store',
      '/corp.pem',
    ]);
    expect(env.pip.sources.map((s) => (s.kind === 'os-store' ? 'os-store' : s.path))).toEqual([
      'os-store',
      '/corp.pem',
    ]);
    // Not injected (the standard class): nothing changes.
    expect(clientsFor(probe({ sslContextModule: 'ssl' }), exists).requests.steeredBy).toBe('certifi');
  });
});
