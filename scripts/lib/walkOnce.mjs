// One walk in its own process, the walk alone (no judging), for the benchmark's extra lines: timed
// like find and fd, start-up included. `node walkOnce.mjs DIR [THREADS]` walks DIR; `node walkOnce.mjs /`
// walks as `trustfix scan` does (pseudo, network and removable mounts left out). Prints
// {found, visited, walkMs, threads} as JSON. Runs the built JavaScript (bin/trustfix.js runs it too).
import { enableCompileCache } from 'node:module';

enableCompileCache?.(); // as bin/trustfix.js does: what a user's second run finds

const dist = new URL('../../dist/src-main/core/', import.meta.url);
const { walk } = await import(new URL('bundles/discover/walk.js', dist).href);
const { platformFor } = await import(new URL('platform/index.js', dist).href);

const root = process.argv[2] ?? '/';
const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
const plan =
  root === '/'
    ? await platformFor().walkPlan({ includeNetwork: false, includeRemovable: false })
    : { roots: [root], excluded: [] };
const r = await walk({ roots: plan.roots, excluded: plan.excluded, ...(threads ? { threads } : {}) });
process.stdout.write(
  `${JSON.stringify({ found: r.found.length, visited: r.visited, walkMs: r.elapsedMs, threads: r.threads })}\n`,
);
