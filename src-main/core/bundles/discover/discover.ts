// Finding CA bundles: the known places (answers in well under a second), the files the environment
// and the tools' configuration name, the OS's file index when there is one, then the whole disk (or
// the folders asked for). Returns paths and how each was found; judging them is the caller's step.
import { homedir } from 'node:os';
import { realpath, stat } from 'node:fs/promises';
import { platformFor } from '../../platform/index.ts';
import type { PlatformId } from '../../platform/types.ts';
import { CANDIDATE_NAMES } from '../candidates.ts';
import type { AcceleratorInfo } from '../../platform/fileIndex.ts';
import { configuredFiles } from './configured.ts';
import { KNOWN_PLACES } from './knownPlaces.ts';
import type { MountVerdict } from '../../platform/mounts.ts';
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
export async function knownPlaceFiles(os: PlatformId, home: string, env: Record<string, string | undefined>): Promise<string[]> {
  const matcher = new PatternMatcher({ home, env, caseInsensitive: platformFor(os).caseInsensitivePaths });
  const lists = await Promise.all(KNOWN_PLACES[os].map((p) => matcher.match(p.pattern)));
  return [...new Set(lists.flat())].sort();
}

export async function discoverBundles(options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const started = performance.now();
  const os = options.os ?? platformFor().id;
  const home = options.home ?? homedir();
  const env = options.env ?? process.env;
  const { signal } = options;
  const files = new Map<string, FoundFile>();
  const add = (path: string, by: FoundBy, configuredBy?: string): void => {
    let f = files.get(path);
    if (!f) files.set(path, (f = { path, foundBy: [] }));
    if (!f.foundBy.includes(by)) f.foundBy.push(by);
    if (configuredBy) (f.configuredBy ??= []).push(configuredBy);
  };
  const info: DiscoveryInfo = {
    visited: 0, skipped: 0, unreadable: 0, elapsedMs: 0, accelerator: null, aborted: false, roots: [], left: [],
    unreadableSample: [], knownPlaces: 0, walkMs: 0, threads: 0, venvs: [],
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
  if (useKnown && !signal?.aborted) {
    report('known-places');
    for (const path of await knownPlaceFiles(os, home, env)) add(path, 'known-place');
    for (const c of await configuredFiles(os, home, env)) add(c.path, 'configured', c.by);
    // Files, not ways to reach them: /usr/lib/ssl/cert.pem and the bundle it links to are one file,
    // judged once (scanAll.ts), so the sentence about the known places counts them once too.
    info.knownPlaces = new Set(await Promise.all([...files.keys()].map((p) => realpath(p).catch(() => p)))).size;
    report('known-places');
  }

  let walkNeeded = options.roots !== undefined || options.disk !== false;
  const indexMode = options.index ?? 'auto';
  if (walkNeeded && !options.roots && indexMode !== 'off' && !signal?.aborted) {
    report('index');
    const answer = await platformFor(os).askIndex(CANDIDATE_NAMES, signal).catch(() => undefined);
    if (answer) {
      info.accelerator = answer.info;
      // An index can be older than the disk: keep only what is still there.
      const present = await Promise.all(answer.paths.map((p) => stat(p).then((s) => s.isFile(), () => false)));
      answer.paths.forEach((p, i) => present[i] && add(p, 'index'));
      if (indexMode === 'only' && !answer.info.error) walkNeeded = false;
    }
  }

  if (walkNeeded && !signal?.aborted) {
    const plan = options.roots
      ? { roots: options.roots, excluded: [], left: [] }
      : await platformFor(os).walkPlan({ includeNetwork: options.includeNetwork ?? false, includeRemovable: options.includeRemovable ?? false }, signal);
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
    });
    for (const path of result.found) add(path, 'walk');
    Object.assign(info, {
      visited: result.visited,
      skipped: result.skipped + plan.left.length,
      unreadable: result.unreadable,
      unreadableSample: result.unreadableSample,
      walkMs: result.elapsedMs,
      threads: result.threads,
      venvs: result.venvs,
    });
  }
  info.aborted = signal?.aborted ?? false;
  info.elapsedMs = Math.round(performance.now() - started);
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), info };
}

/** The app's listing step, in the shape `api/walk.ts` plugs in (`DiscoverFn`): the known places and
 * the walk, telling the app which folder is being read; files come back for judging. */
export function bundleLister(options: Omit<DiscoverOptions, 'signal' | 'onProgress'> = {}): (onFolder: (folder: string) => void, signal: AbortSignal) => Promise<string[]> {
  return async (onFolder, signal) => {
    const found = await discoverBundles({ ...options, signal, onProgress: (p) => p.current && onFolder(p.current) });
    return found.files.map((f) => f.path);
  };
}
