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

/** Old bytes, a newline if the file did not end with one, then the new blocks. */
export function appendBlocks(old: Buffer, blocks: string[]): Buffer {
  if (blocks.length === 0) return old;
  const sep = old.length > 0 && old[old.length - 1] !== 0x0a ? '\n' : '';
  const lead = old.length > 0 ? '\n' : '';
  return Buffer.concat([old, Buffer.from(sep + lead + blocks.join('\n'), 'utf8')]);
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
