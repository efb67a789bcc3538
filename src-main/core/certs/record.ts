// One certificate as a plain, JSON-able record. Parsed with node:crypto's X509Certificate, which
// reads RSA, EC and Ed25519 keys alike (node-forge does not read EC keys; see DESIGN.md).
import { hash, type X509Certificate } from 'node:crypto';
import { spkiOf } from './der.ts';

export interface CertRecord {
  /** SHA-256 of the DER, lowercase hex without separators: the identity used everywhere. */
  fingerprint: string;
  subject: string;
  issuer: string;
  /** A short human name: the subject's CN, else O, else OU, else the whole subject. */
  name: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  selfIssued: boolean;
  keyType: string;
  keyBits?: number;
  curve?: string;
  /** SHA-256 of the SubjectPublicKeyInfo: two issues of one root share it. */
  spkiFingerprint: string;
  subjectAltNames: string[];
  caIssuers: string[];
}

/** What judging a bundle reads of each certificate: made for every certificate indexed, so it takes
 * only what is cheap to read (no key object, no extensions but Basic Constraints). */
export interface CertBrief {
  fingerprint: string;
  subject: string;
  name: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  spkiFingerprint: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  // The one-shot hash: no Hash object per certificate (a scan hashes thousands).
  return hash('sha256', bytes);
}

export function makeBrief(cert: X509Certificate, fingerprint: string, der: Uint8Array): CertBrief {
  const subject = cert.subject;
  return {
    fingerprint,
    subject: readableName(subject),
    name: shortName(subject),
    notBefore: cert.validFromDate.toISOString(),
    notAfter: cert.validToDate.toISOString(),
    isCA: cert.ca,
    spkiFingerprint: sha256Hex(spkiOf(der) ?? cert.publicKey.export({ type: 'spki', format: 'der' })),
  };
}

export function makeRecord(cert: X509Certificate, fingerprint: string, der: Uint8Array): CertRecord {
  return completeRecord(cert, makeBrief(cert, fingerprint, der));
}

/** The whole record, from the brief made when the certificate was indexed and the rest read now. */
export function completeRecord(cert: X509Certificate, brief: CertBrief): CertRecord {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  return {
    fingerprint: brief.fingerprint,
    subject: brief.subject,
    issuer: readableName(cert.issuer),
    name: brief.name,
    serial: cert.serialNumber.toLowerCase(),
    notBefore: brief.notBefore,
    notAfter: brief.notAfter,
    isCA: brief.isCA,
    selfIssued: cert.subject === cert.issuer,
    keyType: key.asymmetricKeyType ?? 'unknown',
    ...(details.modulusLength !== undefined ? { keyBits: details.modulusLength } : {}),
    ...(details.namedCurve !== undefined ? { curve: details.namedCurve } : {}),
    spkiFingerprint: brief.spkiFingerprint,
    subjectAltNames: splitList(cert.subjectAltName),
    caIssuers: caIssuerUrls(cert.infoAccess),
  };
}

/** Node prints names one attribute per line, most significant first; show them on one line. */
export function readableName(multiLine: string): string {
  return multiLine
    .split('\n')
    .filter((l) => l.length > 0)
    .reverse()
    .join(', ');
}

/** The name a person reads: one attribute's value, so the RFC 4514 escapes Node prints (`\,` in
 * "Starfield Technologies\, Inc.", `\XX` bytes) are undone; they only keep a whole subject on one
 * line unambiguous. What is shown still goes through shown() (control characters escaped). */
export function shortName(multiLine: string): string {
  const attrs = new Map<string, string>();
  for (const line of multiLine.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !attrs.has(line.slice(0, eq))) attrs.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const value = attrs.get('CN') ?? attrs.get('O') ?? attrs.get('OU');
  return value === undefined ? readableName(multiLine) : unescapeDnValue(value);
}

/** One attribute value with its RFC 4514 escapes undone: `\c` is c, `\XX` a byte (UTF-8). */
export function unescapeDnValue(value: string): string {
  if (!value.includes('\\')) return value;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '\\' ? /^[0-9a-fA-F]{2}/.exec(value.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 2;
      continue;
    }
    if (value[i] === '\\' && i + 1 < value.length) i++;
    const point = value.codePointAt(i) ?? 0;
    if (point > 0xffff) i++;
    bytes.push(...encoder.encode(String.fromCodePoint(point)));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(', ')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** X509Certificate.infoAccess is text like "CA Issuers - URI:http://x/y.crt\nOCSP - URI:...". */
function caIssuerUrls(infoAccess: string | undefined): string[] {
  if (!infoAccess) return [];
  const urls: string[] = [];
  for (const line of infoAccess.split('\n')) {
    const m = /^CA Issuers - URI:(.+)$/.exec(line.trim());
    if (m?.[1]) urls.push(m[1]);
  }
  return urls;
}
