// The whole-disk walk. This thread starts reading folders at once, in short slices so progress and
// cancellation stay live; helper threads (walkWorker.ts) join when a walk proves big, and whoever
// runs dry is handed the shallow half of a busy thread's stack. Candidate files are matched by name;
// pyvenv.cfg files met on the way are reported too (the interpreter finder uses them). An abort stops
// every thread at its next folder and resolves with what was found so far, well within 200 ms.
import { realpathSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { sep as pathSep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CANDIDATE_NAMES } from '../candidates.ts';
import { DirWalker } from './walkCore.ts';
import { FLAG_ABORT, FLAG_HUNGRY, type FromWorker, type WalkCounts, type WorkerSetup } from './walkProtocol.ts';

export interface WalkProgress {
  visited: number;
  found: number;
  unreadable: number;
  skipped: number;
  /** A folder read most recently. */
  current: string;
  elapsedMs: number;
}

export interface WalkOptions {
  roots: string[];
  /** Folders never entered, as exact paths (mount points of pseudo, network, removable file systems). */
  excluded?: Iterable<string>;
  /** Walk symlinked folders whose target lies outside every root (once each; loops are cut). */
  followSymlinks?: boolean;
  /** Threads in all, this one included (default: defaultThreads(), one per core up to 4 unless the machine is busy). */
  threads?: number;
  names?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: WalkProgress) => void;
  progressEveryMs?: number;
  /** Each candidate file as soon as its thread hands it in (helpers do within a few ms): the caller
   * can judge it while the walk goes on. The result's `found` lists them all again, sorted. */
  onFound?: (path: string) => void;
}

export interface WalkResult {
  /** Files with a candidate name, sorted. */
  found: string[];
  /** pyvenv.cfg files passed on the way: each marks a virtual environment. */
  venvs: string[];
  visited: number;
  skipped: number;
  unreadable: number;
  /** The first unreadable folders, to show the user. */
  unreadableSample: string[];
  elapsedMs: number;
  aborted: boolean;
  threads: number;
}

/** Longest stretch this thread reads folders before it lets messages, progress and aborts through. */
const SLICE_MS = 8;
/** After an abort, how long helper threads get to hand in their last findings. */
const ABORT_GRACE_MS = 100;

/**
 * One thread per core, at most 4, on a machine with cores to spare. When every core is already busy
 * (the last minute's load average at or above the core count), one: a helper thread then costs more
 * than it gives (starting it takes 70-130 ms of CPU, and the threads only take turns with the other
 * work). Measured on 2 busy cores (load 6-8): the walk alone of 200,000 files took a median 1.11 s
 * and 0.65 CPU-s with one thread, 1.42 s and 0.90 CPU-s with two (docs/performance.md, "The walk").
 * Windows reports no load average (zeros): there it is always one per core.
 */
export function defaultThreads(cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  if (load >= cores) return 1;
  return Math.min(cores, 4);
}

function workerUrl(): URL {
  // Sources run as .ts (type stripping); the build emits .js next to this file.
  return new URL(import.meta.url.endsWith('.ts') ? './walkWorker.ts' : './walkWorker.js', import.meta.url);
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

export function walk(options: WalkOptions): Promise<WalkResult> {
  const started = performance.now();
  const threads = Math.max(1, options.threads ?? defaultThreads());
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const progressEvery = options.progressEveryMs ?? 100;
  const setup: WorkerSetup = {
    flags: flags.buffer as SharedArrayBuffer,
    names: [...(options.names ?? CANDIDATE_NAMES)].map((n) => n.toLowerCase()),
    excluded: [...(options.excluded ?? [])],
    realRoots: options.roots.map(realRoot),
    followSymlinks: options.followSymlinks ?? false,
    sep: pathSep,
    reportEveryMs: Math.max(20, Math.min(progressEvery, 100)),
  };
  const result: WalkResult = {
    found: [],
    venvs: [],
    visited: 0,
    skipped: 0,
    unreadable: 0,
    unreadableSample: [],
    elapsedMs: 0,
    aborted: false,
    threads: 1,
  };
  const main = new DirWalker(setup);
  for (const root of [...new Set(options.roots)].reverse()) main.stack.push(root);
  const queue: string[] = [];
  const workers: Worker[] = [];
  const online = new Set<Worker>();
  const idle: Worker[] = [];
  let mainIdle = false;
  let finished = false;
  let current = '';
  let lastProgress = 0;

  return new Promise<WalkResult>((resolve) => {
    const absorb = (c: WalkCounts): void => {
      result.visited += c.visited;
      result.unreadable += c.unreadable;
      result.skipped += c.skipped;
      for (const f of c.found) {
        result.found.push(f);
        options.onFound?.(f);
      }
      for (const v of c.venvs) result.venvs.push(v);
      for (const u of c.unreadableSample) if (result.unreadableSample.length < 50) result.unreadableSample.push(u);
      if (c.current) current = c.current;
    };

    const progress = (force: boolean): void => {
      if (!options.onProgress) return;
      const now = performance.now();
      if (!force && now - lastProgress < progressEvery) return;
      lastProgress = now;
      const { visited, found, unreadable, skipped } = result;
      options.onProgress({
        visited,
        found: found.length,
        unreadable,
        skipped,
        current,
        elapsedMs: Math.round(now - started),
      });
    };

    const finish = (): void => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      absorb(main.take());
      result.found.sort();
      result.venvs.sort();
      result.threads = 1 + online.size;
      result.elapsedMs = Math.round(performance.now() - started);
      progress(true);
      resolve(result);
    };

    const checkDone = (): void => {
      if (mainIdle && queue.length === 0 && idle.length === online.size) finish();
    };

    const dispatch = (): void => {
      if (finished || flags[FLAG_ABORT]) return;
      if (mainIdle && queue.length > 0) {
        mainIdle = false;
        for (const d of queue.splice(0, Math.ceil(queue.length / (idle.length + 1)))) main.stack.push(d);
        setImmediate(slice);
      }
      while (queue.length > 0 && idle.length > 0) {
        const worker = idle.pop()!;
        worker.postMessage({ dirs: queue.splice(0, Math.ceil(queue.length / (idle.length + 1))) });
      }
      hunger();
      checkDone();
    };

    /** Ask the helpers for work exactly while some thread waits and nothing is queued. */
    const hunger = (): void => {
      Atomics.store(flags, FLAG_HUNGRY, queue.length === 0 && (mainIdle || idle.length > 0) ? 1 : 0);
    };

    const spawnHelpers = (): void => {
      for (let i = 1; i < threads; i++) {
        // `--input-type` (from `node -e`) is refused by a worker that loads a file: leave it out.
        const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
        const worker = new Worker(workerUrl(), { workerData: setup, execArgv });
        worker.on('message', (m: FromWorker) => {
          absorb(m.counts);
          if (finished) return;
          if (m.kind === 'share') for (const d of m.shared) queue.push(d);
          if (m.kind === 'idle') {
            online.add(worker);
            idle.push(worker);
          }
          progress(false);
          if (flags[FLAG_ABORT]) {
            if (idle.length === online.size) finish();
          } else dispatch();
        });
        worker.on('error', () => {
          // A helper that dies loses its stack; the others carry on.
          online.delete(worker);
          const at = idle.indexOf(worker);
          if (at >= 0) idle.splice(at, 1);
          if (!finished) checkDone();
        });
        workers.push(worker);
      }
    };

    function slice(): void {
      if (finished || flags[FLAG_ABORT]) return;
      const deadline = performance.now() + SLICE_MS;
      for (let n = 1; ; n++) {
        if (main.stack.length === 0 && queue.length > 0)
          main.stack.push(...queue.splice(0, Math.ceil(queue.length / (idle.length + 1))));
        if (!main.step()) break;
        if ((n & 15) === 0 && performance.now() > deadline) break;
      }
      absorb(main.take());
      // A walk that outlives its first slice is big enough to be worth more threads.
      if (workers.length === 0 && threads > 1 && main.stack.length > 0) spawnHelpers();
      if (idle.length > 0 && main.stack.length > 1) {
        for (const d of main.stack.splice(0, main.stack.length >> 1)) queue.push(d);
        dispatch();
      }
      progress(false);
      if (main.stack.length > 0 || queue.length > 0) {
        setImmediate(slice);
        return;
      }
      mainIdle = true;
      hunger();
      checkDone();
    }

    function onAbort(): void {
      result.aborted = true;
      Atomics.store(flags, FLAG_ABORT, 1);
      if (idle.length === online.size) finish();
      else setTimeout(finish, ABORT_GRACE_MS).unref();
    }

    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // The first slice runs now, not on the next turn: a big walk has its helper threads starting
    // before the caller goes on to its own work (loading the reference, say), which then overlaps.
    slice();
  });
}
