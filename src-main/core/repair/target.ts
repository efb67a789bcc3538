// The file a step changes (fileStep.ts), opened right before the write (under its lock) and then
// written through safeFile.ts: the path still resolves where it did when planned, and the file there
// is opened without following a link, its bytes hashed from that open file for the step to compare.
// The same code runs in this process and in the elevated one.
import { basename, dirname } from 'node:path';
import { checkPathSyntax, realPathOf, refuse } from './pathGuard.ts';
import { filesOf, Folder, openNoFollow, removeAt, replaceAt, type NewFileMeta, type OpenedFile } from './safeFile.ts';

export interface CheckedTarget {
  path: string;
  /** The exact name written: the real path the plan resolved (never resolved again at write time). */
  real: string;
  folder: Folder;
  name: string;
  /** The file there now, open; null when there is none. */
  old: OpenedFile | null;
}

/** Opens the target as it is now; the caller judges its bytes (requireHash) and writes or releases it. */
export async function openTarget(path: string, plannedReal: string, os?: NodeJS.Platform): Promise<CheckedTarget> {
  checkPathSyntax(path);
  const now = await realPathOf(path);
  if (now !== plannedReal) refuse('swapped', { path, planned: plannedReal, now });
  const folder = await Folder.open(dirname(plannedReal), filesOf(os));
  try {
    await folder.removeStaleTemps();
    return {
      path,
      real: plannedReal,
      folder,
      name: basename(plannedReal),
      old: await openNoFollow(folder, basename(plannedReal)),
    };
  } catch (error) {
    await folder.close();
    throw error;
  }
}

/** Writes `content` over the checked file (null removes it), keeping its mode and owner; `meta` is
 * for a file that is new. Closes the target. */
export async function writeChecked(
  target: CheckedTarget,
  content: Buffer | null,
  meta: NewFileMeta = { mode: 0o644 },
): Promise<void> {
  try {
    if (content !== null) await replaceAt(target.folder, target.name, target.old, content, meta);
    else if (target.old) await removeAt(target.folder, target.name, target.old);
  } finally {
    await target.folder.close();
  }
}

/** Closes a target that is not written after all. */
export async function releaseChecked(target: CheckedTarget): Promise<void> {
  await target.old?.handle.close().catch(() => undefined);
  await target.folder.close();
}

/** Reads a file back after a write, without following a link; null when it is not there. */
export async function readBack(real: string, os?: NodeJS.Platform): Promise<OpenedFile | null> {
  const folder = await Folder.open(dirname(real), filesOf(os)).catch(() => null);
  if (!folder) return null;
  try {
    const file = await openNoFollow(folder, basename(real)).catch(() => null);
    await file?.handle.close();
    return file;
  } finally {
    await folder.close();
  }
}
