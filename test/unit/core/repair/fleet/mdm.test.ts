// `--for mdm` (issue 18): the .mobileconfig read by Python's plistlib (a real property-list parser)
// with the payload keys Apple documents
// (https://developer.apple.com/documentation/devicemanagement/certificateroot,
// https://developer.apple.com/documentation/devicemanagement/toplevel); the user-settings scripts
// parsed by sh and bash, and their settings-file edits run for real with awk on files the test owns.
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { weakeningIn } from '../../../../../src-main/core/repair/fleet/artifactFacts.ts';
import { AWK_BLOCK, AWK_SET, mdmArtifacts } from '../../../../../src-main/core/repair/fleet/mdm.ts';
import type { Artifact } from '../../../../../src-main/core/repair/fleet/types.ts';
import { embeddedDer, exitCodes, generatedForFile, MAC_SETTINGS, nonAscii } from '../../../../helpers/fleetPlan.ts';

const g = generatedForFile('trustfix-mdm-', 'darwin', MAC_SETTINGS, mdmArtifacts, 'Corp <Proxy> & Root');
const dir = g.dir;
const art = (path: string): Artifact => g.out.find((x) => x.path === path)!;

beforeAll(() => {
  for (const a of g.out) writeFileSync(join(dir, a.path), a.content, { mode: a.mode ?? 0o644 });
});

const PLIST_READ = `
import base64, json, plistlib, sys
with open(sys.argv[1], 'rb') as f:
    p = plistlib.load(f)
inner = p['PayloadContent']
print(json.dumps({**{k: v for k, v in p.items() if k != 'PayloadContent'},
  'inner': [{**{k: v for k, v in i.items() if k != 'PayloadContent'}, 'der': base64.b64encode(i['PayloadContent']).decode()} for i in inner]}))
`;

describe('mdm: trustfix-root.mobileconfig', () => {
  it("parses with plistlib: a System Configuration profile holding one com.apple.security.root payload with the root's DER", async () => {
    const { stdout } = await execa('python3', ['-c', PLIST_READ, join(dir, 'trustfix-root.mobileconfig')], {
      timeout: 30_000,
    });
    const p = JSON.parse(stdout) as Record<string, unknown> & { inner: Array<Record<string, unknown>> };
    const sha16 = g.fx.sha256.slice(0, 16).toLowerCase();
    expect(p).toMatchObject({
      PayloadType: 'Configuration',
      PayloadScope: 'System',
      PayloadVersion: 1,
      PayloadIdentifier: `dev.trustfix.root.${sha16}`,
      PayloadDisplayName: 'Corp <Proxy> & Root',
    });
    expect(p.PayloadUUID).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(p.inner).toHaveLength(1);
    const cert = p.inner[0]!;
    expect(cert).toMatchObject({
      PayloadType: 'com.apple.security.root',
      PayloadVersion: 1,
      PayloadIdentifier: `dev.trustfix.root.${sha16}.cert`,
      PayloadDisplayName: 'Corp <Proxy> & Root',
    });
    expect(cert.PayloadUUID).toMatch(/^[0-9A-F-]{36}$/);
    expect(cert.PayloadUUID).not.toBe(p.PayloadUUID);
    expect(Buffer.from(cert.der as string, 'base64').equals(g.fx.der)).toBe(true);
  });

  it('its undo is named: remove the profile in the MDM (or profiles remove by its identifier)', () => {
    const readme = art('README.txt').content;
    expect(readme).toContain(g.fx.sha256);
    expect(readme).toContain('Undo of the profile: remove it in the MDM');
    expect(readme).toContain(
      `sudo profiles remove -identifier dev.trustfix.root.${g.fx.sha256.slice(0, 16).toLowerCase()}`,
    );
  });
});

describe('mdm: user-settings.sh and its undo', () => {
  it('both exist, are executable, and parse with sh and bash', async () => {
    for (const name of ['user-settings.sh', 'undo-user-settings.sh']) {
      expect(art(name).mode).toBe(0o755);
      expect(art(name).content.startsWith('#!/bin/sh\n')).toBe(true);
      await execa('sh', ['-n', join(dir, name)], { timeout: 10_000 });
      await execa('bash', ['-n', join(dir, name)], { timeout: 10_000 });
    }
  });

  it("carry the root's SHA-256, the exact DER, exit only 0 or 1, ASCII, nothing that weakens verification", () => {
    for (const name of ['user-settings.sh', 'undo-user-settings.sh']) {
      const s = art(name).content;
      expect(s.split('\n').slice(0, 4)).toEqual([
        '#!/bin/sh',
        expect.stringMatching(/^# TrustFix fleet: /),
        '# Root: Corp <Proxy> & Root',
        `# SHA-256: ${g.fx.sha256}`,
      ]);
      expect(new Set(exitCodes(s)), name).toEqual(new Set([0, 1]));
      expect(s).toContain('set -eu');
      expect(nonAscii(s)).toEqual([]);
      expect(weakeningIn(s)).toBeNull();
    }
    expect(embeddedDer(art('user-settings.sh').content).equals(g.fx.der)).toBe(true);
    expect(art('user-settings.sh').content).toContain(`ROOT_B64='${g.fx.der.toString('base64')}'`);
  });

  it("points node at the root's file and requests and npm at a bundle exported from the keychains", () => {
    const s = art('user-settings.sh').content;
    const sha16 = g.fx.sha256.slice(0, 16).toLowerCase();
    expect(s).toContain(
      `export NODE_EXTRA_CA_CERTS='\\''/Library/Application Support/TrustFix/trustfix-${sha16}.crt'\\''`,
    );
    expect(s).toContain(
      `export REQUESTS_CA_BUNDLE='\\''/Library/Application Support/TrustFix/fleet/${sha16}/ca-bundle.pem'\\''`,
    );
    expect(s).toContain(
      `set_line "$TARGET_HOME"/'.npmrc' 'ini' '' 'cafile' 'cafile = /Library/Application Support/TrustFix/fleet/${sha16}/ca-bundle.pem'`,
    );
    expect(s).toContain(
      '/usr/bin/security find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain /Library/Keychains/System.keychain',
    );
    // Run as root by Jamf, the settings are the console user's, written as that user.
    expect(s).toContain('TARGET_USER=$(/usr/bin/stat -f %Su /dev/console)');
    expect(s).toContain('/usr/bin/sudo -u "$TARGET_USER" -H "$@"');
  });
});

describe("mdm: the settings-file edits (awk, on the test's files)", () => {
  async function setLine(
    text: string | null,
    kind: string,
    section: string,
    key: string,
    line: string,
  ): Promise<string> {
    const f = join(dir, `in-${Math.random().toString(36).slice(2)}`);
    if (text !== null) writeFileSync(f, text);
    const { stdout } = await execa('awk', [AWK_SET, text === null ? '/dev/null' : f], {
      env: { TF_KIND: kind, TF_SECTION: section, TF_KEY: key, TF_LINE: line },
      stripFinalNewline: false,
      timeout: 10_000,
    });
    return stdout;
  }

  it('replaces the key in its section and keeps every other line', async () => {
    const before =
      '[user]\n\tname = A\n[http]\n\tsslCAInfo = /old\n\tsslBackend = openssl\n[http "https://x"]\n\tsslBackend = openssl\n';
    expect(await setLine(before, 'git-config', 'http', 'sslBackend', '\tsslBackend = "schannel"')).toBe(
      '[user]\n\tname = A\n[http]\n\tsslCAInfo = /old\n\tsslBackend = "schannel"\n[http "https://x"]\n\tsslBackend = openssl\n',
    );
  });

  it("adds it after the section's header, or a new section, or a top-level key before the first table", async () => {
    expect(await setLine('[default]\nregion = eu\n', 'ini', 'default', 'ca_bundle', 'ca_bundle = /b.pem')).toBe(
      '[default]\nca_bundle = /b.pem\nregion = eu\n',
    );
    expect(await setLine('[profile x]\nregion = eu\n', 'ini', 'default', 'ca_bundle', 'ca_bundle = /b.pem')).toBe(
      '[profile x]\nregion = eu\n[default]\nca_bundle = /b.pem\n',
    );
    expect(
      await setLine(
        'python-preference = "managed"\n[pip]\nindex-url = "x"\n',
        'toml',
        '',
        'system-certs',
        'system-certs = true',
      ),
    ).toBe('python-preference = "managed"\nsystem-certs = true\n[pip]\nindex-url = "x"\n');
    expect(await setLine(null, 'toml', '', 'system-certs', 'system-certs = true')).toBe('system-certs = true\n');
  });

  it('sets a top-level YAML key only, not one nested under another', async () => {
    const before = 'channels:\n  - defaults\nproxy_servers:\n  ssl_verify: nested\nssl_verify: false\n';
    expect(await setLine(before, 'yaml', '', 'ssl_verify', "ssl_verify: 'truststore'")).toBe(
      "channels:\n  - defaults\nproxy_servers:\n  ssl_verify: nested\nssl_verify: 'truststore'\n",
    );
  });

  it('is idempotent: a second run changes nothing', async () => {
    const once = await setLine(
      '[http]\n\tproxy = p\n',
      'git-config',
      'http',
      'sslBackend',
      '\tsslBackend = "schannel"',
    );
    expect(await setLine(once, 'git-config', 'HTTP', 'SSLBACKEND', '\tsslBackend = "schannel"')).toBe(once);
  });

  it('replaces its marked block of variables in ~/.zprofile and keeps the rest', async () => {
    const f = join(dir, 'zprofile');
    writeFileSync(f, 'export A=1\n# >>> b >>>\nexport OLD=1\n# <<< b <<<\nexport Z=2\n');
    const { stdout } = await execa('awk', [AWK_BLOCK, f], {
      env: { TF_BEGIN: '# >>> b >>>', TF_END: '# <<< b <<<', TF_BLOCK: "# >>> b >>>\nexport NEW='x'\n# <<< b <<<\n" },
      stripFinalNewline: false,
      timeout: 10_000,
    });
    expect(stdout).toBe("export A=1\nexport Z=2\n# >>> b >>>\nexport NEW='x'\n# <<< b <<<\n");
    expect(readFileSync(f, 'utf8')).toContain('OLD');
  });
});

// The scripts' own logic run on this Linux host: only what exists on macOS alone is stood in for,
// by rewriting these exact lines (the console user, their home from dscl, sudo to them, the keychain
// export, the root-owned folder), so every file operation, the manifest and the undo are the script's.
describe('mdm: user-settings.sh run for real (macOS programs stood in), then undone byte for byte', () => {
  function onLinux(script: string, home: string, lib: string, keychain: string): string {
    const swaps: Array<[string, string]> = [
      ['/usr/bin/stat -f %Su /dev/console', 'echo tfuser'],
      ['/usr/bin/dscl . -read "/Users/$TARGET_USER" NFSHomeDirectory', `echo 'NFSHomeDirectory: ${home}'`],
      ['/usr/bin/sudo -u "$TARGET_USER" -H "$@"', '"$@"'],
      [
        '/usr/bin/security find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain /Library/Keychains/System.keychain',
        `/bin/cat '${keychain}'`,
      ],
      ["TRUSTFIX_DIR='/Library/Application Support/TrustFix'", `TRUSTFIX_DIR='${lib}'`],
    ];
    let s = script;
    // Every stand-in is for a line the script has (the undo reads no keychain).
    for (const [from, to] of swaps) {
      if (!from.startsWith('/usr/bin/security')) expect(s, from).toContain(from);
      s = s.split(from).join(to);
    }
    return s;
  }

  async function snapshot(root: string): Promise<string> {
    const { stdout } = await execa(
      'sh',
      [
        '-c',
        'cd "$1" && find . -exec ls -ld --time-style=+ {} + | sort; find . -type f -exec sha256sum {} + | sort',
        'sh',
        root,
      ],
      {
        timeout: 10_000,
      },
    );
    // Link counts left out: a folder's count changes with its subfolders.
    return stdout
      .replace(/^(\S+)\s+\d+\s+/gm, '$1 ')
      .split('\n')
      .sort()
      .join('\n');
  }

  it('applies every setting once, changes nothing the second time, reports in place with --check, and undo restores every byte', async () => {
    const home = join(dir, 'sim-home');
    const lib = join(dir, 'sim-lib');
    const keychain = join(dir, 'sim-keychain.pem');
    await execa('mkdir', ['-p', join(home, '.config'), join(home, 'Library/Application Support')]);
    writeFileSync(join(home, '.npmrc'), 'registry=https://npm.example/\r\ncafile=/old.pem\r\n');
    writeFileSync(join(home, '.condarc'), 'channels:\n  - defaults\n');
    const rootPem = `-----BEGIN CERTIFICATE-----\n${g.fx.der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
    writeFileSync(keychain, readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8').slice(0, 5000) + rootPem);
    const apply = join(dir, 'sim-apply.sh');
    const undo = join(dir, 'sim-undo.sh');
    expect(art('user-settings.sh').content).toContain(
      '/usr/bin/security find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain /Library/Keychains/System.keychain',
    );
    writeFileSync(apply, onLinux(art('user-settings.sh').content, home, lib, keychain));
    writeFileSync(undo, onLinux(art('undo-user-settings.sh').content, home, lib, keychain));
    const before = await snapshot(home);
    const run = (f: string, ...args: string[]) =>
      execa('sh', [f, ...args], {
        env: { PATH: '/usr/bin:/bin', LANG: 'C' },
        extendEnv: false,
        reject: false,
        timeout: 30_000,
      });

    const first = await run(apply);
    expect(first.stderr).toBe('');
    expect([first.exitCode, first.stdout]).toEqual([
      0,
      expect.stringMatching(/^TrustFix: in place for tfuser \([0-9a-f]{16}\), 6 change\(s\) made$/),
    ]);
    const sha16 = g.fx.sha256.slice(0, 16).toLowerCase();
    expect(readFileSync(join(home, '.npmrc'), 'utf8')).toBe(
      `registry=https://npm.example/\r\ncafile = /Library/Application Support/TrustFix/fleet/${sha16}/ca-bundle.pem\n`,
    );
    expect(readFileSync(join(home, '.condarc'), 'utf8')).toBe("channels:\n  - defaults\nssl_verify: 'truststore'\n");
    expect(readFileSync(join(home, '.config/uv/uv.toml'), 'utf8')).toBe('system-certs = true\n');
    expect(readFileSync(join(home, '.zprofile'), 'utf8')).toContain(
      `export NODE_EXTRA_CA_CERTS='/Library/Application Support/TrustFix/trustfix-${sha16}.crt'`,
    );
    expect(readFileSync(join(lib, `trustfix-${sha16}.crt`), 'utf8')).toBe(rootPem);
    expect(readFileSync(join(lib, 'fleet', sha16, 'ca-bundle.pem'), 'utf8')).toBe(readFileSync(keychain, 'utf8'));

    const second = await run(apply);
    expect([second.exitCode, second.stdout, second.stderr]).toEqual([
      0,
      `TrustFix: in place for tfuser (${sha16}), 0 change(s) made`,
      '',
    ]);
    expect((await run(apply, '--check')).exitCode).toBe(0);

    // The keychains changed (a root added): the bundle is no longer in place, and is written again.
    writeFileSync(keychain, readFileSync(keychain, 'utf8') + rootPem);
    const check = await run(apply, '--check');
    expect([check.exitCode, check.stdout]).toEqual([1, expect.stringContaining('ca-bundle.pem')]);
    expect((await run(apply)).stdout).toContain('1 change(s) made');

    const undone = await run(undo);
    expect([undone.exitCode, undone.stderr]).toEqual([0, '']);
    // Every byte back; what is left is the empty folder above the user's backup (it may be the app's).
    const after = await snapshot(home);
    expect(after.split('\n').filter((l) => !l.endsWith('./Library/Application Support/TrustFix'))).toEqual(
      before.split('\n'),
    );
    expect(after).toMatch(/^drwxr-xr-x root root +\d+ +\.\/Library\/Application Support\/TrustFix$/m);
    expect(readFileSync(join(home, '.npmrc'), 'utf8')).toBe('registry=https://npm.example/\r\ncafile=/old.pem\r\n');
    await expect(execa('test', ['-e', lib])).rejects.toThrow();
  });

  it('refuses, exit 1 on stdout, while the profile has not put the root into the keychains', async () => {
    const keychain = join(dir, 'sim-keychain-without.pem');
    writeFileSync(keychain, readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8').slice(0, 5000));
    const f = join(dir, 'sim-without.sh');
    writeFileSync(f, onLinux(art('user-settings.sh').content, join(dir, 'sim-home2'), join(dir, 'sim-lib2'), keychain));
    await execa('mkdir', ['-p', join(dir, 'sim-home2')]);
    const r = await execa('sh', [f], {
      env: { PATH: '/usr/bin:/bin' },
      extendEnv: false,
      reject: false,
      timeout: 30_000,
    });
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([
      1,
      'TrustFix: the root is not in the System keychain yet: deliver trustfix-root.mobileconfig first',
      '',
    ]);
  });
});
