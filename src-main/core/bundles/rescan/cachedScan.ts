// `trustfix scan` of the machine with the scan cache (cacheFile.ts), so a scan right after a scan
// takes a fraction of a second instead of a walk of the whole disk:
//  - the disk search (the walk, and the OS index's answer) is reused while it is younger than
//    `maxAgeMinutes` and was made with the same options; `rewalk` searches again. A file placed
//    outside the known places since then is seen at the next search, as with locate's database;
//  - the known places and configured files are looked at again every time, so a new file there is
//    seen at once;
//  - every file is judged again now, against this run's reference and date: only the parse of a file
//    that is still the same file (cachedJudge.ts) is reused; a file changed or new is read, a file gone
//    is dropped.
import { createHash } from 'node:crypto';
import { lstat, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { TrustContext } from '../../context.ts';
import { platformFor } from '../../platform/index.ts';
import { CANDIDATE_NAMES } from '../candidates.ts';
import { discoverBundles, type DiscoverOptions, type DiscoveryResult, type FoundFile } from '../discover/discover.ts';
import { scanAll, type ScanAllOptions } from '../discover/scanAll.ts';
import type { ScanReport } from '../scanReport.ts';
import { cachePath, loadCache, MAX_WALK_FILES, MAX_WALKS, saveCache } from './cacheFile.ts';
import type { WalkRecord } from './cacheShape.ts';
import { CachedJudge } from './cachedJudge.ts';
import type { ScanCacheInfo } from './cacheInfo.ts';

/** A disk search younger than this is reused by default (minutes). */
export const DEFAULT_WALK_MAX_AGE_MINUTES = 10;
/** Searches older than this are not kept at all, whatever the age asked for at the next scan. */
const KEEP_WALKS_MS = 24 * 3600 * 1000;

export interface ScanCacheOptions {
  dataDir: string;
  /** Search the disk again now even when a young enough search is cached. */
  rewalk?: boolean;
  /** Reuse a search younger than this many minutes (0: never). */
  maxAgeMinutes?: number;
}

/** What decides what a search finds: the same key, the same findings (for files that did not move). */
export function walkKey(options: DiscoverOptions): string {
  const os = options.os ?? platformFor().id;
  const roots = options.roots ? [...options.roots].sort() : null;
  const key = {
    os,
    roots,
    // A relative --root means another folder from another working directory.
    cwd: roots?.some((r) => !isAbsolute(r)) ? process.cwd() : null,
    disk: options.disk !== false,
    network: options.includeNetwork ?? false,
    removable: options.includeRemovable ?? false,
    index: options.index ?? 'auto',
    names: CANDIDATE_NAMES,
  };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
}

const byPath = (a: FoundFile, b: FoundFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The walk's findings kept: the files it found by name (any kind of entry), and the index's answer. */
function walkRecord(key: string, at: Date, found: DiscoveryResult): WalkRecord | undefined {
  const files = found.files.flatMap((f) => {
    const foundBy = f.foundBy.filter((b): b is 'index' | 'walk' => b === 'index' || b === 'walk');
    return foundBy.length > 0 ? [{ path: f.path, foundBy }] : [];
  });
  if (files.length > MAX_WALK_FILES) return undefined;
  const i = found.info;
  return {
    key,
    at: at.toISOString(),
    elapsedMs: i.elapsedMs,
    files,
    info: {
      visited: i.visited,
      skipped: i.skipped,
      unreadable: i.unreadable,
      unreadableSample: i.unreadableSample.slice(0, 100),
      walkMs: i.walkMs,
      threads: i.threads,
      venvs: i.venvs,
      roots: i.roots,
      left: i.left,
      accelerator: i.accelerator,
    },
  };
}

/** The known places looked at now, plus the kept search's files that are still there. */
async function reuseWalk(options: DiscoverOptions, record: WalkRecord): Promise<DiscoveryResult> {
  const known = await discoverBundles({
    ...options,
    roots: undefined,
    knownPlaces: options.knownPlaces ?? !options.roots,
    disk: false,
    index: 'off',
  });
  const files = new Map(known.files.map((f) => [f.path, f]));
  // The walk reports whatever entry bears a bundle's name (a link, a pipe: judged and reported broken);
  // the index's answers were kept only when they were files.
  const there = (path: string, foundBy: string[]): Promise<boolean> =>
    foundBy.includes('walk')
      ? lstat(path).then(
          () => true,
          () => false,
        )
      : stat(path).then(
          (s) => s.isFile(),
          () => false,
        );
  const present = await Promise.all(record.files.map((f) => there(f.path, f.foundBy)));
  record.files.forEach((f, n) => {
    if (!present[n]) return;
    let entry = files.get(f.path);
    if (!entry) files.set(f.path, (entry = { path: f.path, foundBy: [] }));
    for (const by of f.foundBy) if (!entry.foundBy.includes(by)) entry.foundBy.push(by);
  });
  const venvs = (
    await Promise.all(
      record.info.venvs.map((v) =>
        lstat(v).then(
          () => v,
          () => undefined,
        ),
      ),
    )
  ).filter((v): v is string => v !== undefined);
  const info = {
    ...known.info,
    ...record.info,
    venvs,
    knownPlaces: known.info.knownPlaces,
    aborted: known.info.aborted,
    elapsedMs: record.elapsedMs,
  };
  return { files: [...files.values()].sort(byPath), info };
}

export async function cachedScanAll(
  ctx: TrustContext,
  options: ScanAllOptions,
  cache: ScanCacheOptions,
): Promise<ScanReport> {
  const loaded = await loadCache(cache.dataDir);
  const judge = new CachedJudge(loaded.data);
  const key = walkKey(options);
  const wantsWalk = options.roots !== undefined || options.disk !== false;
  const maxAgeMinutes = cache.maxAgeMinutes ?? DEFAULT_WALK_MAX_AGE_MINUTES;
  const now = Date.now();
  const age = (w: WalkRecord): number => now - Date.parse(w.at);
  // A search from the future (the clock was set back) is not young: it is not reused.
  const reused =
    wantsWalk && !cache.rewalk
      ? loaded.data.walks.find((w) => w.key === key && age(w) >= 0 && age(w) < maxAgeMinutes * 60_000)
      : undefined;
  let walks = loaded.data.walks.filter((w) => age(w) >= 0 && age(w) < KEEP_WALKS_MS);
  let fresh: WalkRecord | undefined;

  const discover = async (o: DiscoverOptions): Promise<DiscoveryResult> => {
    if (reused) return reuseWalk(o, reused);
    const started = new Date();
    const found = await discoverBundles(o);
    // Kept from when it started: a file made during the search may have been passed by.
    if (wantsWalk && !found.info.aborted) fresh = walkRecord(key, started, found);
    if (fresh) walks = [fresh, ...walks.filter((w) => w.key !== key)].slice(0, MAX_WALKS);
    return found;
  };

  const report = await scanAll(ctx, options, { discover, judgeOne: judge.judge });
  const info: ScanCacheInfo = {
    walk: reused ? 'reused' : wantsWalk ? 'fresh' : 'none',
    ...((reused ?? fresh) ? { walkedAt: (reused ?? fresh)!.at } : {}),
    maxAgeMinutes,
    file: cachePath(cache.dataDir),
    filesReused: judge.reused,
    filesRead: judge.read,
    ...(loaded.ignored ? { ignored: loaded.ignored } : {}),
  };
  if (report.discovery) report.discovery.cache = info;
  // An interrupted scan ends now; a scan that learnt nothing new leaves the file as it is.
  const expired = walks.length !== loaded.data.walks.length;
  if (!options.signal?.aborted && (judge.changed || fresh || expired || loaded.ignored))
    await saveCache(cache.dataDir, judge.next(ctx, walks));
  return report;
}
