// The scan cache file (scan-cache.json in the data folder), like locate's database or git's index:
// the last disk searches' findings, and for each file judged, its identity on disk (device, inode,
// size, mtime, ctime) and what its content parsed to (certificates by index into one table of DER,
// so a certificate shared by fifty copies is stored once). Verdicts are never stored: they depend on
// the reference and the date, and are judged again each time.
// The file is only a hint. It is read like any file somebody else may have placed (readRegularFile:
// a symlink, FIFO or device is not read, nor more than MAX_CACHE_BYTES), must parse and match the
// schema and version exactly, or it is ignored whole; it is written atomically (a crash leaves the
// old one or the new one), and kept under MAX_CACHE_BYTES by dropping the least recently used files.
import { constants } from 'node:fs';
import { lstat, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularFile } from '../../certs/regularFile.ts';
import { isCache, isObject, SCAN_CACHE_VERSION, type ScanCacheData } from './cacheShape.ts';
import type { ScanCacheInfo } from './cacheInfo.ts';

export const SCAN_CACHE_NAME = 'scan-cache.json';
/** Far beyond a real machine's (about 1 MB for 100 bundles): past it the file is not read. */
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;
/** Disk searches kept (one per set of options: the whole disk, a few --root folders). */
export const MAX_WALKS = 8;
/** A search that found more than this many files is not kept: the cache stays small on a hostile disk. */
export const MAX_WALK_FILES = 100_000;

export const emptyCache = (): ScanCacheData => ({
  version: SCAN_CACHE_VERSION,
  walks: [],
  files: {},
  contents: {},
  certs: [],
});

export type LoadedCache = { data: ScanCacheData; ignored?: ScanCacheInfo['ignored'] };

export function cachePath(dataDir: string): string {
  return join(dataDir, SCAN_CACHE_NAME);
}

/** The cache of `dataDir`, or an empty one (with why, when a file was there but is not to be trusted). */
export async function loadCache(dataDir: string): Promise<LoadedCache> {
  // O_NOFOLLOW: TrustFix writes a regular file; a link in its place was put there by somebody else.
  const read = await readRegularFile(cachePath(dataDir), {
    maxBytes: MAX_CACHE_BYTES,
    flags: constants.O_NOFOLLOW ?? 0,
  });
  if (!read.ok)
    return read.failure === 'not-found' ? { data: emptyCache() } : { data: emptyCache(), ignored: 'unreadable' };
  let raw: unknown;
  try {
    raw = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return { data: emptyCache(), ignored: 'corrupt' };
  }
  if (!isObject(raw)) return { data: emptyCache(), ignored: 'corrupt' };
  if (raw.version !== SCAN_CACHE_VERSION) return { data: emptyCache(), ignored: 'other-version' };
  return isCache(raw) ? { data: raw } : { data: emptyCache(), ignored: 'corrupt' };
}

/** Writes the cache atomically, dropping the least recently used files (and what only they needed)
 * until it fits MAX_CACHE_BYTES. A failure to write only costs the next scan its speed. */
export async function saveCache(dataDir: string, data: ScanCacheData, maxBytes = MAX_CACHE_BYTES): Promise<boolean> {
  let text = JSON.stringify(compact(data));
  let files = Object.entries(data.files).sort((a, b) => b[1].usedAt - a[1].usedAt);
  while (Buffer.byteLength(text) > maxBytes && files.length > 0) {
    files = files.slice(0, files.length >> 1);
    text = JSON.stringify(compact({ ...data, files: Object.fromEntries(files) }));
  }
  if (Buffer.byteLength(text) > maxBytes) return false;
  try {
    await mkdir(dataDir, { recursive: true });
    // write-file-atomic writes through a symlink to its target: whatever is in the cache's place and is
    // not a regular file (a link somebody put there, a FIFO) is removed first, so only the link goes.
    const file = cachePath(dataDir);
    const there = await lstat(file).catch(() => undefined);
    if (there && !there.isFile()) await rm(file, { recursive: false, force: true });
    // Loaded only to write: a scan that reuses everything never writes.
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(file, text, { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}

/** Only the contents some file uses, and only the certificates some content uses (renumbered). */
function compact(data: ScanCacheData): ScanCacheData {
  const contents: ScanCacheData['contents'] = Object.create(null);
  const certs: string[] = [];
  const renumbered = new Map<number, number>();
  for (const entry of Object.values(data.files)) {
    if (contents[entry.content]) continue;
    const c = data.contents[entry.content]!;
    contents[entry.content] = {
      ...c,
      certs: c.certs.map((i) => {
        let j = renumbered.get(i);
        if (j === undefined) renumbered.set(i, (j = certs.push(data.certs[i]!) - 1));
        return j;
      }),
    };
  }
  return { version: SCAN_CACHE_VERSION, walks: data.walks, files: data.files, contents, certs };
}
