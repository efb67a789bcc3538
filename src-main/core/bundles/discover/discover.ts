// Finding CA bundles: the known places (answers in well under a second), the files the environment
// and the tools' configuration name, the OS's file index when there is one, then the whole disk (or
// the folders asked for). Returns paths and how each was found; judging them is the caller's step.
import { homedir } from 'node:os';
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { platformFor } from '../../platform/index.ts';
import type { PlatformId } from '../../platform/types.ts';
import { CANDIDATE_NAMES } from '../candidates.ts';
import type { AcceleratorInfo } from '../../platform/fileIndex.ts';
import { configuredFiles } from './configured.ts';
import { KNOWN_PLACES } from './knownPlaces.ts';
import { ALWAYS_SKIPPED, type MountVerdict, type WalkPlan } from '../../platform/mounts.ts';
import { PatternMatcher } from './patterns.ts';
import { walk, type WalkProgress } from './walk.ts';
import type { ScanCacheInfo } from '../rescan/cacheInfo.ts';

export type FoundBy = 'known-place' | 'configured' | 'index' | 'walk';

export interface FoundFile {
  path: string;
  foundBy: FoundBy[];
  /** For configured files: what names them ("SSL_CERT_FILE", "pip:/etc/pip.conf", ...). */
  configuredBy?: string[];
}

export type DiscoverPhase = 'known-places' | 'index' | 'walk' | 'judge';

export interface DiscoverProgress {
  phase: DiscoverPhase;
  /** Folders read by the walk so far. */
  visited: number;
  /** Candidate files found so far (before judging). */
  found: number;
  /** The folder being read, or the file being judged. */
  current: string;
  elapsedMs: number;
}

export interface DiscoverOptions {
  /** Look in the known places and configured files (default: yes, unless `roots` are given). */
  knownPlaces?: boolean;
  /** Walk the whole disk (default: yes). Ignored when `roots` are given. */
  disk?: boolean;
  /** Walk only these folders (symlinked folders leading outside them are followed, loops cut). */
  roots?: string[];
  includeNetwork?: boolean;
  includeRemovable?: boolean;
  /** Ask the OS's file index: "auto" before the walk, "only" instead of it when it answers, "off" never. */
  index?: 'auto' | 'only' | 'off';
  threads?: number;
  os?: PlatformId;
  home?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  onProgress?: (progress: DiscoverProgress) => void;
  progressEveryMs?: number;
  /** Each file once, as soon as any way finds it (the walk's while it goes on): the caller can judge
   * it meanwhile. The result's `files` lists them all again, sorted. */
  onFound?: (path: string) => void;
}

export interface DiscoveryInfo {
  visited: number;
  skipped: number;
  unreadable: number;
  elapsedMs: number;
  accelerator: AcceleratorInfo | null;
  /** True when a cancel stopped the search: the findings are partial. */
  aborted: boolean;
  roots: string[];
  /** Mount points left out of the walk and why. */
  left: Array<{ path: string; why: MountVerdict }>;
  unreadableSample: string[];
  knownPlaces: number;
  walkMs: number;
  threads: number;
  /** pyvenv.cfg files the walk passed: one per virtual environment. */
  venvs: string[];
  /** After a cancel: files found but left unjudged when the time to judge them ran out. */
  unjudged?: number;
  /** How the scan cache served this scan (rescan/cachedScan.ts): absent when the cache was not asked. */
  cache?: ScanCacheInfo;
}

export interface DiscoveryResult {
  files: FoundFile[];
  info: DiscoveryInfo;
}

/** The existing files the known places of this OS name. */
export async function knownPlaceFiles(
  os: PlatformId,
  home: string,
  env: Record<string, string | undefined>,
): Promise<string[]> {
  const matcher = new PatternMatcher({ home, env, caseInsensitive: platformFor(os).caseInsensitivePaths });
  const lists = await Promise.all(KNOWN_PLACES[os].map((p) => matcher.match(p.pattern)));
  return [...new Set(lists.flat())].sort();
}

/** The walk of folders asked for: the OS's pseudo file systems that lie inside them (/proc, /sys
 * and /dev under `--root /`) are left out as in the whole-disk walk; a root that is one of them
 * itself is walked, since it was asked for. Known without reading anything, so the walk starts at once. */
export function rootsPlan(
  os: PlatformId,
  roots: string[],
  policy: { includeNetwork?: boolean; includeRemovable?: boolean } = {},
): WalkPlan {
  const always = ALWAYS_SKIPPED[os].filter(
    (p) => p !== '/Volumes' || !(policy.includeNetwork || policy.includeRemovable),
  );
  const inside = (path: string, root: string): boolean =>
    path !== root && path.startsWith(root.endsWith(sep) ? root : root + sep);
  return { roots, excluded: always.filter((p) => roots.some((r) => inside(p, resolve(r)))), left: [] };
}

export async function discoverBundles(options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const started = performance.now();
  const os = options.os ?? platformFor().id;
  const home = options.home ?? homedir();
  const env = options.env ?? process.env;
  const { signal } = options;
  const files = new Map<string, FoundFile>();
  const announced = new Set<string>();
  const announce = (path: string): void => {
    if (!options.onFound || announced.has(path)) return;
    announced.add(path);
    options.onFound(path);
  };
  const add = (path: string, by: FoundBy, configuredBy?: string): void => {
    announce(path);
    let f = files.get(path);
    if (!f) files.set(path, (f = { path, foundBy: [] }));
    if (!f.foundBy.includes(by)) f.foundBy.push(by);
    if (configuredBy) (f.configuredBy ??= []).push(configuredBy);
  };
  const info: DiscoveryInfo = {
    visited: 0,
    skipped: 0,
    unreadable: 0,
    elapsedMs: 0,
    accelerator: null,
    aborted: false,
    roots: [],
    left: [],
    unreadableSample: [],
    knownPlaces: 0,
    walkMs: 0,
    threads: 0,
    venvs: [],
  };
  const report = (phase: DiscoverPhase, p?: WalkProgress): void =>
    options.onProgress?.({
      phase,
      visited: p?.visited ?? info.visited,
      found: files.size + (p?.found ?? 0),
      current: p?.current ?? '',
      elapsedMs: Math.round(performance.now() - started),
    });

  const useKnown = options.knownPlaces ?? !options.roots;
  const indexMode = options.index ?? 'auto';
  let walkNeeded = options.roots !== undefined || options.disk !== false;
  // The walk takes longest, so it starts first and the known places and the OS's index are asked
  // while its threads read folders; only "index only" must hear the index before it knows whether to walk.
  let walking: Promise<void> | undefined;
  let walked: string[] = [];
  // Folders asked for are planned at once (no await: their walk starts inside this call); the whole
  // disk's plan reads the mount table.
  const planWalk = (): WalkPlan | Promise<WalkPlan> =>
    options.roots
      ? rootsPlan(os, options.roots, options)
      : platformFor(os).walkPlan(
          { includeNetwork: options.includeNetwork ?? false, includeRemovable: options.includeRemovable ?? false },
          signal,
        );
  const startWalk = async (plan: WalkPlan): Promise<void> => {
    info.roots = plan.roots;
    info.left = plan.left;
    const result = await walk({
      roots: plan.roots,
      excluded: plan.excluded,
      followSymlinks: options.roots !== undefined,
      ...(options.threads ? { threads: options.threads } : {}),
      ...(signal ? { signal } : {}),
      onProgress: (p) => report('walk', p),
      progressEveryMs: options.progressEveryMs ?? 100,
      ...(options.onFound ? { onFound: announce } : {}),
    });
    Object.assign(info, {
      visited: result.visited,
      skipped: result.skipped + plan.left.length,
      unreadable: result.unreadable,
      unreadableSample: result.unreadableSample,
      walkMs: result.elapsedMs,
      threads: result.threads,
      venvs: result.venvs,
    });
    walked = result.found;
  };
  if (walkNeeded && indexMode !== 'only' && !signal?.aborted) {
    // The plan first (a few ms: Linux reads /proc/self/mountinfo), so the walk's first slice and its
    // helper thread are under way before the known places' globbing takes this thread (measured:
    // planned alongside them, the walk began 180 ms late).
    const plan = planWalk();
    walking = startWalk(plan instanceof Promise ? await plan : plan);
    walking.catch(() => undefined); // awaited below; a failure of the known places first must not leave it unhandled
  }

  if (useKnown && !signal?.aborted) {
    if (!walking) report('known-places');
    for (const path of await knownPlaceFiles(os, home, env)) add(path, 'known-place');
    for (const c of await configuredFiles(os, home, env)) add(c.path, 'configured', c.by);
    // Files, not ways to reach them: /usr/lib/ssl/cert.pem and the bundle it links to are one file,
    // judged once (scanAll.ts), so the sentence about the known places counts them once too.
    info.knownPlaces = new Set(await Promise.all([...files.keys()].map((p) => realpath(p).catch(() => p)))).size;
    if (!walking) report('known-places');
  }

  if (walkNeeded && !options.roots && indexMode !== 'off' && !signal?.aborted) {
    if (!walking) report('index');
    const answer = await platformFor(os)
      .askIndex(CANDIDATE_NAMES, signal)
      .catch(() => undefined);
    if (answer) {
      info.accelerator = answer.info;
      // An index can be older than the disk: keep only what is still there.
      const present = await Promise.all(
        answer.paths.map((p) =>
          stat(p).then(
            (s) => s.isFile(),
            () => false,
          ),
        ),
      );
      answer.paths.forEach((p, i) => present[i] && add(p, 'index'));
      if (indexMode === 'only' && !answer.info.error) walkNeeded = false;
    }
  }

  if (walkNeeded && !walking && !signal?.aborted) walking = startWalk(await planWalk()); // after an "index only" that did not answer
  // The walk's findings come after the others', as before: "found by" lists the known place first.
  await walking;
  for (const path of walked) add(path, 'walk');
  info.aborted = signal?.aborted ?? false;
  info.elapsedMs = Math.round(performance.now() - started);
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), info };
}

/** The app's listing step, in the shape `api/walk.ts` plugs in (`DiscoverFn`): the known places and
 * the walk, telling the app which folder is being read; files come back for judging. */
export function bundleLister(
  options: Omit<DiscoverOptions, 'signal' | 'onProgress'> = {},
): (onFolder: (folder: string) => void, signal: AbortSignal) => Promise<string[]> {
  return async (onFolder, signal) => {
    const found = await discoverBundles({ ...options, signal, onProgress: (p) => p.current && onFolder(p.current) });
    return found.files.map((f) => f.path);
  };
}
