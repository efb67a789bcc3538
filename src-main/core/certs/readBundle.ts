// Reads one file as a bundle. Identical files (by content hash) are split and parsed once per
// process; a file that cannot be read becomes a result with a reason, never an exception.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { CertIndex } from './certIndex.ts';
import { splitBundle, type BundleFormat, type SkipReason } from './pem.ts';

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

export type ReadFailure =
  | 'not-found'
  | 'permission-denied'
  | 'is-a-directory'
  | 'symlink-loop'
  | 'too-large'
  | 'io-error';

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

  async read(path: string): Promise<BundleReadResult> {
    let bytes: Buffer;
    try {
      const info = await stat(path);
      if (info.isDirectory()) return { ok: false, failure: 'is-a-directory', detail: path };
      if (info.size > MAX_BUNDLE_BYTES) return { ok: false, failure: 'too-large', detail: String(info.size) };
      bytes = await readFile(path);
    } catch (error) {
      return { ok: false, ...classifyFsError(error) };
    }
    return { ok: true, bundle: this.parse(bytes) };
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

export function classifyFsError(error: unknown): { failure: ReadFailure; detail: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { failure: 'not-found', detail };
    case 'EACCES':
    case 'EPERM':
      return { failure: 'permission-denied', detail };
    case 'EISDIR':
      return { failure: 'is-a-directory', detail };
    case 'ELOOP':
      return { failure: 'symlink-loop', detail };
    default:
      return { failure: 'io-error', detail };
  }
}
