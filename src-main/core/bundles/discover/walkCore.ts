// Reading folders, the part every walking thread shares (the coordinator's own thread and the
// worker threads). readdirSync is the fastest way Node lists a folder (no promise per folder; the
// entry types come with the names, so no stat per entry). Symlinked folders are followed only when
// asked, only when their target lies outside every root, and once each: no loop can form.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import type { WalkCounts, WorkerSetup } from './walkProtocol.ts';

export function emptyCounts(): WalkCounts {
  return { visited: 0, unreadable: 0, skipped: 0, found: [], venvs: [], unreadableSample: [], current: '' };
}

export class DirWalker {
  readonly stack: string[] = [];
  counts: WalkCounts = emptyCounts();
  private readonly names: Set<string>;
  private readonly nameLengths: Set<number>;
  private readonly excluded: Set<string>;
  private readonly setup: WorkerSetup;
  /** Real paths of folders reached through symlinks: a second arrival is a loop or a duplicate. */
  private readonly followed = new Set<string>();

  constructor(setup: WorkerSetup) {
    this.setup = setup;
    this.names = new Set(setup.names);
    this.nameLengths = new Set(setup.names.map((n) => n.length));
    this.excluded = new Set(setup.excluded);
  }

  /** Counts since the last take, and a fresh set for the next batch. */
  take(): WalkCounts {
    const out = this.counts;
    this.counts = emptyCounts();
    this.counts.current = out.current;
    return out;
  }

  /** Reads one folder from the stack; false when the stack is empty. */
  step(): boolean {
    const dir = this.stack.pop();
    if (dir === undefined) return false;
    const c = this.counts;
    const sep = this.setup.sep;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') {
        c.unreadable++;
        if (c.unreadableSample.length < 20) c.unreadableSample.push(dir);
      }
      return true; // vanished (ENOENT) or not a folder after all: nothing to count
    }
    c.visited++;
    c.current = dir;
    const base = dir.endsWith(sep) ? dir : dir + sep;
    const stack = this.stack;
    const excluded = this.excluded;
    const follow = this.setup.followSymlinks;
    // An indexed loop with locals: this runs once per entry on the disk, so it is kept lean.
    for (let i = 0, n = entries.length; i < n; i++) {
      const entry = entries[i]!;
      const name = entry.name;
      if (entry.isDirectory()) {
        const path = base + name;
        if (excluded.size > 0 && excluded.has(path)) c.skipped++;
        else stack.push(path);
      } else if (this.isCandidate(name)) {
        c.found.push(base + name);
      } else if (name === 'pyvenv.cfg') {
        c.venvs.push(base + name);
      } else if (follow && entry.isSymbolicLink()) {
        this.followLink(base + name);
      }
    }
    return true;
  }

  private isCandidate(name: string): boolean {
    if (!this.nameLengths.has(name.length)) return false;
    return this.names.has(name) || this.names.has(name.toLowerCase());
  }

  private insideRoots(real: string): boolean {
    const sep = this.setup.sep;
    for (const root of this.setup.realRoots) {
      if (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
    }
    return false;
  }

  private followLink(path: string): void {
    let real: string;
    try {
      real = realpathSync(path);
      if (!statSync(real).isDirectory()) return;
    } catch {
      return; // dangling, or a loop of links (ELOOP): nothing to walk
    }
    // Inside a root, the walk reaches the target directly (and a link to an ancestor would loop).
    if (this.insideRoots(real) || this.followed.has(real) || this.excluded.has(real)) {
      this.counts.skipped++;
      return;
    }
    this.followed.add(real);
    this.stack.push(path);
  }
}
