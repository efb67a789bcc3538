// Writes that cannot be redirected (safety rules 2 and 6, docs/safety-rules.md). What is replaced is what was checked, or
// nothing is written:
//   1. The target's folder is opened, and on Linux every later step names it by /proc/self/fd/N, so
//      a folder swapped for a link after the check is never written into (elsewhere: its path is
//      checked again right before the rename).
//   2. The target is opened without following a link (O_NOFOLLOW; lstat and fstat must name the same
//      file) and without blocking, and must be a regular file (a FIFO or a device is refused, never
//      read); its bytes are read from that open file, capped, and hashed: the check and the identity
//      (device, inode) describe one file.
//   3. The new bytes go into a temp file made new in the same folder (O_EXCL, no link followed),
//      with the old file's mode and owner, flushed to disk.
//   4. The temp file is renamed onto the exact name that was checked. A rename replaces whatever is
//      at that name and never follows a link there: a link swapped in at the last moment is itself
//      replaced, and the file it leads to is untouched.
//   5. Afterwards: the name holds the new file, and the checked file lost one link (our rename took
//      it). If something else was at the name, the checked bytes are put back and the write refused.
// A new file is linked into place (link() fails if anything appeared at the name); a removal first
// renames the entry aside and checks it is the file that was checked. Temp files are named
// `.<name>.trustfix-<pid>-<random>.tmp`; the next write into that folder removes those whose process
// is gone (a kill between steps 3 and 4 leaves one).
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, lstat, open, readdir, readlink, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_BUNDLE_BYTES } from '../certs/readBundle.ts';
import { sha256Hex } from '../certs/record.ts';
import { NON_BLOCKING, notRegular, readCapped } from '../certs/regularFile.ts';
import { platformFor } from '../platform/index.ts';
import type { FileSafety } from '../platform/types.ts';
import { processAlive } from './lock.ts';
import { refuse, type FileIdentity } from './pathGuard.ts';
import { pauseBeforeRename } from './testHooks.ts';

const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1500];
const TEMP_RE = /^\..*\.trustfix-(\d+)-[0-9a-f]{8}\.tmp$/;

export function filesOf(os: NodeJS.Platform = platformFor().id): FileSafety {
  return platformFor(os).files;
}

/** Tries again on the errors this OS gives for a moment (Windows: a scanner holding the file). */
export async function withRetry<T>(files: FileSafety, op: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!files.retryErrors.includes(code) || attempt >= RETRY_DELAYS_MS.length) throw error;
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
    }
  }
}

export function tempName(name: string): string {
  return `.${name.slice(0, 200)}.trustfix-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

const sameFile = (a: Pick<Stats, 'dev' | 'ino'>, b: Pick<Stats, 'dev' | 'ino'>): boolean =>
  a.dev === b.dev && a.ino === b.ino;

/** A folder held open: later steps name it by its open handle where the OS allows. */
export class Folder {
  readonly path: string;
  readonly files: FileSafety;
  private readonly handle: FileHandle | null;
  private readonly id: Pick<Stats, 'dev' | 'ino'>;

  private constructor(path: string, files: FileSafety, handle: FileHandle | null, id: Pick<Stats, 'dev' | 'ino'>) {
    this.path = path;
    this.files = files;
    this.handle = handle;
    this.id = id;
  }

  /** `path` must be a real path (no link in it): the folder opened is checked to be the one there. */
  static async open(path: string, files: FileSafety): Promise<Folder> {
    if (files.folderByFd) {
      let handle: FileHandle;
      try {
        handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY | files.noFollow);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP' || code === 'ENOTDIR') refuse('swapped', { path, planned: path, now: '(a link)' });
        throw error;
      }
      const now = await readlink(files.folderByFd(handle.fd)).catch(() => null);
      if (now !== null) {
        if (now !== path) {
          await handle.close();
          refuse('swapped', { path, planned: path, now });
        }
        return new Folder(path, files, handle, await handle.stat());
      }
      await handle.close(); // no /proc here (a container without it): check by path instead
    }
    const info = await lstat(path);
    if (!info.isDirectory()) refuse('swapped', { path, planned: path, now: '(not a folder)' });
    return new Folder(path, files, null, info);
  }

  /** A path to `name` inside this very folder. */
  at(name: string): string {
    return this.handle && this.files.folderByFd
      ? join(this.files.folderByFd(this.handle.fd), name)
      : join(this.path, name);
  }

  /** Without a handle to name it by: the folder's path still leads to the folder opened. */
  async stillHere(): Promise<void> {
    if (this.handle) return;
    const info = await lstat(this.path).catch(() => null);
    if (!info || !info.isDirectory() || !sameFile(info, this.id)) refuse('swappedAtWrite', { path: this.path });
  }

  /** The rename itself reaches the disk (where a folder can be flushed). */
  async sync(): Promise<void> {
    await this.handle?.sync().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
  }

  /** Removes temp files TrustFix left here when killed (their process is gone). */
  async removeStaleTemps(): Promise<void> {
    const names = await readdir(this.at('.')).catch(() => [] as string[]);
    for (const name of names) {
      const m = TEMP_RE.exec(name);
      if (!m || processAlive(Number(m[1]))) continue;
      const info = await lstat(this.at(name)).catch(() => null);
      if (info?.isFile()) await unlink(this.at(name)).catch(() => undefined);
    }
  }
}

export interface OpenedFile {
  handle: FileHandle;
  bytes: Buffer;
  identity: FileIdentity;
}

/** Opens `name` in `folder` without following a link; null when nothing is there. Only a regular file
 * is read, and at most MAX_BUNDLE_BYTES of it: it is opened without blocking (a FIFO put at the name
 * would otherwise wait forever for a writer) and the opened descriptor is judged (certs/regularFile.ts). */
export async function openNoFollow(folder: Folder, name: string): Promise<OpenedFile | null> {
  const path = join(folder.path, name);
  let handle: FileHandle;
  try {
    handle = await open(folder.at(name), constants.O_RDONLY | NON_BLOCKING | folder.files.noFollow);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // Nothing there, or a dangling link (which open would have followed): lstat tells.
      if (
        await lstat(folder.at(name)).then(
          () => true,
          () => false,
        )
      )
        refuse('notAFile', { path });
      return null;
    }
    if (code === 'ELOOP') refuse('notAFile', { path });
    if (code === 'ENXIO') refuse('unreadable', { path, reason: 'socket' });
    throw error;
  }
  try {
    const info = await handle.stat();
    const entry = await lstat(folder.at(name));
    const kind = notRegular(info);
    if (kind && !entry.isSymbolicLink()) refuse('unreadable', { path, reason: kind });
    // Where open() cannot refuse a link (Windows), the entry and the open file must be one file.
    if (kind || !entry.isFile() || !sameFile(info, entry)) refuse('notAFile', { path });
    const bytes = await readCapped(handle, info.size, MAX_BUNDLE_BYTES);
    if (!bytes) refuse('unreadable', { path, reason: 'too-large' });
    return {
      handle,
      bytes,
      identity: {
        sha256: sha256Hex(bytes),
        size: bytes.length,
        dev: info.dev,
        ino: info.ino,
        mode: info.mode,
        uid: info.uid,
        gid: info.gid,
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export interface NewFileMeta {
  mode: number;
  uid?: number;
  gid?: number;
}

/** Step 3: the new bytes in a temp file made new in the folder, flushed. Returns its name and id. */
async function writeTemp(
  folder: Folder,
  name: string,
  content: Buffer,
  meta: NewFileMeta,
): Promise<{ temp: string; made: Stats }> {
  const temp = tempName(name);
  const handle = await open(
    folder.at(temp),
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | folder.files.noFollow,
    0o600,
  );
  try {
    await handle.writeFile(content);
    await handle.chmod(meta.mode & 0o7777);
    if (meta.uid !== undefined && meta.gid !== undefined && process.getuid?.() === 0)
      await handle.chown(meta.uid, meta.gid);
    await handle.sync();
    return { temp, made: await handle.stat() };
  } catch (error) {
    await handle.close();
    await unlink(folder.at(temp)).catch(() => undefined);
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Replaces the file at `name` (which must be `old`, as opened by openNoFollow) with `content`, or
 * creates it when `old` is null. `old`'s handle is closed here. `pause`: the test hook may pause
 * right before the rename (only for a target TrustFix checked, not for its own journal).
 */
export async function replaceAt(
  folder: Folder,
  name: string,
  old: OpenedFile | null,
  content: Buffer,
  meta: NewFileMeta,
  pause = true,
): Promise<void> {
  const path = join(folder.path, name);
  const keep = old ? { mode: old.identity.mode, uid: old.identity.uid, gid: old.identity.gid } : meta;
  const { temp, made } = await writeTemp(folder, name, content, keep);
  let oldOpen = old !== null;
  try {
    await folder.stillHere();
    if (!old) {
      if (pause) await pauseBeforeRename();
      await placeNew(folder, temp, name, path);
      await folder.sync();
      return;
    }
    // The name still holds the checked file, and how many names that file has right now.
    const entry = await lstat(folder.at(name)).catch(() => null);
    const linksBefore = (await old.handle.stat()).nlink;
    if (!entry || !sameFile(entry, old.identity) || linksBefore === 0) refuse('swappedAtWrite', { path });
    if (!folder.files.renameOverOpen) {
      await old.handle.close();
      oldOpen = false;
    }
    if (pause) await pauseBeforeRename();
    await withRetry(folder.files, () => rename(folder.at(temp), folder.at(name)));
    await folder.sync();
    // Step 5: the name holds our file, and the checked file lost the name (one link fewer).
    const now = await lstat(folder.at(name)).catch(() => null);
    const tookChecked = oldOpen ? (await old.handle.stat()).nlink === linksBefore - 1 : true;
    if (now && sameFile(now, made) && !tookChecked) {
      // Something else was at the name (the checked file had been moved away): put the checked bytes
      // back at the name, in place of ours, and refuse.
      await replaceAt(folder, name, await openNoFollow(folder, name), old.bytes, keep, false);
      refuse('swappedAtWrite', { path });
    }
    if (!now || !sameFile(now, made)) refuse('swappedAtWrite', { path });
  } catch (error) {
    await unlink(folder.at(temp)).catch(() => undefined);
    throw error;
  } finally {
    if (oldOpen) await old?.handle.close().catch(() => undefined);
  }
}

/** A new file: link() never replaces anything, so one that appeared at the name is refused. */
async function placeNew(folder: Folder, temp: string, name: string, path: string): Promise<void> {
  try {
    await withRetry(folder.files, () => link(folder.at(temp), folder.at(name)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') refuse('appeared', { path });
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    // A file system without hard links (FAT, some network shares): rename, after a last look.
    if (
      await lstat(folder.at(name)).then(
        () => true,
        () => false,
      )
    )
      refuse('appeared', { path });
    await withRetry(folder.files, () => rename(folder.at(temp), folder.at(name)));
    return;
  }
  await unlink(folder.at(temp));
}

/** Removes `name`, which must be `old`: the entry is renamed aside first and checked to be it. */
export async function removeAt(folder: Folder, name: string, old: OpenedFile, pause = true): Promise<void> {
  const path = join(folder.path, name);
  await old.handle.close();
  await folder.stillHere();
  const aside = tempName(name);
  if (pause) await pauseBeforeRename();
  await withRetry(folder.files, () => rename(folder.at(name), folder.at(aside)));
  const moved = await lstat(folder.at(aside));
  if (!moved.isFile() || !sameFile(moved, old.identity)) {
    // Not the file that was checked: put the entry back where it was (rename moves a link itself,
    // never what it leads to), unless something took the name meanwhile.
    if (
      !(await lstat(folder.at(name)).then(
        () => true,
        () => false,
      ))
    )
      await rename(folder.at(aside), folder.at(name)).catch(() => undefined);
    refuse('swappedAtWrite', { path });
  }
  await withRetry(folder.files, () => unlink(folder.at(aside)));
  await folder.sync();
}
