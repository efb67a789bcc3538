// Every certificate seen in this process, once. A machine holds dozens of copies of the same certifi
// file and the same roots across files: the DER's SHA-256 is computed for each occurrence (cheap),
// the X509Certificate and its record only for a fingerprint not seen before.
import { X509Certificate } from 'node:crypto';
import { makeRecord, sha256Hex, type CertRecord } from './record.ts';

export interface IndexedCert {
  record: CertRecord;
  x509: X509Certificate;
  der: Buffer;
}

export class CertIndex {
  private readonly byFingerprint = new Map<string, IndexedCert>();

  /** Adds a DER certificate; returns its fingerprint, or undefined when it does not parse. */
  add(der: Buffer): string | undefined {
    const fingerprint = sha256Hex(der);
    if (this.byFingerprint.has(fingerprint)) return fingerprint;
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(der);
    } catch {
      return undefined;
    }
    this.byFingerprint.set(fingerprint, { record: makeRecord(x509, fingerprint, der), x509, der: Buffer.from(der) });
    return fingerprint;
  }

  get(fingerprint: string): IndexedCert | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  record(fingerprint: string): CertRecord {
    const found = this.byFingerprint.get(fingerprint);
    if (!found) throw new Error(`certificate ${fingerprint} is not indexed`);
    return found.record;
  }

  get size(): number {
    return this.byFingerprint.size;
  }
}

export function derToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
