// One walk in its own process, for the benchmark (so it is timed like find and fd: start-up
// included). `node walkOnce.mjs DIR` walks DIR; `node walkOnce.mjs /` walks like `trustfix scan`
// does (pseudo, network and removable mounts left out). Prints {found, visited, walkMs} as JSON.
import { walkPlan } from '../../src-main/core/bundles/discover/mounts.ts';
import { walk } from '../../src-main/core/bundles/discover/walk.ts';

const root = process.argv[2] ?? '/';
const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
const plan = root === '/' ? await walkPlan(process.platform, { includeNetwork: false, includeRemovable: false }) : { roots: [root], excluded: [] };
const r = await walk({ roots: plan.roots, excluded: plan.excluded, ...(threads ? { threads } : {}) });
process.stdout.write(`${JSON.stringify({ found: r.found.length, visited: r.visited, walkMs: r.elapsedMs, threads: r.threads })}\n`);
