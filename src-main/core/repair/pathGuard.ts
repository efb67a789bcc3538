// What a command line or the app may name is checked before anything is planned, and again right
// before anything is written: no `..`, only absolute paths, only a scan finding, TrustFix's data
// folder or a file the user picked. Right before a write, target.ts checks the file again and
// safeFile.ts writes it without following a link.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import nodePath, { dirname, isAbsolute } from 'node:path';
import { MAX_BUNDLE_BYTES } from '../certs/readBundle.ts';
import { readRegularFile } from '../certs/regularFile.ts';
import { msg, Problem } from '../messages.ts';
import { isInsideIn, realPathIn } from '../platform/pathContainment.ts';

export function refuse(code: string, params?: Record<string, string | number>): never {
  throw new Problem(msg(`repair:refused.${code}`, params));
}

/** Syntax first: absolute, and no `..` segment anywhere in what was asked (before any resolving). */
export function checkPathSyntax(raw: string): void {
  if (raw.length === 0 || raw.includes('\0')) refuse('badPath', { path: raw });
  if (raw.split(/[\\/]+/).includes('..')) refuse('dotdot', { path: raw });
  if (!isAbsolute(raw)) refuse('notAbsolute', { path: raw });
}

/** In this OS's path grammar (node:path is path.win32 on Windows): platform/pathContainment.ts. */
export function isInside(parent: string, child: string): boolean {
  return isInsideIn(nodePath, parent, child);
}

/** Real path of a file that may not exist yet (its folder's real path + its name). */
export async function realPathOf(path: string): Promise<string> {
  return realPathIn(nodePath, realpath, path);
}

/** What a file looked like when the plan was made; apply refuses if it changed since. */
export interface FileIdentity {
  sha256: string;
  size: number;
  dev: number;
  ino: number;
  mode: number;
  uid: number;
  gid: number;
}

/**
 * The file at `path` now (null when there is none): its bytes and identity, both from one open
 * descriptor. Only a regular file is read, opened without blocking and capped (certs/regularFile.ts):
 * a FIFO, a device or a socket at the name is refused with what it is, never waited on or read.
 */
export async function identify(path: string): Promise<{ identity: FileIdentity; bytes: Buffer } | null> {
  const read = await readRegularFile(path, { maxBytes: MAX_BUNDLE_BYTES });
  if (!read.ok) {
    if (read.failure === 'not-found') return null;
    refuse('unreadable', { path, reason: read.failure });
  }
  const { bytes, info } = read;
  return {
    bytes,
    identity: {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      dev: info.dev,
      ino: info.ino,
      mode: info.mode,
      uid: info.uid,
      gid: info.gid,
    },
  };
}

/** The bytes of a regular file the repair reads (a certificate file, an upload, a batch), or a
 * refusal that says what is there instead: a pipe, a device, nothing, too much. */
export async function readRegularOrRefuse(path: string, maxBytes = MAX_BUNDLE_BYTES): Promise<Buffer> {
  const read = await readRegularFile(path, { maxBytes });
  if (!read.ok) refuse('unreadable', { path, reason: read.failure });
  return read.bytes;
}

/** Can this process replace the file (rename into its folder) without elevation? */
export async function writableByMe(path: string): Promise<boolean> {
  try {
    // A folder that does not exist yet (TrustFix's data folder before its first change) is made by
    // this user when its nearest existing parent is writable.
    let dir = dirname(path);
    while (
      !(await access(dir).then(
        () => true,
        () => false,
      )) &&
      dirname(dir) !== dir
    )
      dir = dirname(dir);
    await access(dir, constants.W_OK | constants.X_OK);
    await access(path, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    return true;
  } catch {
    return false;
  }
}
