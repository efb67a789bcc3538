// What a certificate block's text came to, remembered by the text itself. A machine's bundles hold
// the same roots again and again, written the same way (certifi's copies, the distribution's file,
// botocore's), so the 12 published bundles hold 1,637 blocks but only 217 distinct certificates:
// decoding the base64 and hashing the DER of the other 1,400 is work with a known answer. The text is
// compared in full, byte for byte, before an answer is reused, so a memo can only save time, never
// change a result; it is looked up by a cheap hash of a few sampled bytes.
import type { SkipReason } from './pem.ts';

/** What one certificate block came to (here, not in readBundle.ts, which imports the memo). */
export type Outcome = { readonly fingerprint: string } | { readonly skip: SkipReason };

interface Memo {
  /** The file the text was first met in, and where: a copy of each text would be fresh memory, which
   * costs more than the decoding it saves. The file is kept alive for it, within MAX_BYTES. */
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  readonly outcome: Outcome;
}

/** Texts that share a sampled hash (made alike on purpose): past this many, a text is not remembered,
 * so a lookup compares at most this many texts in full. */
const BUCKET = 4;
/** Bytes of files kept alive for the texts remembered, at most: a real machine's distinct bundles come
 * to a few MB (the 12 published ones: 2.8 MB); a flood of distinct files stops being remembered here. */
const MAX_BYTES = 16 * 1024 * 1024;
/** Bytes sampled for the hash: the middle and the end of the text (the end is the signature, which
 * differs between any two certificates). */
const SAMPLE = 32;

export class BodyMemo {
  private readonly byHash = new Map<number, Memo[]>();
  /** Files kept alive, each counted once. */
  private readonly files = new WeakSet<Buffer>();
  private bytes = 0;

  get(bytes: Buffer, start: number, end: number): Outcome | undefined {
    const bucket = this.byHash.get(sampledHash(bytes, start, end));
    if (!bucket) return undefined;
    const length = end - start;
    for (const m of bucket)
      if (m.end - m.start === length && bytes.compare(m.bytes, m.start, m.end, start, end) === 0) return m.outcome;
    return undefined;
  }

  set(bytes: Buffer, start: number, end: number, outcome: Outcome): void {
    const kept = this.files.has(bytes);
    if (!kept && this.bytes + bytes.length > MAX_BYTES) return;
    const key = sampledHash(bytes, start, end);
    let bucket = this.byHash.get(key);
    if (!bucket) this.byHash.set(key, (bucket = []));
    if (bucket.length >= BUCKET) return;
    bucket.push({ bytes, start, end, outcome });
    if (kept) return;
    this.files.add(bytes);
    this.bytes += bytes.length;
  }
}

/** FNV-1a over the length and up to 2 × SAMPLE bytes of bytes[start, end). */
function sampledHash(bytes: Buffer, start: number, end: number): number {
  let h = Math.imul(0x811c9dc5 ^ (end - start), 0x01000193);
  const middle = start + ((end - start) >> 1);
  h = mix(h, bytes, middle, Math.min(end, middle + SAMPLE));
  h = mix(h, bytes, Math.max(start, end - SAMPLE), end);
  return h;
}

function mix(hash: number, bytes: Buffer, from: number, to: number): number {
  let h = hash;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}
