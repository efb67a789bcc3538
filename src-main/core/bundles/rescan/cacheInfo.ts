// What the report says about the scan cache (the `discovery.cache` field of `scan --json`, and a line
// of the table): whether the disk search was done now or reused from an earlier scan, and how many
// files were read again. Kept apart so the report's types need none of the cache's machinery.

export interface ScanCacheInfo {
  /** "fresh": searched now; "reused": the search of `walkedAt` was reused; "none": nothing to search
   * (--no-disk). */
  walk: 'fresh' | 'reused' | 'none';
  /** When the search whose findings this report lists was made (ISO time). */
  walkedAt?: string;
  /** A search younger than this is reused (`--walk-max-age`, in minutes: 0 never reuses). */
  maxAgeMinutes: number;
  /** Files unchanged since an earlier scan (same device, inode, size, mtime and ctime): their parse was
   * reused and judged again now. */
  filesReused: number;
  /** Files read and parsed in this scan. */
  filesRead: number;
  /** The cache file. */
  file: string;
  /** Why the cache file was not used, when it was there but could not be trusted. */
  ignored?: 'unreadable' | 'corrupt' | 'other-version';
}
