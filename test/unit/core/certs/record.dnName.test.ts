// A certificate's short name reads as written: Node's RFC 4514 escapes are undone (issue 15).
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { makeRecord, sha256Hex, unescapeDnValue } from '../../../../src-main/core/certs/record.ts';

describe('unescapeDnValue', () => {
  it('undoes \\c and \\XX escapes, and leaves the rest as it is', () => {
    expect(unescapeDnValue('Starfield Technologies\\, Inc.')).toBe('Starfield Technologies, Inc.');
    expect(unescapeDnValue('a\\+b\\=c\\"d\\\\e\\<f\\>g\\;h')).toBe('a+b=c"d\\e<f>g;h');
    expect(unescapeDnValue('\\E4\\B8\\AD\\E6\\96\\87 CA')).toBe('中文 CA');
    expect(unescapeDnValue('\\ leading space')).toBe(' leading space');
    expect(unescapeDnValue('Plain 名称')).toBe('Plain 名称');
  });
  it('a root whose name is its O (SECOM) reads without the backslash', () => {
    const pem = rootCertificates.find((p) =>
      new X509Certificate(p).subject.includes('O=SECOM Trust Systems CO.\\,LTD.\nOU=Security Communication RootCA2'),
    );
    expect(pem).toBeDefined();
    const cert = new X509Certificate(pem!);
    expect(makeRecord(cert, sha256Hex(cert.raw), cert.raw).name).toBe('SECOM Trust Systems CO.,LTD.');
  });
});
