// Windows and macOS store readers, tested by the exact commands they would run and by parsing output
// in the documented formats (no Windows or macOS machine here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCertificatesCommand, MACOS_KEYCHAINS } from '../../src-main/core/platform/darwin.ts';
import { LINUX_SYSTEM_BUNDLES, readFirstBundle } from '../../src-main/core/platform/linux.ts';
import { parseBase64Lines, readStoreCommand } from '../../src-main/core/platform/win32.ts';
import { splitBundle } from '../../src-main/core/certs/pem.ts';
import { FIXTURES } from '../helpers/cli.ts';

const ders = splitBundle(readFileSync(`${FIXTURES}certifi-2026.05.20.pem`)).ders.slice(0, 3);

describe('win32 store reader', () => {
  it('runs PowerShell without a profile, printing each certificate RawData as base64', () => {
    const cmd = readStoreCommand();
    expect(cmd.file).toBe('powershell.exe');
    expect(cmd.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(cmd.args[3]).toContain("@('Cert:\\LocalMachine\\Root','Cert:\\LocalMachine\\CA','Cert:\\CurrentUser\\Root')");
    expect(cmd.args[3]).toContain('[Convert]::ToBase64String($_.RawData)');
  });

  it('parses one base64 DER per line, CRLF, ignoring warnings and blank lines', () => {
    const out = ['WARNING: something localized here', ...ders.map((d) => d.toString('base64')), '', ''].join('\r\n');
    const parsed = parseBase64Lines(out);
    expect(parsed).toHaveLength(3);
    expect(parsed.every((d, i) => d.equals(ders[i]!))).toBe(true);
  });
});

describe('darwin store reader', () => {
  it('asks security(1) for every certificate of each keychain as PEM', () => {
    expect(MACOS_KEYCHAINS).toContain('/Library/Keychains/System.keychain');
    expect(findCertificatesCommand('/Library/Keychains/System.keychain')).toEqual({
      file: '/usr/bin/security',
      args: ['find-certificate', '-a', '-p', '/Library/Keychains/System.keychain'],
    });
  });

  it('parses the PEM that `security find-certificate -p` prints', () => {
    const out = ders.map((d) => `-----BEGIN CERTIFICATE-----\n${d.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`).join('');
    expect(splitBundle(Buffer.from(out)).ders).toHaveLength(3);
  });
});

describe('linux store reader', () => {
  it('reads the first distribution bundle that exists', async () => {
    expect(LINUX_SYSTEM_BUNDLES[0]).toBe('/etc/ssl/certs/ca-certificates.crt');
    const roots = await readFirstBundle(['/nonexistent/a.crt', `${FIXTURES}debian12-ca-certificates.crt`]);
    expect(roots.source).toBe(`${FIXTURES}debian12-ca-certificates.crt`);
    expect(roots.ders).toHaveLength(142);
  });

  it('says "none" when no candidate exists', async () => {
    expect(await readFirstBundle(['/nonexistent/a.crt'])).toEqual({ source: 'none', ders: [] });
  });
});
