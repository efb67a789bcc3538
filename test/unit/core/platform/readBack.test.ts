// Issue 11 item 6, "Done" without proof: every action carries the read-back that proves it, built by the
// platform as an exact command. Windows and macOS are tested by their exact argument arrays and by
// decoding output in the documented formats (no Windows or macOS machine here); on Linux a setting that
// did not take is caught by its read-back and the change is put back.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { createContext } from '../../../../src-main/core/context.ts';
import { darwinPlatform } from '../../../../src-main/core/platform/darwin.ts';
import { linuxPlatform } from '../../../../src-main/core/platform/linux.ts';
import { decodeValue, ENV_FILE_SCRIPT } from '../../../../src-main/core/platform/readBack.ts';
import type { Platform } from '../../../../src-main/core/platform/types.ts';
import { win32Platform } from '../../../../src-main/core/platform/win32.ts';
import { applyPlan } from '../../../../src-main/core/repair/apply.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { planPoint } from '../../../../src-main/core/repair/planPoint.ts';
import { planOsStoreAdd } from '../../../../src-main/core/repair/planStore.ts';
import { msg } from '../../../../src-main/core/messages.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

let dir: string;
let cleanup: () => void;
let bundle: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-readback-'));
  bundle = join(dir, 'ca.pem');
  writeFileSync(bundle, readFileSync(`${FIXTURES}certifi-2026.05.20.pem`));
});
afterAll(() => cleanup());

async function planContext(platform: Platform, sub: string): Promise<PlanContext> {
  const ctx = await createContext({ systemStoreFile: `${FIXTURES}debian12-ca-certificates.crt` });
  ctx.platform = platform;
  const home = join(dir, sub, 'home');
  mkdirSync(home, { recursive: true });
  return {
    ctx,
    dataDir: join(dir, sub, 'data'),
    findings: new Set([bundle]),
    who: 'test',
    now: new Date(),
    os: platform.id,
    home,
  };
}

const PS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'];

describe('Windows point: the variable is read back from HKCU\\Environment', () => {
  it('plans the registry read-back with its exact command: reg.exe for an ASCII path, else PowerShell as base64', async () => {
    const action = await planPoint(await planContext(win32Platform, 'win'), 'SSL_CERT_FILE', bundle);
    // Issue 14: read back by another program than the PowerShell call that set it.
    expect(action.checks).toEqual([
      {
        kind: 'command-value',
        run: { file: 'reg.exe', args: ['query', 'HKCU\\Environment', '/v', 'SSL_CERT_FILE'] },
        decode: 'reg',
        expect: bundle,
        variable: 'SSL_CERT_FILE',
      },
    ]);
    // reg query prints in the console's code page: a non-ASCII value is read by PowerShell as UTF-8 base64.
    expect(win32Platform.readUserEnv('SSL_CERT_FILE', 'C:\\Users\\张三\\ca.pem')).toEqual({
      run: {
        file: 'powershell.exe',
        args: [
          ...PS,
          "$v = (Get-Item -LiteralPath 'HKCU:\\Environment').GetValue('SSL_CERT_FILE', $null, 'DoNotExpandEnvironmentNames'); if ($null -ne $v) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([string]$v)) }",
        ],
      },
      decode: 'base64',
    });
  });

  it('decodes what PowerShell prints: one base64 line of UTF-8, CRLF; nothing when unset', () => {
    // A Chinese user name: through `reg query` it would come in the OEM code page (GBK), not as these characters.
    const path = 'C:\\Users\\张三\\AppData\\Roaming\\TrustFix\\merged-ca.pem';
    expect(decodeValue(`${Buffer.from(path, 'utf8').toString('base64')}\r\n`, 'base64')).toBe(path);
    expect(decodeValue('', 'base64')).toBe('');
    expect(decodeValue('\r\n', 'base64')).toBe('');
    expect(decodeValue('Get-Item : Cannot find path\r\n', 'base64')).toBeNull();
    expect(decodeValue('/x/ca.pem\r\n', 'line')).toBe('/x/ca.pem');
    expect(decodeValue('/x/ca.pem\n', 'line')).toBe('/x/ca.pem');
  });
});

describe('macOS point: launchctl getenv, and the env file read by a fresh shell', () => {
  it('plans both read-backs', async () => {
    const pc = await planContext(darwinPlatform, 'mac');
    const action = await planPoint(pc, ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'], bundle);
    const envFile = join(pc.dataDir, 'env.sh');
    const shell = (name: string) => ({
      kind: 'command-value',
      run: {
        file: '/usr/bin/env',
        args: ['-i', 'PATH=/usr/bin:/bin', '/bin/sh', '-c', ENV_FILE_SCRIPT, 'sh', envFile, name],
      },
      decode: 'line',
      expect: bundle,
    });
    expect(action.checks).toEqual([
      {
        kind: 'command-value',
        run: { file: '/bin/launchctl', args: ['getenv', 'SSL_CERT_FILE'] },
        decode: 'line',
        expect: bundle,
        variable: 'SSL_CERT_FILE',
      },
      {
        kind: 'command-value',
        run: { file: '/bin/launchctl', args: ['getenv', 'REQUESTS_CA_BUNDLE'] },
        decode: 'line',
        expect: bundle,
        variable: 'REQUESTS_CA_BUNDLE',
      },
      shell('SSL_CERT_FILE'),
      shell('REQUESTS_CA_BUNDLE'),
    ]);
    // One change per file: the env file once with both variables, the profile line once.
    const files = action.changes.flatMap((c) => (c.type === 'file' ? [c.path] : []));
    expect(files).toEqual([envFile, join(pc.home, '.zprofile')]);
  });
});

describe('os-store: the root is looked for in the store afterwards', () => {
  const pki = () => makePki(join(dir, 'pki'));
  it('Windows: its thumbprint under Cert:\\LocalMachine\\Root; macOS: its SHA-1 line in the System keychain', async () => {
    mkdirSync(join(dir, 'pki'), { recursive: true });
    const der = splitBundle(readFileSync(pki().rootPem)).ders[0]!;
    const sha1 = createHash('sha1').update(der).digest('hex').toUpperCase();
    const win = await planOsStoreAdd(
      await planContext(win32Platform, 'win-store'),
      der,
      'root.pem',
      msg('repair:why.userOsStore'),
    );
    expect(win.checks).toEqual([
      {
        kind: 'command-value',
        run: {
          file: 'powershell.exe',
          args: [
            ...PS,
            `$ErrorActionPreference='Stop'; (Get-Item -LiteralPath 'Cert:\\LocalMachine\\Root\\${sha1}').Thumbprint`,
          ],
        },
        decode: 'line',
        expect: sha1,
      },
    ]);
    // X509Certificate2.Thumbprint: upper-case hex, as PowerShell prints it (CRLF).
    expect(decodeValue(`${sha1}\r\n`, 'line')).toBe(sha1);

    const mac = await planOsStoreAdd(
      await planContext(darwinPlatform, 'mac-store'),
      der,
      'root.pem',
      msg('repair:why.userOsStore'),
    );
    expect(mac.checks).toEqual([
      {
        kind: 'command-output',
        run: {
          file: '/usr/bin/security',
          args: ['find-certificate', '-a', '-Z', '/Library/Keychains/System.keychain'],
        },
        expect: `SHA-1 hash: ${sha1}`,
      },
    ]);
    // security find-certificate -Z, as security(1) prints it (macOS 13).
    const sha256 = createHash('sha256').update(der).digest('hex').toUpperCase();
    const out = `SHA-256 hash: ${sha256}\nSHA-1 hash: ${sha1}\nkeychain: "/Library/Keychains/System.keychain"\nversion: 512\nclass: 0x80001000\nattributes:\n    "alis"<blob>="TrustFix Test Root"\n`;
    expect(out).toContain(`SHA-1 hash: ${sha1}`);
  });
});

describe('a setting that did not take is not reported done', () => {
  it('a set command that changes nothing: the read-back fails and the action is put back', async () => {
    // What was seen on Windows: the set command exits 0, nothing changed, and apply said "Done".
    // Here a platform whose set command changes nothing and whose read-back reads the real store (a file).
    const store = join(dir, 'registry.txt');
    writeFileSync(store, 'C:\\old\\ca.pem\n');
    const inert: Platform = {
      ...linuxPlatform,
      id: 'win32',
      setUserEnv: () => ({ file: '/bin/true', args: [] }),
      readUserEnv: () => ({ run: { file: '/bin/cat', args: [store] }, decode: 'line' }),
      loginProfile: () => null,
      readEnvFile: () => null,
    };
    const pc = await planContext(inert, 'inert');
    const action = await planPoint(pc, 'REQUESTS_CA_BUNDLE', bundle);
    const result = await applyPlan({ actions: [action], refused: [] }, { dataDir: pc.dataDir, command: 'point' });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({
      code: 'repair:verify.variableUnchanged',
      params: { variable: 'REQUESTS_CA_BUNDLE', expected: bundle, seen: 'C:\\old\\ca.pem' },
    });
    expect(result.entry?.state).toBe('rolled-back');
  });

  it('Linux: the env file is read back by a fresh shell with nothing inherited', async () => {
    const pc = await planContext(linuxPlatform, 'linux');
    const action = await planPoint(pc, 'SSL_CERT_FILE', bundle);
    expect(action.checks).toEqual([
      {
        kind: 'command-value',
        run: {
          file: '/usr/bin/env',
          args: [
            '-i',
            'PATH=/usr/bin:/bin',
            '/bin/sh',
            '-c',
            ENV_FILE_SCRIPT,
            'sh',
            join(pc.dataDir, 'env.sh'),
            'SSL_CERT_FILE',
          ],
        },
        decode: 'line',
        expect: bundle,
      },
    ]);
    const ok = await applyPlan({ actions: [action], refused: [] }, { dataDir: pc.dataDir, command: 'point' });
    expect(ok.ok, JSON.stringify(ok.problems)).toBe(true);
    expect(existsSync(join(pc.dataDir, 'env.sh'))).toBe(true);
  });
});
