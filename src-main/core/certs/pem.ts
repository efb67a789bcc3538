// Splits the bytes of a "bundle" into certificate DERs. Real files are messy: comments between
// blocks (certifi's "# Issuer:" lines), CRLF, a UTF-8 BOM, OpenSSL's TRUSTED CERTIFICATE blocks,
// a single DER certificate, keys or CRLs mixed in, a block cut short. Nothing here throws: what is
// not a certificate is counted under a reason, so a verdict can say what was skipped.
import { firstDerElement } from './der.ts';

export type SkipReason = 'not-a-certificate-block' | 'truncated-block' | 'bad-base64' | 'unparseable-certificate';

export type BundleFormat = 'pem' | 'der' | 'empty' | 'binary' | 'text';

export interface SplitResult {
  format: BundleFormat;
  ders: Buffer[];
  skipped: Partial<Record<SkipReason, number>>;
}

const BEGIN = '-----BEGIN ';
const DASHES = '-----';
const SNIFF_BYTES = 8192;

export function splitBundle(bytes: Buffer): SplitResult {
  const skipped: SplitResult['skipped'] = {};
  const skip = (reason: SkipReason): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  if (isBlank(body)) return { format: 'empty', ders: [], skipped };

  if (body.indexOf(BEGIN) < 0) {
    // No PEM armour: either one DER certificate or something else entirely.
    const der = firstDerElement(body);
    if (der) return { format: 'der', ders: [der], skipped };
    return { format: looksBinary(body) ? 'binary' : 'text', ders: [], skipped };
  }

  const text = body.toString('latin1');
  const ders: Buffer[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf(BEGIN, at);
    if (start < 0) break;
    const labelEnd = text.indexOf(DASHES, start + BEGIN.length);
    if (labelEnd < 0) {
      skip('truncated-block');
      break;
    }
    const label = text.slice(start + BEGIN.length, labelEnd);
    const endMarker = `-----END ${label}-----`;
    const end = /[\r\n]/.test(label) ? -1 : text.indexOf(endMarker, labelEnd + DASHES.length);
    // A block cut short and followed by more blocks (an append to a damaged file): the next BEGIN
    // before this block's END starts the next block; the cut one is counted, not merged into it.
    const next = text.indexOf(BEGIN, start + BEGIN.length);
    if (next >= 0 && (end < 0 || next < end)) {
      skip('truncated-block');
      at = next;
      continue;
    }
    if (end < 0) {
      skip('truncated-block');
      break;
    }
    at = end + endMarker.length;
    if (label !== 'CERTIFICATE' && label !== 'TRUSTED CERTIFICATE' && label !== 'X509 CERTIFICATE') {
      skip('not-a-certificate-block');
      continue;
    }
    const b64 = stripHeaders(text.slice(labelEnd + DASHES.length, end));
    if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) {
      skip('bad-base64');
      continue;
    }
    const decoded = Buffer.from(b64, 'base64');
    const der = firstDerElement(decoded);
    if (!der) {
      skip('bad-base64');
      continue;
    }
    ders.push(der);
  }
  return { format: ders.length > 0 || Object.keys(skipped).length > 0 ? 'pem' : 'text', ders, skipped };
}

/** RFC 1421 style headers ("Proc-Type: ...") may precede the base64; drop them. */
function stripHeaders(block: string): string {
  if (!block.includes(':')) return block;
  return block
    .split(/\r?\n/)
    .filter((line) => !line.includes(':'))
    .join('\n');
}

function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) odd++;
  }
  return odd > n / 20;
}

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}
