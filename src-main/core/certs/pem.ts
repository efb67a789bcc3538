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
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  if (isBlank(body)) return 'empty';

  if (body.indexOf(BEGIN) < 0) {
    // No PEM armour: either one DER certificate or something else entirely.
    const der = firstDerElement(body);
    if (der) {
      yield der;
      return 'der';
    }
    return looksBinary(body) ? 'binary' : 'text';
  }

  // A big file is searched as bytes, and only a block's own text is made into a string: a copy of
  // the whole file as text would hold it twice. A smaller one is searched as text, which is quicker
  // (a search of bytes is a call into C++; 150,000 cut blocks split in half the time as text).
  const text: Searchable = body.length <= TEXT_COPY_BYTES ? new TextView(body.toString('latin1')) : new Latin1View(body);
  let blocks = 0;
  let at = 0;
  for (;;) {
    const start = text.indexOf(BEGIN, at);
    if (start < 0) break;
    blocks++;
    const labelEnd = text.indexOf(DASHES, start + BEGIN.length);
    if (labelEnd < 0) {
      yield 'truncated-block';
      break;
    }
    const label = text.slice(start + BEGIN.length, labelEnd);
    const endMarker = `-----END ${label}-----`;
    const next = text.indexOf(BEGIN, start + BEGIN.length);
    // This block's END is looked for only up to the next block (plus the marker's length, should they
    // touch): a file of BEGIN lines that never end would otherwise search the rest of the file once
    // per block, quadratic, hours for a few megabytes.
    const end = /[\r\n]/.test(label) ? -1 : text.indexOf(endMarker, labelEnd + DASHES.length, next < 0 ? undefined : next + endMarker.length);
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
    at = end + endMarker.length;
    if (label !== 'CERTIFICATE' && label !== 'TRUSTED CERTIFICATE' && label !== 'X509 CERTIFICATE') {
      yield 'not-a-certificate-block';
      continue;
    }
    const b64 = stripHeaders(text.slice(labelEnd + DASHES.length, end));
    if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) {
      yield 'bad-base64';
      continue;
    }
    const der = firstDerElement(Buffer.from(b64, 'base64'));
    yield der ?? 'bad-base64';
  }
  return blocks > 0 ? 'pem' : 'text';
}

/** Past this size a PEM file is searched as bytes rather than copied into a string. */
const TEXT_COPY_BYTES = 16 * 1024 * 1024;

/** The few string operations the splitter needs. Offsets are the same either way: latin1 is one
 * byte, one character. */
interface Searchable {
  /** The first `search` at or after `from`, ending by `end` when given. */
  indexOf(search: string, from: number, end?: number): number;
  slice(start: number, end: number): string;
}

class TextView implements Searchable {
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  indexOf(search: string, from: number, end?: number): number {
    // A slice of a V8 string is a view: no copy.
    return (end === undefined ? this.text : this.text.slice(0, end)).indexOf(search, from);
  }
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}

class Latin1View implements Searchable {
  /** The markers searched for, as bytes: encoding one per search is slow. */
  private static readonly needles = new Map<string, Buffer>();
  private readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }
  indexOf(search: string, from: number, end?: number): number {
    let needle = Latin1View.needles.get(search);
    if (!needle) {
      needle = Buffer.from(search, 'latin1');
      // Labels come from the file: keep only a few short ones (the usual markers).
      if (Latin1View.needles.size < 32 && search.length <= 64) Latin1View.needles.set(search, needle);
    }
    if (end === undefined || end >= this.bytes.length) return this.bytes.indexOf(needle, from);
    if (end - from < needle.length) return -1;
    return this.bytes.subarray(0, end).indexOf(needle, from);
  }
  slice(start: number, end: number): string {
    return this.bytes.toString('latin1', start, end);
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
