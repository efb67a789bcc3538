// Lists the candidate files under the folders given with --root, folder by folder, so the app can
// show which folder is being looked at and stop at once on Cancel. Whole-disk discovery (known
// places first, then the disk walk) plugs in through Session's `discover` option.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isCertificateFile } from '../core/bundles/candidates.ts';

export type DiscoverFn = (onFolder: (folder: string) => void, signal: AbortSignal) => Promise<string[]>;

export function walkRoots(roots: readonly string[]): DiscoverFn {
  return async (onFolder, signal) => {
    const files: string[] = [];
    for (const root of roots) {
      const info = await stat(root).catch(() => undefined);
      if (!info) continue;
      if (!info.isDirectory()) {
        files.push(root);
        continue;
      }
      const queue = [root];
      while (queue.length > 0 && !signal.aborted) {
        const dir = queue.shift() as string;
        onFolder(dir);
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const e of entries) {
          const full = join(dir, e.name);
          if (e.isDirectory()) queue.push(full);
          else if (e.isFile() && isCertificateFile(e.name)) files.push(full);
        }
      }
    }
    return files;
  };
}
