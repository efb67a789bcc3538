// The text TrustFix writes into bundles. Added certificates sit in marked blocks (who, when, why) so a
// refresh can keep them and a person reading the file can tell them apart from the publisher's.
// The rest of the file is kept byte for byte: an append only adds at the end.
import { derToPem, type CertIndex } from '../certs/certIndex.ts';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';

export const BLOCK_START = '# ---- TrustFix: begin added certificate ----';
export const BLOCK_END = '# ---- TrustFix: end added certificate ----';

export interface AddedBy {
  who: string;
  when: string;
  why: string;
}

/** One marked block for one certificate; header lines are comments any PEM reader skips. */
export function markedBlock(der: Buffer, index: CertIndex, by: AddedBy): string {
  const fp = index.add(der);
  const r = fp ? index.record(fp) : undefined;
  const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');
  return [
    BLOCK_START,
    `# added-by: ${oneLine(by.who)}`,
    `# added-at: ${by.when}`,
    `# why: ${oneLine(by.why)}`,
    `# subject: ${oneLine(r?.subject ?? '?')}`,
    `# sha256: ${fp ?? sha256Hex(der)}`,
    derToPem(der).trimEnd(),
    BLOCK_END,
    '',
  ].join('\n');
}

/** The file's own line end: CRLF when most of its lines end so (a bundle saved on Windows). */
export function lineEndOf(bytes: Buffer): '\r\n' | '\n' {
  let lf = 0;
  let crlf = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) {
    lf++;
    if (i > 0 && bytes[i - 1] === 0x0d) crlf++;
  }
  return crlf * 2 > lf ? '\r\n' : '\n';
}

/**
 * Old bytes, a line end if the file did not end with one, then the new blocks, in the file's own
 * line ends. Nothing before is touched: a last block cut short stays as it is, byte for byte (the
 * PEM reader starts a new block at the next BEGIN line, so the added blocks parse on their own).
 */
export function appendBlocks(old: Buffer, blocks: string[]): Buffer {
  if (blocks.length === 0) return old;
  const eol = lineEndOf(old);
  const sep = old.length > 0 && old[old.length - 1] !== 0x0a ? '\n' : '';
  const lead = old.length > 0 ? '\n' : '';
  return Buffer.concat([old, Buffer.from((sep + lead + blocks.join('\n')).replace(/\r?\n/g, eol), 'utf8')]);
}

/** Fingerprints of the certificates inside TrustFix's marked blocks. */
export function markedFingerprints(bytes: Buffer): Set<string> {
  const text = bytes.toString('latin1');
  const out = new Set<string>();
  let at = 0;
  for (;;) {
    const start = text.indexOf(BLOCK_START, at);
    if (start < 0) break;
    const end = text.indexOf(BLOCK_END, start);
    if (end < 0) break;
    for (const der of splitBundle(Buffer.from(text.slice(start, end), 'latin1')).ders) out.add(sha256Hex(der));
    at = end + BLOCK_END.length;
  }
  return out;
}
