// Just enough DER to cut one certificate out of a longer buffer (OpenSSL's TRUSTED CERTIFICATE
// blocks append trust settings after the certificate's SEQUENCE; a file may hold trailing bytes).

/** Length in bytes of the DER element at the start of `buf` (tag + length + content), or -1. */
export function derElementLength(buf: Uint8Array): number {
  if (buf.length < 2 || buf[0] !== 0x30) return -1; // a certificate is a SEQUENCE
  const first = buf[1]!;
  if (first < 0x80) return 2 + first <= buf.length ? 2 + first : -1;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || buf.length < 2 + octets) return -1;
  let len = 0;
  for (let i = 0; i < octets; i++) len = len * 256 + buf[2 + i]!;
  const total = 2 + octets + len;
  return total <= buf.length ? total : -1;
}

/** The first DER SEQUENCE in `buf`, or undefined when the bytes do not hold a whole one. */
export function firstDerElement(buf: Buffer): Buffer | undefined {
  const n = derElementLength(buf);
  return n > 0 ? buf.subarray(0, n) : undefined;
}

/** Header length and content length of the DER element at `offset`, or undefined. */
function header(buf: Uint8Array, offset: number): { tag: number; headerLength: number; length: number } | undefined {
  if (offset + 2 > buf.length) return undefined;
  const tag = buf[offset]!;
  const first = buf[offset + 1]!;
  if (first < 0x80) return { tag, headerLength: 2, length: first };
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || offset + 2 + octets > buf.length) return undefined;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + buf[offset + 2 + i]!;
  return { tag, headerLength: 2 + octets, length };
}

/**
 * The SubjectPublicKeyInfo bytes of a certificate, cut straight from its DER (RFC 5280 4.1:
 * tbsCertificate = [0] version?, serial, signature, issuer, validity, subject, subjectPublicKeyInfo).
 * Cheaper than exporting the key object, which matters when thousands of roots are indexed.
 */
export function spkiOf(cert: Uint8Array): Uint8Array | undefined {
  const outer = header(cert, 0);
  if (!outer) return undefined;
  const tbs = header(cert, outer.headerLength);
  if (!tbs) return undefined;
  let at = outer.headerLength + tbs.headerLength;
  const first = header(cert, at);
  if (!first) return undefined;
  let skip = first.tag === 0xa0 ? 6 : 5; // version is optional; then serial..subject
  while (skip-- > 0) {
    const h = header(cert, at);
    if (!h) return undefined;
    at += h.headerLength + h.length;
  }
  const spki = header(cert, at);
  if (!spki || spki.tag !== 0x30) return undefined;
  return cert.subarray(at, at + spki.headerLength + spki.length);
}
