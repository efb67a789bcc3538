// Two TrustFix processes never change the same file at once (safety rule 6, docs/safety-rules.md): one lock per target,
// kept in the data folder (the target's own folder may not be writable, and a lock must not litter
// site-packages). A lock is a folder made with mkdir (atomic: one process wins). Who holds it is
// written INSIDE that folder (pid, host, a random token), so the record dies with the lock: a
// record left beside a lock could describe a later lock folder that got the same inode, and a live
// lock would be taken for a dead one.
// A lock is taken over only when both hold: its holder is provably gone (same host, pid not
// running; or no holder record at all, the holder killed between mkdir and writing it) AND the lock
// is older than STALE_MS. The takeover renames the folder aside first (one contender wins the
// rename) and checks it moved the very lock it judged (same inode and token) before deleting it.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { msg, Problem } from '../messages.ts';

/** A dead holder's lock younger than this is left alone (its holder might be a process that just
 * made it and has not yet said who it is). */
export const LOCK_STALE_MS = 5_000;
/** How long a second writer waits for the first before refusing. */
export const LOCK_WAIT_MS = 20_000;

interface Holder {
  pid: number;
  host: string;
  token: string;
  target: string;
}

function lockDir(dataDir: string, target: string): string {
  return join(dataDir, 'locks', `${createHash('sha256').update(target).digest('hex').slice(0, 24)}.lock`);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(dir: string): Promise<Holder | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'holder.json'), 'utf8')) as Holder;
  } catch {
    return null;
  }
}

/** Locks this process holds, removed on exit (a normal exit, or process.exit after Ctrl-C twice). */
const held = new Map<string, string>();
process.once('exit', () => {
  for (const dir of held.keys()) rmSync(dir, { recursive: true, force: true });
});

async function tryTake(dir: string, target: string): Promise<string | null> {
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  const token = randomBytes(12).toString('hex');
  held.set(dir, token);
  const holder: Holder = { pid: process.pid, host: hostname(), token, target };
  await writeFile(join(dir, 'holder.json'), JSON.stringify(holder), { flag: 'wx' });
  return token;
}

/** Removes a lock whose holder is provably gone and which is older than its stale period. */
async function takeOverIfGone(dir: string): Promise<void> {
  const info = await lstat(dir).catch(() => null);
  if (!info || Date.now() - info.mtimeMs < LOCK_STALE_MS) return;
  const holder = await readHolder(dir);
  if (holder && (holder.host !== hostname() || processAlive(holder.pid))) return;
  const aside = `${dir}.gone-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(dir, aside);
  } catch {
    return; // another contender moved it first, or its holder released it
  }
  const moved = await lstat(aside).catch(() => null);
  const movedHolder = await readHolder(aside);
  if (
    !moved ||
    moved.ino !== info.ino ||
    movedHolder?.token !== holder?.token ||
    Date.now() - moved.mtimeMs < LOCK_STALE_MS
  ) {
    // Not the lock judged above (it changed in between): put it back untouched.
    await rename(aside, dir).catch(() => undefined);
    return;
  }
  await rm(aside, { recursive: true, force: true });
}

async function release(dir: string, token: string): Promise<void> {
  held.delete(dir);
  if ((await readHolder(dir))?.token === token) await rm(dir, { recursive: true, force: true });
}

/** Runs `work` holding the lock for `target`; waits up to LOCK_WAIT_MS for another process, then
 * refuses (repair:refused.locked). */
export async function withLock<T>(dataDir: string, target: string, work: () => Promise<T>): Promise<T> {
  const dir = lockDir(dataDir, target);
  await mkdir(join(dataDir, 'locks'), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  let token = await tryTake(dir, target);
  while (token === null) {
    if (Date.now() > deadline) throw new Problem(msg('repair:refused.locked', { path: target }));
    await takeOverIfGone(dir);
    token = await tryTake(dir, target);
    if (token === null) await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 50)));
  }
  try {
    return await work();
  } finally {
    await release(dir, token).catch(() => undefined);
  }
}

/** Holds the locks of several targets at once (in a fixed order, so two processes never deadlock). */
export async function withLocks<T>(dataDir: string, targets: string[], work: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...new Set(targets)].sort();
  return first === undefined ? work() : withLock(dataDir, first, () => withLocks(dataDir, rest, work));
}
