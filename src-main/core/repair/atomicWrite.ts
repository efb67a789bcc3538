// TrustFix's own files (the journal, uploads) written as its targets are (safeFile.ts): a temp file
// in the same folder, flushed, renamed onto the name; a link at that name is refused, never
// followed. No hash to match here: these files are TrustFix's own.
import { realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { filesOf, Folder, openNoFollow, replaceAt } from './safeFile.ts';

export interface WriteOptions {
  /** Mode of a file that is new (an existing file keeps its own). */
  mode?: number;
  os?: NodeJS.Platform;
}

export async function atomicWrite(path: string, content: Buffer, options: WriteOptions = {}): Promise<void> {
  const folder = await Folder.open(await realpath(dirname(path)), filesOf(options.os));
  try {
    await folder.removeStaleTemps();
    const old = await openNoFollow(folder, basename(path));
    await replaceAt(folder, basename(path), old, content, { mode: options.mode ?? 0o644 }, false);
  } finally {
    await folder.close();
  }
}
