// Issue 14: the Windows store read says where each certificate sits. Python's ssl merges the CA and
// ROOT stores of every location, group policy and enterprise included (CPython's
// ssl_collect_certificates); PowerShell's Cert: drive shows only the logical stores, so the policy
// roots are read from the registry by `reg query KEY /s`: a REG_BINARY "Blob" per certificate, a
// serialized certificate whose property 32 is the DER ([MS-GPEF] 2.2.1.1.1). Before this change the
// read was one untagged list and the policy stores were never read. Outputs here are in the
// documented formats, built from real certificates of the certifi fixture.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { regQueryValue } from '../../../../src-main/core/platform/readBack.ts';
import type { CommandSpec } from '../../../../src-main/core/platform/types.ts';
import {
  parseCertBlob,
  parsePolicyStores,
  parseTaggedLines,
  policyQueryCommand,
  readWindowsStores,
  taggedStoreCommand,
} from '../../../../src-main/core/platform/winStores.ts';
import { FIXTURES } from '../../../helpers/cli.ts';

const ders = splitBundle(readFileSync(`${FIXTURES}certifi-2026.05.20.pem`)).ders.slice(0, 4);
const sha1 = (der: Buffer): string => createHash('sha1').update(der).digest('hex').toUpperCase();

/** One serialized property: DWORD id, DWORD 1 (encoding), DWORD length, bytes (little-endian). */
function prop(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(id, 0);
  head.writeUInt32LE(1, 4);
  head.writeUInt32LE(value.length, 8);
  return Buffer.concat([head, value]);
}

/** A Blob as CryptoAPI writes it: properties first (SHA-1 hash 3, friendly name 11 in UTF-16LE), the certificate (32) last. */
export function certBlob(der: Buffer, friendlyName = 'Test Root'): Buffer {
  return Buffer.concat([
    prop(3, Buffer.from(sha1(der), 'hex')),
    prop(11, Buffer.from(`${friendlyName}\0`, 'utf16le')),
    prop(32, der),
  ]);
}

/** `reg query KEY /s` as Windows prints it (CRLF; a blank line, each key's full name, its values). */
export function regQueryOutput(root: string, stores: Array<{ store: string; der: Buffer; blob?: Buffer }>): string {
  const lines = ['', root, ''];
  for (const s of stores) {
    lines.push(`${root}\\${s.store}`, '', `${root}\\${s.store}\\Certificates`, '');
    lines.push(
      `${root}\\${s.store}\\Certificates\\${sha1(s.der)}`,
      `    Blob    REG_BINARY    ${(s.blob ?? certBlob(s.der)).toString('hex').toUpperCase()}`,
      '',
    );
    lines.push(`${root}\\${s.store}\\CRLs`, '', `${root}\\${s.store}\\CTLs`, '');
  }
  return lines.join('\r\n');
}

const GP = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates';

describe('the registry Blob of a policy root', () => {
  it('gives the DER of property 32 after the other properties', () => {
    expect(parseCertBlob(certBlob(ders[0]!))!.equals(ders[0]!)).toBe(true);
  });
  it('gives nothing for a truncated blob or one without the certificate property', () => {
    const blob = certBlob(ders[0]!);
    expect(parseCertBlob(blob.subarray(0, blob.length - 10))).toBeNull();
    expect(parseCertBlob(prop(3, Buffer.alloc(20)))).toBeNull();
  });
});

describe('reg query /s of the policy keys', () => {
  it('reads Root and CA certificates with their store, and leaves Disallowed out', () => {
    const out = regQueryOutput(GP, [
      { store: 'Root', der: ders[0]! },
      { store: 'CA', der: ders[1]! },
      { store: 'Disallowed', der: ders[2]! },
    ]);
    const placed = parsePolicyStores(out, 'MachineGroupPolicy');
    expect(placed.map((p) => [sha1(p.der), p.origin])).toEqual([
      [sha1(ders[0]!), { location: 'MachineGroupPolicy', store: 'Root' }],
      [sha1(ders[1]!), { location: 'MachineGroupPolicy', store: 'CA' }],
    ]);
  });
  it("reads the real output of Wine's reg.exe (misc/reg-query-policy-wine.txt)", () => {
    const out = readFileSync(`${FIXTURES}../misc/reg-query-policy-wine.txt`, 'utf8');
    expect(out).toContain('\r\n    Blob    REG_BINARY    0300000001000000');
    const placed = parsePolicyStores(out, 'MachineGroupPolicy');
    expect(placed.map((p) => [sha1(p.der), p.origin.store])).toEqual([
      [sha1(ders[1]!), 'CA'],
      [sha1(ders[0]!), 'Root'],
    ]);
    expect(placed[1]!.der.equals(ders[0]!)).toBe(true);
  });
  it('skips a Blob that is not the certificate its key names (SHA-1 thumbprint)', () => {
    const out = regQueryOutput(GP, [{ store: 'Root', der: ders[0]!, blob: certBlob(ders[1]!) }]);
    expect(parsePolicyStores(out, 'MachineGroupPolicy')).toEqual([]);
  });
  it('runs reg.exe with the key and /s, and still reads HKCU\\Environment values as before', () => {
    expect(policyQueryCommand('HKLM\\SOFTWARE\\Microsoft\\EnterpriseCertificates')).toEqual({
      file: 'reg.exe',
      args: ['query', 'HKLM\\SOFTWARE\\Microsoft\\EnterpriseCertificates', '/s'],
    });
    expect(
      regQueryValue('\r\nHKEY_CURRENT_USER\\Environment\r\n    SSL_CERT_FILE    REG_SZ    C:\\ca.pem\r\n\r\n'),
    ).toBe('C:\\ca.pem');
  });
});

describe('PowerShell, one tagged line per certificate', () => {
  it('prints each store path, a tab and RawData as base64, for the four stores Python reads', () => {
    const cmd = taggedStoreCommand();
    expect(cmd.file).toBe('powershell.exe');
    expect(cmd.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(cmd.args[3]).toContain(
      "@('Cert:\\LocalMachine\\Root','Cert:\\LocalMachine\\CA','Cert:\\CurrentUser\\Root','Cert:\\CurrentUser\\CA')",
    );
    expect(cmd.args[3]).toContain('$s + [char]9 + [Convert]::ToBase64String($_.RawData)');
  });
  it('parses the lines back with their store, ignoring warnings', () => {
    const out = [
      'WARNING: localized text',
      `Cert:\\LocalMachine\\Root\t${ders[0]!.toString('base64')}`,
      `Cert:\\LocalMachine\\CA\t${ders[1]!.toString('base64')}`,
      '',
    ].join('\r\n');
    expect(parseTaggedLines(out).map((p) => [sha1(p.der), p.origin])).toEqual([
      [sha1(ders[0]!), { location: 'LocalMachine', store: 'Root' }],
      [sha1(ders[1]!), { location: 'LocalMachine', store: 'CA' }],
    ]);
  });
});

describe('the whole read', () => {
  it('joins the logical stores, the three policy keys and what Node read natively', async () => {
    const ran: CommandSpec[] = [];
    const run = async (cmd: CommandSpec): Promise<string> => {
      ran.push(cmd);
      if (cmd.file === 'powershell.exe') return `Cert:\\CurrentUser\\Root\t${ders[0]!.toString('base64')}\r\n`;
      if (cmd.args[1] === 'HKLM\\SOFTWARE\\Microsoft\\EnterpriseCertificates')
        return regQueryOutput('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\EnterpriseCertificates', [
          { store: 'Root', der: ders[2]! },
        ]);
      return ''; // reg query of a key that does not exist: exit 1, nothing read
    };
    const roots = await readWindowsStores(run, [ders[3]!]);
    expect(ran.map((c) => [c.file, c.args[1]])).toEqual([
      ['powershell.exe', '-NonInteractive'],
      ['reg.exe', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates'],
      ['reg.exe', 'HKCU\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates'],
      ['reg.exe', 'HKLM\\SOFTWARE\\Microsoft\\EnterpriseCertificates'],
    ]);
    expect(roots.origins!.map((p) => [sha1(p.der), p.origin.location, p.origin.store])).toEqual([
      [sha1(ders[0]!), 'CurrentUser', 'Root'],
      [sha1(ders[2]!), 'Enterprise', 'Root'],
    ]);
    expect(roots.ders.map(sha1)).toEqual([ders[3]!, ders[0]!, ders[2]!].map(sha1));
  });
});
