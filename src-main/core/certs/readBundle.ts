// Reads one file as a bundle. Identical files (by content hash) are split and parsed once per
// process; a file that cannot be read becomes a result with a reason, never an exception.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
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
  /** Not a regular file (judged on the opened descriptor, never the path): nothing is read. */
  | 'device'
  | 'pipe'
  | 'socket'
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

  /**
   * Reads only a regular file, and at most MAX_BUNDLE_BYTES of it. The file is opened without blocking
   * (a FIFO would otherwise wait forever for a writer) and the opened descriptor is checked, not the
   * path: a device such as /dev/zero reports size 0 and never ends, and a path can be swapped between a
   * stat and an open. The bytes read are capped too, since a file can grow while it is read.
   */
  async read(path: string): Promise<BundleReadResult> {
    let handle: FileHandle | undefined;
    try {
      // O_NONBLOCK is 0 where the OS has no such flag (Windows, where no FIFO can be opened this way).
      handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      const info = await handle.stat();
      if (info.isDirectory()) return { ok: false, failure: 'is-a-directory', detail: path };
      if (!info.isFile()) return { ok: false, failure: info.isFIFO() ? 'pipe' : info.isSocket() ? 'socket' : 'device', detail: path };
      if (info.size > MAX_BUNDLE_BYTES) return { ok: false, failure: 'too-large', detail: String(info.size) };
      const bytes = await readCapped(handle, info.size);
      if (!bytes) return { ok: false, failure: 'too-large', detail: `> ${MAX_BUNDLE_BYTES}` };
      return { ok: true, bundle: this.parse(bytes) };
    } catch (error) {
      return { ok: false, ...classifyFsError(error) };
    } finally {
      await handle?.close().catch(() => undefined);
    }
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

/** The whole file, or null when it holds more than MAX_BUNDLE_BYTES (it grew after the size was read). */
async function readCapped(handle: FileHandle, sizeHint: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const want = Math.min(Math.max(sizeHint - total, 64 * 1024), MAX_BUNDLE_BYTES + 1 - total);
    const chunk = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(chunk, 0, want, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > MAX_BUNDLE_BYTES) return null;
  }
  return Buffer.concat(chunks, total);
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
    case 'ENXIO':
      // open(2) on a Unix socket (and on a FIFO opened for writing with no reader) says ENXIO.
      return { failure: 'socket', detail };
    default:
      return { failure: 'io-error', detail };
  }
}
