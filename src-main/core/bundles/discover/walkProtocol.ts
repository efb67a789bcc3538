// Messages between the walk coordinator (walk.ts) and its helper threads (walkWorker.ts).

/** Int32 slots of the shared flags buffer. */
export const FLAG_ABORT = 0;
/** How many threads (the coordinator included) are waiting for work. */
export const FLAG_IDLE = 1;

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
