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
