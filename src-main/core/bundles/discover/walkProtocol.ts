// Messages between the walk coordinator (walk.ts) and its helper threads (walkWorker.ts).

/** Int32 slots of the shared flags buffer. */
export const FLAG_ABORT = 0;
/** 1 while some thread waits for work and nothing is queued: the first helper to see it (and swap
 * it to 0) gives away half its stack, so one hungry thread gets one share, not one per step. */
export const FLAG_HUNGRY = 1;

export interface WorkerSetup {
  flags: SharedArrayBuffer;
  /** Candidate file names, lower-case (a name is tried as-is, then lower-cased). */
  names: string[];
  /** Folders never entered (pseudo, network, removable mounts): exact paths. */
  excluded: string[];
  realRoots: string[];
  followSymlinks: boolean;
  sep: string;
  reportEveryMs: number;
}

/** What a thread saw since its last message. */
export interface WalkCounts {
  visited: number;
  unreadable: number;
  skipped: number;
  found: string[];
  venvs: string[];
  unreadableSample: string[];
  current: string;
}

export interface ToWorker {
  dirs: string[];
}

export interface FromWorker {
  /** "idle": my stack is empty (also sent once at start-up); "share": take these folders. */
  kind: 'progress' | 'idle' | 'share';
  counts: WalkCounts;
  shared: string[];
}
