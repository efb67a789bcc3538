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

const BEGIN = Buffer.from('-----BEGIN ', 'latin1');
const DASHES = Buffer.from('-----', 'latin1');
const SNIFF_BYTES = 8192;

/** A certificate block's text between its BEGIN and END lines, as offsets into the bytes split:
 * decodeBody() makes it a DER. Kept apart so a caller that has met the same text before (the bundle
 * reader: the same roots in every bundle) can skip decoding and hashing it again. */
export interface PemBody {
  start: number;
  end: number;
}

export function splitBundle(bytes: Buffer): SplitResult {
  const ders: Buffer[] = [];
  const skipped: SplitResult['skipped'] = {};
  const steps = splitSteps(bytes);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return { format: step.value, ders, skipped };
    if (typeof step.value === 'string') skipped[step.value] = (skipped[step.value] ?? 0) + 1;
    else ders.push(step.value);
  }
}

/**
 * The same split one block at a time: yields each certificate's DER, or the reason a block was
 * skipped, and returns the format. A caller can stop between blocks (a time budget, a cancel): a file
 * can be made of millions of blocks.
 */
export function* splitSteps(bytes: Buffer): Generator<Buffer | SkipReason, BundleFormat> {
  const blocks = blockSteps(bytes);
  for (;;) {
    const step = blocks.next();
    if (step.done) return step.value;
    const v = step.value;
    yield typeof v === 'string' || Buffer.isBuffer(v) ? v : decodeBody(bytes, v.start, v.end);
  }
}

/**
 * The split without the decoding: yields a certificate block as the place of its text (PemBody), a
 * lone DER certificate as itself, or the reason a block was skipped; returns the format.
 *
 * The file is searched as bytes: a copy of it as text (what this did before) is a fresh string as
 * big as the file for every file, and fresh memory is what costs most on a busy machine. Each marker
 * is searched for at most once past any point (Finder), so a file of BEGIN lines that never end is
 * one pass, not a search of the rest of the file per block.
 */
export function* blockSteps(bytes: Buffer): Generator<Buffer | SkipReason | PemBody, BundleFormat> {
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  if (isBlank(body)) return 'empty';

  const begins = new Finder(body, BEGIN);
  if (begins.find(0) < 0) {
    // No PEM armour: either one DER certificate or something else entirely.
    const der = firstDerElement(body);
    if (der) {
      yield der;
      return 'der';
    }
    return looksBinary(body) ? 'binary' : 'text';
  }

  const base = bytes.length - body.length;
  const dashes = new Finder(body, DASHES);
  const ends = new EndFinders(body);
  let blocks = 0;
  let at = 0;
  for (;;) {
    const start = begins.find(at);
    if (start < 0) break;
    blocks++;
    const labelStart = start + BEGIN.length;
    const labelEnd = dashes.find(labelStart);
    if (labelEnd < 0) {
      yield 'truncated-block';
      break;
    }
    const label = labelOf(body, labelStart, labelEnd);
    const next = begins.find(labelStart);
    // This block's END counts only up to the next block (plus the marker's length, should they
    // touch): the END of a later block is not this one's.
    const endMarker = /[\r\n]/.test(label) ? undefined : ends.of(label);
    const end = endMarker
      ? endMarker.find(labelEnd + DASHES.length, next < 0 ? undefined : next + endMarker.length)
      : -1;
    // A block cut short and followed by more blocks (an append to a damaged file): the next BEGIN
    // before this block's END starts the next block; the cut one is counted, not merged into it.
    if (next >= 0 && (end < 0 || next < end)) {
      yield 'truncated-block';
      at = next;
      continue;
    }
    if (end < 0) {
      yield 'truncated-block';
      break;
    }
    at = end + endMarker!.length;
    if (label !== 'CERTIFICATE' && label !== 'TRUSTED CERTIFICATE' && label !== 'X509 CERTIFICATE') {
      yield 'not-a-certificate-block';
      continue;
    }
    yield { start: base + labelEnd + DASHES.length, end: base + end };
  }
  return blocks > 0 ? 'pem' : 'text';
}

/** The DER of a certificate block's text (bytes[start, end)), or why it is not one. */
export function decodeBody(bytes: Buffer, start: number, end: number): Buffer | SkipReason {
  const b64 = stripHeaders(bytes.toString('latin1', start, end));
  if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) return 'bad-base64';
  return firstDerElement(Buffer.from(b64, 'base64')) ?? 'bad-base64';
}

const CERTIFICATE = Buffer.from('CERTIFICATE', 'latin1');

/** The label between BEGIN and its dashes; the usual one without making a new string. */
function labelOf(bytes: Buffer, start: number, end: number): string {
  if (end - start === CERTIFICATE.length && bytes.compare(CERTIFICATE, 0, CERTIFICATE.length, start, end) === 0)
    return 'CERTIFICATE';
  return bytes.toString('latin1', start, end);
}

/**
 * Searches `bytes` for one needle from points that only move forward, remembering the last answer:
 * the first occurrence at or after `from` is also the first at or after any later point up to it, and
 * none after `from` means none after any later point. So each stretch of the file is searched for a
 * needle about once, however many blocks ask.
 */
class Finder {
  readonly length: number;
  private readonly bytes: Buffer;
  private readonly needle: Buffer;
  private from = -1;
  private found = -1;

  constructor(bytes: Buffer, needle: Buffer) {
    this.bytes = bytes;
    this.needle = needle;
    this.length = needle.length;
  }

  /** The first occurrence that starts at or after `from` and ends by `limit` (when given), or -1. */
  find(from: number, limit?: number): number {
    if (!(this.from >= 0 && from >= this.from && (this.found < 0 || this.found >= from))) {
      this.from = from;
      this.found = this.bytes.indexOf(this.needle, from);
    }
    const found = this.found;
    return found >= 0 && (limit === undefined || found + this.length <= limit) ? found : -1;
  }
}

/** A Finder per END marker. Labels come from the file: past a few, a marker is searched for within
 * its bounds only (no memory of answers, so no unbounded search either). */
class EndFinders {
  private readonly byLabel = new Map<string, Finder>();
  private readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }

  of(label: string): Finder | BoundedFinder {
    const known = this.byLabel.get(label);
    if (known) return known;
    const needle = Buffer.from(`-----END ${label}-----`, 'latin1');
    if (this.byLabel.size >= 32 || label.length > 64) return new BoundedFinder(this.bytes, needle);
    const finder = new Finder(this.bytes, needle);
    this.byLabel.set(label, finder);
    return finder;
  }
}

class BoundedFinder {
  readonly length: number;
  private readonly bytes: Buffer;
  private readonly needle: Buffer;
  constructor(bytes: Buffer, needle: Buffer) {
    this.bytes = bytes;
    this.needle = needle;
    this.length = needle.length;
  }

  find(from: number, limit?: number): number {
    if (limit === undefined || limit >= this.bytes.length) return this.bytes.indexOf(this.needle, from);
    if (limit - from < this.needle.length) return -1;
    return this.bytes.subarray(0, limit).indexOf(this.needle, from);
  }
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
