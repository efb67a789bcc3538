// Judging one file with the scan cache: when the file is the same file as when an earlier scan read it
// (stat: device, inode, size, mtime and ctime, to the nanosecond) its parse is taken from the cache
// and judged now against this run's reference and date; anything else (changed, new, not a regular
// file, unreadable) is read and parsed as usual, and a clean read is recorded for the next scan.
// A file changed within the timestamps' resolution of its read could keep all five: as git does with
// "racily clean" entries, such an entry is not trusted, and the file is read again.
import { stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import type { TrustContext } from '../../context.ts';
import type { ParsedBundle } from '../../certs/readBundle.ts';
import { placeOf, unreadVerdict, verdictOf, type BundleVerdict } from '../verdict.ts';
import type { ContentEntry, FileEntry, FileIdentity, ScanCacheData } from './cacheShape.ts';

/** How long after a read a change could share its timestamps: Linux stamps files from a clock that
 * ticks every few milliseconds; whole-second stamps (FAT, HFS+, some network shares) need two seconds. */
const FINE_MARGIN_MS = 50;
const COARSE_MARGIN_MS = 2000;

const NS = 1_000_000n;

/** A file no scan has met for this long is forgotten (its folder was a --root once, say). */
const FORGET_AFTER_MS = 30 * 24 * 3600 * 1000;

export function identityOf(s: BigIntStats): FileIdentity {
  return {
    dev: String(s.dev),
    ino: String(s.ino),
    size: String(s.size),
    mtimeNs: String(s.mtimeNs),
    ctimeNs: String(s.ctimeNs),
  };
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** Whether a change made after `readAt` could still show the stamps the file had then. */
function racy(id: FileIdentity, readAt: number): boolean {
  const m = BigInt(id.mtimeNs);
  const c = BigInt(id.ctimeNs);
  const coarse = m % 1_000_000_000n === 0n && c % 1_000_000_000n === 0n;
  const changed = Number((m > c ? m : c) / NS);
  return changed + (coarse ? COARSE_MARGIN_MS : FINE_MARGIN_MS) >= readAt;
}

const stats = (path: string): Promise<BigIntStats | undefined> => stat(path, { bigint: true }).catch(() => undefined);

export class CachedJudge {
  private readonly old: ScanCacheData;
  /** What this scan learnt, for the next one: files met (kept or new) and the contents they need. */
  readonly files = new Map<string, FileEntry>();
  readonly newContents = new Map<string, ParsedBundle>();
  private readonly restored = new Map<string, ParsedBundle | null>();
  private readonly certFps = new Map<number, string | null>();
  /** Paths this scan met whose cached entry no longer held. */
  private readonly metButChanged = new Set<string>();
  reused = 0;
  read = 0;
  /** Whether this scan learnt or forgot anything (else the cache file need not be written again). */
  changed = false;

  constructor(old: ScanCacheData) {
    this.old = old;
  }

  /** For scanPaths.judgeFiles: the same verdict judgeFile gives, from the cache when the file is unchanged. */
  readonly judge = async (path: string, ctx: TrustContext, signal?: AbortSignal): Promise<BundleVerdict> => {
    const now = Date.now();
    const [before, place] = await Promise.all([stats(path), placeOf(path)]);
    const id = before?.isFile() ? identityOf(before) : undefined;
    const entry = Object.hasOwn(this.old.files, path) ? this.old.files[path] : undefined;
    if (entry && id && sameIdentity(entry.id, id) && !racy(id, entry.readAt)) {
      const parsed = this.restore(entry.content, ctx);
      if (parsed && parsed.size === Number(before!.size)) {
        this.reused++;
        this.files.set(path, { ...entry, usedAt: now });
        return verdictOf(place, parsed, ctx);
      }
    }
    if (entry) {
      // Changed, gone, or not to be trusted: forgotten unless read cleanly now.
      this.metButChanged.add(path);
      this.changed = true;
    }
    this.read++;
    const read = await ctx.reader.read(path, signal);
    if (!read.ok) return unreadVerdict(place, read.failure, read.detail);
    // Recorded only when the file stayed the same file while it was read.
    const after = id ? await stats(path) : undefined;
    if (id && after?.isFile() && sameIdentity(id, identityOf(after)) && read.bundle.size === Number(after.size)) {
      this.files.set(path, { id, readAt: now, usedAt: now, content: read.bundle.contentHash });
      this.newContents.set(read.bundle.contentHash, read.bundle);
      this.changed = true;
    }
    return verdictOf(place, read.bundle, ctx);
  };

  /** One ParsedBundle per cached content (judge.ts judges each object once), its certificates put in
   * the index from their DER: the fingerprints are computed here, never taken from the file. */
  private restore(hash: string, ctx: TrustContext): ParsedBundle | null {
    const known = this.restored.get(hash);
    if (known !== undefined) return known;
    const content: ContentEntry | undefined = this.old.contents[hash];
    let parsed: ParsedBundle | null = null;
    if (content) {
      const fingerprints: string[] = [];
      for (const i of content.certs) {
        const fp = this.certFingerprint(i, ctx);
        if (!fp) break;
        fingerprints.push(fp);
      }
      if (fingerprints.length === content.certs.length && new Set(fingerprints).size === fingerprints.length)
        parsed = {
          contentHash: hash,
          size: content.size,
          format: content.format,
          fingerprints,
          duplicates: content.duplicates,
          skipped: { ...content.skipped },
        };
    }
    this.restored.set(hash, parsed);
    return parsed;
  }

  private certFingerprint(i: number, ctx: TrustContext): string | null {
    let fp = this.certFps.get(i);
    if (fp === undefined) {
      const b64 = this.old.certs[i];
      fp = (b64 !== undefined ? ctx.index.add(Buffer.from(b64, 'base64')) : undefined) ?? null;
      this.certFps.set(i, fp);
    }
    return fp;
  }

  /** The cache to write: the files met now, plus the earlier entries this scan did not meet (another
   * --root's files, say), each with its content; certificates come from the index as DER. */
  next(ctx: TrustContext, walks: ScanCacheData['walks']): ScanCacheData {
    const certs: string[] = [];
    const certAt = new Map<string, number>();
    // No prototype: a path or hash read from the file can never reach Object.prototype.
    const contents: ScanCacheData['contents'] = Object.create(null);
    const files: ScanCacheData['files'] = Object.create(null);
    const fromOld = (hash: string): ContentEntry | undefined => {
      const c = this.old.contents[hash];
      if (!c) return undefined;
      // A certificate restored in this run is keyed by its fingerprint (shared with new contents); the
      // others are carried over as they were.
      const ids = c.certs.map((i) => indexOf(this.certFps.get(i) ?? `old:${i}`, () => this.old.certs[i]));
      return ids.includes(-1) ? undefined : { ...c, certs: ids };
    };
    const indexOf = (key: string, b64: () => string | undefined): number => {
      let at = certAt.get(key);
      if (at === undefined) {
        const value = b64();
        if (value === undefined) return -1;
        certAt.set(key, (at = certs.push(value) - 1));
      }
      return at;
    };
    const fromNew = (parsed: ParsedBundle): ContentEntry | undefined => {
      const ids = parsed.fingerprints.map((fp) => indexOf(fp, () => ctx.index.get(fp)?.der.toString('base64')));
      if (ids.includes(-1)) return undefined;
      return {
        size: parsed.size,
        format: parsed.format,
        certs: ids,
        duplicates: parsed.duplicates,
        skipped: { ...parsed.skipped },
      };
    };
    const keep = (path: string, entry: FileEntry): void => {
      if (!contents[entry.content]) {
        const parsed = this.newContents.get(entry.content);
        const c = parsed ? fromNew(parsed) : fromOld(entry.content);
        if (!c) return;
        contents[entry.content] = c;
      }
      files[path] = entry;
    };
    for (const [path, entry] of this.files) keep(path, entry);
    const since = Date.now() - FORGET_AFTER_MS;
    for (const [path, entry] of Object.entries(this.old.files)) {
      if (!this.files.has(path) && !this.metButChanged.has(path) && entry.usedAt > since) keep(path, entry);
    }
    return { version: 1, walks, files, contents, certs };
  }
}
