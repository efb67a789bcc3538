// Where the app's scan looks, in stages, so the table fills from the known places (well under a
// second) while the disk walk is still running: 1) the known places and the files the environment
// and the tools' configuration name; 2) the whole disk (or the --root folders), with the OS's file
// index first when it has one. `trustfix ui --no-disk` stops after stage 1; `--root` walks only
// those folders and skips stage 1, judging every certificate-looking file in them (a folder the user
// named), where the whole-disk walk looks only for the usual bundle names.
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isCertificateFile } from '../core/bundles/candidates.ts';
import { configuredFiles } from '../core/bundles/discover/configured.ts';
import { discoverBundles, knownPlaceFiles } from '../core/bundles/discover/discover.ts';
import { platformFor } from '../core/platform/index.ts';

export interface ListProgress {
  /** The folder being read. */
  folder: string;
  /** Folders read so far (the walk). */
  visited?: number;
  /** Candidate files found so far, before judging. */
  candidates?: number;
}

export interface DiscoverStage {
  phase: 'known-places' | 'walk';
  list: (onProgress: (p: ListProgress) => void, signal: AbortSignal) => Promise<string[]>;
}

/** A single listing function (tests inject one): one stage, reported as the walk. */
export type DiscoverFn = (onFolder: (folder: string) => void, signal: AbortSignal) => Promise<string[]>;

export interface StageOptions {
  roots?: string[];
  noDisk?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function discoveryStages(options: StageOptions): DiscoverStage[] {
  const os = platformFor().id;
  const env = options.env ?? process.env;
  const stages: DiscoverStage[] = [];
  if (!options.roots?.length) {
    stages.push({
      phase: 'known-places',
      list: async (onProgress) => {
        onProgress({ folder: '' });
        const home = homedir();
        const known = await knownPlaceFiles(os, home, env);
        const configured = (await configuredFiles(os, home, env)).map((c) => c.path);
        return [...new Set([...known, ...configured])];
      },
    });
  }
  if (options.roots?.length) {
    const roots = options.roots;
    stages.push({ phase: 'walk', list: (onProgress, signal) => walkRoots(roots, onProgress, signal) });
  } else if (!options.noDisk) {
    stages.push({
      phase: 'walk',
      list: async (onProgress, signal) => {
        const found = await discoverBundles({
          knownPlaces: false,
          disk: true,
          env,
          signal,
          progressEveryMs: 100,
          onProgress: (p) => onProgress({ folder: p.current, visited: p.visited, candidates: p.found }),
        });
        return found.files.map((f) => f.path);
      },
    });
  }
  return stages;
}

export function stageOf(fn: DiscoverFn): DiscoverStage {
  return { phase: 'walk', list: (onProgress, signal) => fn((folder) => onProgress({ folder }), signal) };
}

/** Folder by folder under the --root folders, every certificate file; each report says which
 * folder, how many folders were read and how many files found so far (the app shows all three). */
export async function walkRoots(
  roots: readonly string[],
  onProgress: (p: ListProgress) => void,
  signal: AbortSignal,
): Promise<string[]> {
  const files: string[] = [];
  let visited = 0;
  for (const root of roots) {
    const info = await stat(root).catch(() => undefined);
    if (!info) continue;
    if (!info.isDirectory()) {
      files.push(root);
      continue;
    }
    const queue = [root];
    while (queue.length > 0 && !signal.aborted) {
      const dir = queue.shift() as string;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      visited++;
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) queue.push(full);
        else if (e.isFile() && isCertificateFile(e.name)) files.push(full);
      }
      onProgress({ folder: dir, visited, candidates: files.length });
    }
  }
  return files;
}
