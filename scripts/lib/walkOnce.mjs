// One walk in its own process, for the benchmark (so it is timed like find and fd: start-up
// included). `node walkOnce.mjs DIR` walks DIR; `node walkOnce.mjs /` walks like `trustfix scan`
// does (pseudo, network and removable mounts left out). Prints {found, visited, walkMs} as JSON.
// Runs the built JavaScript (what `trustfix` runs once built) when it is there, else the sources.
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';

enableCompileCache?.(); // as bin/trustfix.js does: what a user's second run finds

const built = new URL('../../dist/src-main/core/bundles/discover/', import.meta.url);
const source = new URL('../../src-main/core/bundles/discover/', import.meta.url);
const useBuilt = existsSync(new URL('walk.js', built));
const { walk } = await import(new URL(useBuilt ? 'walk.js' : 'walk.ts', useBuilt ? built : source).href);
const { walkPlan } = await import(new URL(useBuilt ? 'mounts.js' : 'mounts.ts', useBuilt ? built : source).href);

const root = process.argv[2] ?? '/';
const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
const plan = root === '/' ? await walkPlan(process.platform, { includeNetwork: false, includeRemovable: false }) : { roots: [root], excluded: [] };
const r = await walk({ roots: plan.roots, excluded: plan.excluded, ...(threads ? { threads } : {}) });
process.stdout.write(`${JSON.stringify({ found: r.found.length, visited: r.visited, walkMs: r.elapsedMs, threads: r.threads, built: useBuilt })}\n`);
