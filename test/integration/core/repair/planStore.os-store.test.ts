// os-store. Linux: the real update-ca-certificates on a test root (every folder passed with
// --certsconf/--certsdir/--localcertsdir/--etccertsdir/--hooksdir, which its script parses although
// --help lists only --verbose and --fresh); undo gives back the rebuilt bundle byte for byte.
// Windows and macOS: the exact commands, as argument arrays.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { darwinPlatform } from '../../../../src-main/core/platform/darwin.ts';
import { debianTestLayout } from '../../../../src-main/core/platform/linuxStore.ts';
import { linuxPlatformWith } from '../../../../src-main/core/platform/linux.ts';
import { win32Platform } from '../../../../src-main/core/platform/win32.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const UPDATE = ['/usr/sbin/update-ca-certificates', '/usr/bin/update-ca-certificates'].find(existsSync);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const dir = tempDirForFile('trustfix-store-');

describe('Linux os-store with the real update-ca-certificates on a test root', () => {
  it('adds the root, the rebuilt bundle holds it; undo removes it and the bundle is byte-identical', async (t) => {
    if (!UPDATE) t.skip('update-ca-certificates is not installed (Debian package ca-certificates)');
    const root = join(dir, 'root');
    for (const d of [
      'etc/ssl/certs',
      'usr/share/ca-certificates/mozilla',
      'usr/local/share/ca-certificates',
      'etc/ca-certificates/update.d',
    ])
      mkdirSync(join(root, d), { recursive: true });
    // Three public roots as the distribution's own list, so the test bundle is a real one.
    const ders = splitBundle(readFileSync(`${FIXTURES}debian12-ca-certificates.crt`)).ders.slice(0, 3);
    const names = ders.map((der, i) => {
      writeFileSync(
        join(root, 'usr/share/ca-certificates/mozilla', `root-${i}.crt`),
        `-----BEGIN CERTIFICATE-----\n${der
          .toString('base64')
          .match(/.{1,64}/g)!
          .join('\n')}\n-----END CERTIFICATE-----\n`,
      );
      return `mozilla/root-${i}.crt`;
    });
    writeFileSync(join(root, 'etc/ca-certificates.conf'), `${names.join('\n')}\n`);
    const layout = debianTestLayout(root);
    await execa(UPDATE!, layout.refresh.args, { timeout: 60_000 });
    const bundle = layout.bundle;
    const before = sha(bundle);
    const linksBefore = readdirSync(join(root, 'etc/ssl/certs')).sort();
    expect(splitBundle(readFileSync(bundle)).ders.length).toBe(3);

    const pki = makePki(dir);
    const data = join(dir, 'data');
    const plan = await trustfix(['os-store', 'add', pki.rootPem, '--linux-store-root', root, '--data-dir', data]);
    expect(plan.stdout).toContain(`${root}/usr/local/share/ca-certificates (debian-test)`);
    expect(sha(bundle)).toBe(before);
    const run = await trustfix([
      'os-store',
      'add',
      pki.rootPem,
      '--linux-store-root',
      root,
      '--yes',
      '--data-dir',
      data,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const anchors = readdirSync(join(root, 'usr/local/share/ca-certificates'));
    expect(anchors).toHaveLength(1);
    expect(anchors[0]).toMatch(/^trustfix-[0-9a-f]{16}\.crt$/);
    expect(splitBundle(readFileSync(bundle)).ders.length).toBe(4);

    const leaf = await trustfix([
      'os-store',
      'add',
      pki.leafPem,
      '--linux-store-root',
      root,
      '--yes',
      '--data-dir',
      data,
    ]);
    expect(leaf.exitCode).toBe(2);
    expect(leaf.stderr).toContain('is not a CA certificate');

    const undo = await trustfix(['undo', '--yes', '--data-dir', data]);
    expect(undo.exitCode, undo.stderr).toBe(0);
    expect(readdirSync(join(root, 'usr/local/share/ca-certificates'))).toEqual([]);
    expect(sha(bundle)).toBe(before);
    expect(readdirSync(join(root, 'etc/ssl/certs')).sort()).toEqual(linksBefore);
  }, 300_000);

  it('names the command for each distribution family', () => {
    const p = linuxPlatformWith(() => debianTestLayout('/t'));
    const spec = p.storeAdd('/ignored.pem', { sha1: 'ab', sha256: 'f'.repeat(64) })!;
    expect(spec.anchorFile).toBe(`/t/usr/local/share/ca-certificates/trustfix-${'f'.repeat(16)}.crt`);
    expect(spec.run[0]).toEqual({
      file: 'update-ca-certificates',
      args: [
        '--certsconf',
        '/t/etc/ca-certificates.conf',
        '--certsdir',
        '/t/usr/share/ca-certificates',
        '--localcertsdir',
        '/t/usr/local/share/ca-certificates',
        '--etccertsdir',
        '/t/etc/ssl/certs',
        '--hooksdir',
        '/t/etc/ca-certificates/update.d',
      ],
    });
    expect(spec.undo[0]!.args[0]).toBe('--fresh');
  });
});

describe('Windows and macOS os-store and environment by their exact commands', () => {
  const cert = { sha1: 'AB:CD:EF:01', sha256: 'e'.repeat(64) };
  it('Windows: certutil into LocalMachine\\Root, -delstore by thumbprint to undo, Windows Update refresh', () => {
    const add = win32Platform.storeAdd('C:\\Users\\a\\AppData\\Roaming\\TrustFix\\store\\root.pem', cert)!;
    expect(add.run).toEqual([
      {
        file: 'certutil.exe',
        args: ['-addstore', '-f', 'Root', 'C:\\Users\\a\\AppData\\Roaming\\TrustFix\\store\\root.pem'],
      },
    ]);
    expect(add.undo).toEqual([{ file: 'certutil.exe', args: ['-delstore', 'Root', 'abcdef01'] }]);
    const refresh = win32Platform.storeRefresh('C:\\T')!;
    expect(refresh.run).toEqual([
      { file: 'certutil.exe', args: ['-generateSSTFromWU', 'C:\\T\\roots.sst'] },
      {
        file: 'powershell.exe',
        args: [
          '-NoProfile',
          '-NonInteractive',
          '-ExecutionPolicy',
          'Bypass',
          '-Command',
          "Import-Certificate -FilePath 'C:\\T\\roots.sst' -CertStoreLocation 'Cert:\\LocalMachine\\Root' | Out-Null",
        ],
      },
    ]);
    // Read back: the list written, then every root of it found by thumbprint in a listing of the store.
    expect(refresh.readBack).toEqual({
      kind: 'serialized-store-imported',
      file: 'C:\\T\\roots.sst',
      store: 'LocalMachine\\Root',
      list: {
        file: 'powershell.exe',
        args: [
          '-NoProfile',
          '-NonInteractive',
          '-ExecutionPolicy',
          'Bypass',
          '-Command',
          "$ErrorActionPreference='Stop'; Get-ChildItem -LiteralPath 'Cert:\\LocalMachine\\Root' | ForEach-Object { $_.Thumbprint }",
        ],
      },
    });
    expect(win32Platform.setUserEnv('SSL_CERT_FILE', "C:\\It's\\ca.pem")!.args.at(-1)).toBe(
      "[Environment]::SetEnvironmentVariable('SSL_CERT_FILE', 'C:\\It''s\\ca.pem', 'User')",
    );
    expect(win32Platform.setUserEnv('SSL_CERT_FILE', null)!.args.at(-1)).toBe(
      "[Environment]::SetEnvironmentVariable('SSL_CERT_FILE', $null, 'User')",
    );
    expect(win32Platform.loginProfile('C:\\Users\\a')).toBeNull();
  });
  it('macOS: security add-trusted-cert into the System keychain; undo removes trust and the certificate', () => {
    const add = darwinPlatform.storeAdd('/Users/a/Library/Application Support/TrustFix/store/r.pem', cert)!;
    expect(add.run).toEqual([
      {
        file: '/usr/bin/security',
        args: [
          'add-trusted-cert',
          '-d',
          '-r',
          'trustRoot',
          '-k',
          '/Library/Keychains/System.keychain',
          '/Users/a/Library/Application Support/TrustFix/store/r.pem',
        ],
      },
    ]);
    expect(add.undo).toEqual([
      {
        file: '/usr/bin/security',
        args: ['remove-trusted-cert', '-d', '/Users/a/Library/Application Support/TrustFix/store/r.pem'],
      },
      {
        file: '/usr/bin/security',
        args: ['delete-certificate', '-Z', 'ABCDEF01', '/Library/Keychains/System.keychain'],
      },
    ]);
    expect(darwinPlatform.setUserEnv('REQUESTS_CA_BUNDLE', '/x/ca.pem')).toEqual({
      file: '/bin/launchctl',
      args: ['setenv', 'REQUESTS_CA_BUNDLE', '/x/ca.pem'],
    });
    expect(darwinPlatform.setUserEnv('REQUESTS_CA_BUNDLE', null)).toEqual({
      file: '/bin/launchctl',
      args: ['unsetenv', 'REQUESTS_CA_BUNDLE'],
    });
    expect(darwinPlatform.loginProfile('/Users/a')).toBe('/Users/a/.zprofile');
    expect(darwinPlatform.storeRefresh('/x')).toBeNull();
  });
});
