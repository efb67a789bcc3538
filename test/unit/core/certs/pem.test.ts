import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { CertIndex } from '../../../../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../../../../src-main/core/certs/readBundle.ts';
import { FIXTURES } from '../../../helpers/cli.ts';

const misc = (name: string): Buffer => readFileSync(new URL(`../../../fixtures/misc/${name}`, import.meta.url));
const certifi = readFileSync(`${FIXTURES}certifi-2026.05.20.pem`);
const firstBlock = certifi.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];

describe('splitBundle', () => {
  it('reads every certificate of a real certifi bundle, ignoring its comments', () => {
    const r = splitBundle(certifi);
    expect(r.format).toBe('pem');
    expect(r.ders).toHaveLength(119);
    expect(r.skipped).toEqual({});
  });

  it('accepts CRLF line ends and a UTF-8 BOM', () => {
    const crlf = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`# comment\r\n${firstBlock.replace(/\n/g, '\r\n')}\r\n\r\n`),
    ]);
    const r = splitBundle(crlf);
    expect(r.ders).toHaveLength(1);
    expect(r.ders[0]!.equals(splitBundle(Buffer.from(firstBlock)).ders[0]!)).toBe(true);
  });

  it('reads OpenSSL TRUSTED CERTIFICATE blocks, dropping the trust settings after the certificate', () => {
    const r = splitBundle(misc('trusted-certificate.pem'));
    expect(r.ders).toHaveLength(1);
    expect(r.ders[0]!.equals(misc('single-root.der'))).toBe(true);
  });

  it('reads a single DER certificate', () => {
    const r = splitBundle(misc('single-root.der'));
    expect(r.format).toBe('der');
    expect(r.ders).toHaveLength(1);
  });

  it('counts what it skips: keys, truncated blocks, bad base64', () => {
    const text = [
      firstBlock,
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      '-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----',
      '-----BEGIN CERTIFICATE-----\nMIIB',
    ].join('\n');
    const r = splitBundle(Buffer.from(text));
    expect(r.ders).toHaveLength(1);
    expect(r.skipped).toEqual({ 'not-a-certificate-block': 1, 'bad-base64': 1, 'truncated-block': 1 });
  });

  it('splits a file past 16 MB (searched as bytes, not copied into a string) exactly as a small one', () => {
    const mixed = Buffer.from(
      [
        '# comment',
        firstBlock,
        '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        '-----BEGIN CERTIFICATE-----\nMIIB',
        '-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----',
        certifi.toString('latin1'),
        '-----BEGIN X509 CRL-----\nAAAA',
      ].join('\n'),
      'latin1',
    );
    const small = splitBundle(mixed);
    const big = splitBundle(Buffer.concat([Buffer.alloc(17 * 1024 * 1024, '#'), Buffer.from('\n'), mixed]));
    expect(small.ders).toHaveLength(120);
    expect(big.format).toBe(small.format);
    expect(big.skipped).toEqual(small.skipped);
    expect(big.ders.map((d) => d.toString('hex'))).toEqual(small.ders.map((d) => d.toString('hex')));
  });

  it('tells empty, binary and plain-text files apart', () => {
    expect(splitBundle(Buffer.from('  \n\n')).format).toBe('empty');
    expect(splitBundle(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0])).format).toBe(
      'binary',
    );
    expect(splitBundle(Buffer.from('hello, this is a text file\n')).format).toBe('text');
  });
});

describe('BundleReader', () => {
  it('parses identical content once and shares certificate records across files', () => {
    const index = new CertIndex();
    const reader = new BundleReader(index);
    const a = reader.parse(certifi);
    const b = reader.parse(Buffer.from(certifi));
    expect(b).toBe(a);
    const older = reader.parse(readFileSync(`${FIXTURES}certifi-2024.08.30.pem`));
    // 151 + 119 certificates, but roots common to both are indexed once.
    expect(index.size).toBeLessThan(a.fingerprints.length + older.fingerprints.length);
    expect(index.size).toBe(new Set([...a.fingerprints, ...older.fingerprints]).size);
  });

  it('makes plain records with fingerprint, names, validity, key and CA flag (RSA and EC alike)', () => {
    const index = new CertIndex();
    const parsed = new BundleReader(index).parse(certifi);
    const records = parsed.fingerprints.map((fp) => index.record(fp));
    expect(records.every((r) => /^[0-9a-f]{64}$/.test(r.fingerprint) && r.isCA && r.selfIssued)).toBe(true);
    const keyTypes = new Set(records.map((r) => r.keyType));
    expect(keyTypes).toEqual(new Set(['rsa', 'ec']));
    const isrg = records.find((r) => r.name === 'ISRG Root X1')!;
    expect(isrg).toMatchObject({ keyType: 'rsa', keyBits: 4096, notAfter: '2035-06-04T11:04:38.000Z' });
    expect(isrg.subject).toBe('CN=ISRG Root X1, O=Internet Security Research Group, C=US');
    expect(JSON.parse(JSON.stringify(isrg))).toEqual(isrg);
  });

  it('reads SANs and AIA caIssuers URLs of a server certificate', () => {
    const index = new CertIndex();
    const fp = index.add(splitBundle(misc('leaf-only.pem')).ders[0]!)!;
    expect(index.record(fp)).toMatchObject({ isCA: false, keyType: 'ec', curve: 'prime256v1', name: 'leaf.test' });
  });
});
