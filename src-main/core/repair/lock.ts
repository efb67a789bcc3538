// Two TrustFix processes never modify the same file at once: one lock per target, kept in the data
// folder (the target's own folder may not be writable, and a lock must not litter site-packages).
// proper-lockfile with realpath:false locks a file that may not exist. A process killed while holding
// a lock leaves it behind; the holder's pid is written next to it, so a lock whose process is gone
// is taken over at once instead of after the stale timeout. (The owner file records the lock
// folder's inode: one that does not match belongs to an older holder, and the lock counts as alive.)
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

export class LockedError extends Error {
  readonly target: string;
  constructor(target: string) {
    super(`another TrustFix process is changing ${target}`);
    this.target = target;
  }
}

function lockPath(dataDir: string, target: string): string {
  return join(dataDir, 'locks', createHash('sha256').update(target).digest('hex').slice(0, 24));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function takeOverDead(file: string): Promise<boolean> {
  try {
    const owner = JSON.parse(await readFile(`${file}.owner`, 'utf8')) as { pid: number; host: string; ino: number };
    const held = await stat(`${file}.lock`);
    // The owner file describes this very lock folder (same inode), and its process is gone.
    if (held.ino !== owner.ino || owner.host !== hostname() || alive(owner.pid)) return false;
    await rm(`${file}.lock`, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` holding the lock for `target`; waits up to ~10 s for another process, then fails. */
export async function withLock<T>(dataDir: string, target: string, work: () => Promise<T>): Promise<T> {
  const file = lockPath(dataDir, target);
  await mkdir(join(dataDir, 'locks'), { recursive: true });
  let release: (() => Promise<void>) | undefined;
  for (let attempt = 0; attempt < 100 && !release; attempt++) {
    try {
      release = await lockfile.lock(file, { realpath: false, stale: 10_000, update: 2_000, retries: 0 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (await takeOverDead(file)) continue;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!release) throw new LockedError(target);
  // Tied to the lock folder proper-lockfile just made by its inode, so it never describes an older holder.
  const { ino } = await stat(`${file}.lock`);
  await writeFile(`${file}.owner`, JSON.stringify({ pid: process.pid, host: hostname(), ino, target }));
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}

/** Holds the locks of several targets at once (in a fixed order, so two processes never deadlock). */
export async function withLocks<T>(dataDir: string, targets: string[], work: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...new Set(targets)].sort();
  return first === undefined ? work() : withLock(dataDir, first, () => withLocks(dataDir, rest, work));
}
