// Safety rule 2: a new file next to the old one, flushed, renamed over it. write-file-atomic does the
// temp file + fsync + rename and keeps the old file's mode and owner; it has no retry for Windows,
// where an antivirus scanner or an editor holding the file makes the rename fail for a moment with
// EPERM / EACCES / EBUSY. The wrapper retries those there, and only there (on POSIX EACCES is final).
import { lstat, unlink } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

const TRANSIENT = new Set(['EPERM', 'EACCES', 'EBUSY']);

export interface WriteOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  platform?: NodeJS.Platform;
  /** Delays between tries on Windows; the default waits about 3 s in all. */
  delaysMs?: number[];
}

export async function withWindowsRetry<T>(op: () => Promise<T>, platform: NodeJS.Platform, delaysMs: number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (platform !== 'win32' || !TRANSIENT.has(code) || attempt >= delaysMs.length) throw error;
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}

export async function atomicWrite(path: string, content: Buffer, options: WriteOptions = {}): Promise<void> {
  const platform = options.platform ?? process.platform;
  const owner = options.uid !== undefined && options.gid !== undefined && process.getuid?.() === 0 ? { chown: { uid: options.uid, gid: options.gid } } : {};
  await withWindowsRetry(
    () => writeFileAtomic(path, content, { fsync: true, ...(options.mode !== undefined ? { mode: options.mode & 0o7777 } : {}), ...owner }),
    platform,
    options.delaysMs ?? [50, 100, 200, 400, 800, 1500],
  );
}

export async function removeFile(path: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return;
  await withWindowsRetry(() => unlink(path), platform, [50, 100, 200, 400, 800, 1500]);
}
