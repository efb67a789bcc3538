// `trustfix scan PATH...`: judge the files named, and the candidate files inside folders named.
// Whole-disk discovery builds on this (discovery feeds paths in; this judges them).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrustContext } from '../context.ts';
import { isCertificateFile } from './candidates.ts';
import { judgeFile, type BundleVerdict } from './verdict.ts';

export interface ScanProgress {
  judged: number;
  current: string;
}

/** Expands folders into candidate files; names given directly are always judged. */
export async function expandPaths(paths: string[], signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      const entries = await readdir(p, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (signal?.aborted) break;
        if (e.isFile() && isCertificateFile(e.name)) out.push(join(e.parentPath, e.name));
      }
    } else {
      out.push(p);
    }
  }
  return out;
}

export async function judgeFiles(
  files: string[],
  ctx: TrustContext,
  onProgress?: (p: ScanProgress) => void,
  signal?: AbortSignal,
): Promise<BundleVerdict[]> {
  const verdicts: BundleVerdict[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (signal?.aborted) break;
    const verdict = await judgeFile(file, ctx);
    if (seen.has(verdict.id)) continue; // the same file reached twice (a symlink): report it once
    seen.add(verdict.id);
    verdicts.push(verdict);
    onProgress?.({ judged: verdicts.length, current: file });
  }
  return verdicts;
}
