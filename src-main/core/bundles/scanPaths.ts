// `trustfix scan PATH...`: judge the files named, and the candidate files inside folders named.
// Whole-disk discovery builds on this (discovery feeds paths in; this judges them).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrustContext } from '../context.ts';
import { MAX_BUNDLE_BYTES } from '../certs/readBundle.ts';
import { ByteBudget } from './byteBudget.ts';
import { isCertificateFile } from './candidates.ts';
import { judgeFile, type BundleVerdict } from './verdict.ts';

export interface ScanProgress {
  /** Files judged so far (after a cancel, the files not judged are the rest). */
  judged: number;
  current: string;
}

export type JudgeOne = (path: string, ctx: TrustContext, signal?: AbortSignal) => Promise<BundleVerdict>;

/** Expands folders into candidate files; names given directly are always judged. */
export async function expandPaths(paths: string[], signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      const entries = await readdir(p, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (signal?.aborted) break;
        // Anything but a folder: a link, pipe, device or socket named like a bundle is judged too, so it
        // is reported with its reason (the reader opens only regular files) instead of passing unseen.
        if (!e.isDirectory() && isCertificateFile(e.name)) out.push(join(e.parentPath, e.name));
      }
    } else {
      out.push(p);
    }
  }
  return out;
}

/** Files read at once: enough to overlap disk waits, few enough to keep memory flat. */
export const READ_CONCURRENCY = 8;
/** Bytes of files judged at once (byteBudget.ts): real bundles (under 1 MB) never wait for it. */
export const BYTES_AT_ONCE = 16 * 1024 * 1024;

/** What a file will cost to judge, from its size: nothing when the reader will not read it (not a
 * regular file, or over the cap). Only an estimate: the reader judges the opened file itself. */
export async function readCost(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() && info.size <= MAX_BUNDLE_BYTES ? info.size : 0;
}

export async function judgeFiles(
  files: string[],
  ctx: TrustContext,
  onProgress?: (p: ScanProgress) => void,
  signal?: AbortSignal,
  /** How one file is judged: read and parsed now, or (the scan cache) from an unchanged earlier parse. */
  judgeOne: JudgeOne = judgeFile,
): Promise<BundleVerdict[]> {
  const results: Array<BundleVerdict | undefined> = new Array(files.length);
  let next = 0;
  let judged = 0;
  const budget = new ByteBudget(BYTES_AT_ONCE);
  const worker = async (): Promise<void> => {
    while (next < files.length && !signal?.aborted) {
      const i = next++;
      const file = files[i]!;
      const taken = await budget.take(await readCost(file));
      try {
        results[i] = await judgeOne(file, ctx, signal);
      } catch (error) {
        if (signal?.aborted) return; // cut by the cancel: left out, not reported half-judged
        throw error;
      } finally {
        budget.give(taken);
      }
      onProgress?.({ judged: ++judged, current: file });
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  // The same file reached twice (through a symlink) is reported once, at its first place.
  const seen = new Set<string>();
  return results.filter((v): v is BundleVerdict => {
    if (!v || seen.has(v.id)) return false;
    seen.add(v.id);
    return true;
  });
}
