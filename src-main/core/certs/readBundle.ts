// Reads one file as a bundle. Identical files (by content hash) are split and parsed once per
// process; a file that cannot be read becomes a result with a reason, never an exception.
import { createHash } from 'node:crypto';
import type { CertIndex } from './certIndex.ts';
import { splitBundle, type BundleFormat, type SkipReason } from './pem.ts';
import { readRegularFile, type ReadFailure } from './regularFile.ts';

export interface ParsedBundle {
  contentHash: string;
  size: number;
  format: BundleFormat;
  /** Fingerprints in file order, duplicates within the file removed. */
  fingerprints: string[];
  /** Certificates that appear more than once in this file. */
  duplicates: number;
  skipped: Partial<Record<SkipReason, number>>;
}

export type { ReadFailure } from './regularFile.ts';

export type BundleReadResult =
  | { ok: true; bundle: ParsedBundle }
  | { ok: false; failure: ReadFailure; detail: string };

/** Real bundles are well under 1 MB; anything past this is not a CA list and is not read whole. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

export class BundleReader {
  private readonly byHash = new Map<string, ParsedBundle>();
  private parseMs = 0;

  private readonly index: CertIndex;

  constructor(index: CertIndex) {
    this.index = index;
  }

  get parseTimeMs(): number {
    return this.parseMs;
  }

  /** Reads only a regular file, and at most MAX_BUNDLE_BYTES of it (see regularFile.ts for why). */
  async read(path: string): Promise<BundleReadResult> {
    const read = await readRegularFile(path, { maxBytes: MAX_BUNDLE_BYTES });
    return read.ok ? { ok: true, bundle: this.parse(read.bytes) } : read;
  }

  parse(bytes: Buffer): ParsedBundle {
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    const known = this.byHash.get(contentHash);
    if (known) return known;
    const started = performance.now();
    const split = splitBundle(bytes);
    const skipped = { ...split.skipped };
    const seen = new Set<string>();
    const fingerprints: string[] = [];
    let duplicates = 0;
    for (const der of split.ders) {
      const fp = this.index.add(der);
      if (!fp) {
        skipped['unparseable-certificate'] = (skipped['unparseable-certificate'] ?? 0) + 1;
        continue;
      }
      if (seen.has(fp)) {
        duplicates++;
        continue;
      }
      seen.add(fp);
      fingerprints.push(fp);
    }
    const parsed: ParsedBundle = { contentHash, size: bytes.length, format: split.format, fingerprints, duplicates, skipped };
    this.byHash.set(contentHash, parsed);
    this.parseMs += performance.now() - started;
    return parsed;
  }
}
