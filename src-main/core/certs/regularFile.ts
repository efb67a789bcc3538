// Reading a file somebody else may have placed: only a regular file is read, and only so much of it.
// The file is opened without blocking (a FIFO would otherwise wait forever for a writer) and the
// opened descriptor is judged, never the path: a device such as /dev/zero reports size 0 and never
// ends, and a path can be swapped between a stat and an open. The bytes read are capped too, since a
// file can grow while it is read. Every read of a file TrustFix did not write goes through here (or
// through openRegular, for a caller that keeps the descriptor, such as the repair engine).
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export type ReadFailure =
  | 'not-found'
  | 'permission-denied'
  | 'is-a-directory'
  | 'symlink-loop'
  | 'too-large'
  /** Not a regular file (judged on the opened descriptor, never the path): nothing is read. */
  | 'device'
  | 'pipe'
  | 'socket'
  | 'io-error';

/** O_NONBLOCK is 0 where the OS has no such flag (Windows, where no FIFO can be opened this way). It
 * only matters to open() and reads of pipes and devices: a regular file reads as usual. */
export const NON_BLOCKING: number = constants.O_NONBLOCK ?? 0;

/** What the opened descriptor is when it is not a regular file; null when it is one. */
export function notRegular(info: Stats): ReadFailure | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'is-a-directory';
  if (info.isFIFO()) return 'pipe';
  if (info.isSocket()) return 'socket';
  return 'device';
}

export type RegularRead =
  { ok: true; bytes: Buffer; info: Stats } | { ok: false; failure: ReadFailure; detail: string };

export interface RegularReadOptions {
  /** Past this many bytes the file is not read whole: `too-large`. */
  maxBytes: number;
  /** Added to O_RDONLY | O_NONBLOCK, e.g. O_NOFOLLOW. */
  flags?: number;
}

/** Opens `path` for reading only when the opened descriptor is a regular file; the caller closes it. */
export async function openRegular(
  path: string,
  flags = 0,
): Promise<{ ok: true; handle: FileHandle; info: Stats } | { ok: false; failure: ReadFailure; detail: string }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | NON_BLOCKING | flags);
    const info = await handle.stat();
    const kind = notRegular(info);
    if (kind) {
      await handle.close().catch(() => undefined);
      return { ok: false, failure: kind, detail: path };
    }
    return { ok: true, handle, info };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    return { ok: false, ...classifyFsError(error) };
  }
}

/** The whole of a regular file, at most `maxBytes`; any failure is a result with its reason, never a throw. */
export async function readRegularFile(path: string, options: RegularReadOptions): Promise<RegularRead> {
  const opened = await openRegular(path, options.flags);
  if (!opened.ok) return opened;
  const { handle, info } = opened;
  try {
    if (info.size > options.maxBytes) return { ok: false, failure: 'too-large', detail: String(info.size) };
    const bytes = await readCapped(handle, info.size, options.maxBytes);
    if (!bytes) return { ok: false, failure: 'too-large', detail: `> ${options.maxBytes}` };
    return { ok: true, bytes, info };
  } catch (error) {
    return { ok: false, ...classifyFsError(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A small settings file (pip.conf, an env file, a package's __init__.py) as text, or undefined when it
 * is absent, unreadable or not a regular file: such readers only learn from a file that is there. */
export async function readRegularText(path: string, maxBytes = 1024 * 1024): Promise<string | undefined> {
  const read = await readRegularFile(path, { maxBytes });
  return read.ok ? read.bytes.toString('utf8') : undefined;
}

/** The rest of an open file, or null when it holds more than `maxBytes` (it grew after its size was read). */
export async function readCapped(handle: FileHandle, sizeHint: number, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  let firstFilled = false;
  for (;;) {
    const want = Math.min(Math.max(sizeHint - total, 64 * 1024), maxBytes + 1 - total);
    const chunk = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(chunk, 0, want, null);
    if (bytesRead === 0) break;
    if (chunks.length === 0) firstFilled = bytesRead === want;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) return null;
  }
  // The usual case, one read that filled its buffer: that buffer is the file, no copy (a copy would
  // hold the file twice for a moment; a big file is the case where that matters).
  return chunks.length === 1 && firstFilled ? chunks[0]! : Buffer.concat(chunks, total);
}

export function classifyFsError(error: unknown): { failure: ReadFailure; detail: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { failure: 'not-found', detail };
    case 'EACCES':
    case 'EPERM':
      return { failure: 'permission-denied', detail };
    case 'EISDIR':
      return { failure: 'is-a-directory', detail };
    case 'ELOOP':
      return { failure: 'symlink-loop', detail };
    case 'ENXIO':
      // open(2) on a Unix socket (and on a FIFO opened for writing with no reader) says ENXIO.
      return { failure: 'socket', detail };
    default:
      return { failure: 'io-error', detail };
  }
}
