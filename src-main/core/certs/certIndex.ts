// Every certificate seen in this process, once. A machine holds dozens of copies of the same certifi
// file and the same roots across files: the DER's SHA-256 is computed for each occurrence (cheap),
// the X509Certificate and its brief (what judging reads, record.ts) only for a fingerprint not seen
// before; the whole record only when asked for. Only the brief, the DER and records asked for are kept
// (about 2 KB): a parsed X509Certificate holds about 5 KB more, and a scan meets every
// distinct certificate on the disk, tens of thousands in files made to be big (measured: 8 files of
// 20,000 distinct certificates took 1.4 GB when each kept its X509Certificate). The few a check
// builds paths with are parsed again when asked for, once each. A file given up half-way (too slow
// to judge) takes back the certificates only it brought (`forget`), so a flood of files made of
// distinct certificates leaves nothing behind.
import { X509Certificate } from 'node:crypto';
import { completeRecord, makeBrief, sha256Hex, type CertBrief, type CertRecord } from './record.ts';

export interface IndexedCert {
  /** What judging reads, made when indexed. */
  readonly brief: CertBrief;
  /** Made on first use, then kept. */
  readonly record: CertRecord;
  /** Parsed on first use, then kept. */
  readonly x509: X509Certificate;
  readonly der: Buffer;
}

/** A parse that may still be given up: what it added to the index, in order. */
export interface Claim {
  added: string[];
}

class Entry implements IndexedCert {
  readonly brief: CertBrief;
  readonly der: Buffer;
  /** The claim that added it, until anything else meets it too; then it stays for good. */
  claim: Claim | undefined;
  private parsed: X509Certificate | undefined;
  private full: CertRecord | undefined;

  constructor(brief: CertBrief, der: Buffer, claim: Claim | undefined) {
    this.brief = brief;
    this.der = der;
    this.claim = claim;
  }

  /** The key's details, the issuer, the names and URLs of its extensions: read only when someone asks
   * (a check, a repair, the app's details), from a parse not kept unless `x509` was asked for too. */
  get record(): CertRecord {
    return (this.full ??= completeRecord(this.parsed ?? new X509Certificate(this.der), this.brief));
  }

  get x509(): X509Certificate {
    return (this.parsed ??= new X509Certificate(this.der));
  }
}

export class CertIndex {
  private readonly byFingerprint = new Map<string, Entry>();

  /** Adds a DER certificate; returns its fingerprint, or undefined when it does not parse. With a
   * claim, a new certificate can be taken back by `forget` while no one else has met it. */
  add(der: Buffer, claim?: Claim): string | undefined {
    const fingerprint = sha256Hex(der);
    const known = this.byFingerprint.get(fingerprint);
    if (known) {
      if (known.claim !== claim) known.claim = undefined;
      return fingerprint;
    }
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(der);
    } catch {
      return undefined;
    }
    this.byFingerprint.set(fingerprint, new Entry(makeBrief(x509, fingerprint, der), Buffer.from(der), claim));
    claim?.added.push(fingerprint);
    return fingerprint;
  }

  /** Whether the certificate is indexed: the same bookkeeping as `add` for one met again, without its
   * DER (the reader knows the fingerprint of a block's text it has met before). */
  meet(fingerprint: string, claim?: Claim): boolean {
    const known = this.byFingerprint.get(fingerprint);
    if (!known) return false;
    if (known.claim !== claim) known.claim = undefined;
    return true;
  }

  /** What `claim` added stays for good (its parse finished). */
  keep(claim: Claim): void {
    for (const fp of claim.added) {
      const entry = this.byFingerprint.get(fp);
      if (entry?.claim === claim) entry.claim = undefined;
    }
    claim.added.length = 0;
  }

  /** Takes back what `claim` added that nothing else has met since (its parse was given up). */
  forget(claim: Claim): void {
    for (const fp of claim.added) if (this.byFingerprint.get(fp)?.claim === claim) this.byFingerprint.delete(fp);
    claim.added.length = 0;
  }

  get(fingerprint: string): IndexedCert | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  record(fingerprint: string): CertRecord {
    return this.entry(fingerprint).record;
  }

  /** What judging reads of an indexed certificate (cheaper than its whole record). */
  brief(fingerprint: string): CertBrief {
    return this.entry(fingerprint).brief;
  }

  private entry(fingerprint: string): Entry {
    const found = this.byFingerprint.get(fingerprint);
    if (!found) throw new Error(`certificate ${fingerprint} is not indexed`);
    return found;
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
