// Where a cached rescan's time goes, phase by phase, in one process (scripts/bench/50-rescan.mjs
// prints it): a first `trustfix scan --json` in a child fills a fresh data folder, then this process
// runs what the second scan runs, step by step, from the build (dist/), timing each step. Loading a
// step's modules is counted in that step, as in the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist/src-main');
const data = mkdtempSync(join(tmpdir(), 'trustfix-bench-phases-'));
spawnSync(process.execPath, [join(root, 'bin/trustfix.js'), 'scan', '--json', '--data-dir', data], { stdio: 'ignore' });

const rows = [];
let last = performance.now();
const step = async (label, fn) => {
  const value = await fn();
  const now = performance.now();
  rows.push([label, now - last]);
  last = now;
  return value;
};

const ctx = await step('reference and OS store (context)', async () =>
  (await import(join(dist, 'core/context.js'))).createContext({}),
);
const loaded = await step('cache file read and checked (also inside the cached search)', async () =>
  (await import(join(dist, 'core/bundles/rescan/cacheFile.js'))).loadCache(data),
);
await step('known places alone (also inside the next step)', async () =>
  (await import(join(dist, 'core/bundles/discover/discover.js'))).discoverBundles({ disk: false, index: 'off' }),
);
const report = await step('cached search + judging (known places again)', async () =>
  (await import(join(dist, 'core/bundles/rescan/cachedScan.js'))).cachedScanAll(ctx, {}, { dataDir: data }),
);
const py = await step('Pythons (probe cache)', async () =>
  (await import(join(dist, 'core/pythons/probeAll.js'))).scanPythons({
    dataDir: data,
    useCache: true,
    pyvenvCfgs: report.discovery.venvs,
  }),
);
const attached = await step('Pythons attached to bundles', async () =>
  (await import(join(dist, 'core/pythons/attach.js'))).attachVerdicts(py.pythons, report.bundles, ctx),
);
await step('other HTTPS clients (each asked its version and settings)', async () =>
  (await import(join(dist, 'core/clients/scanClients.js'))).scanClients(ctx, attached.bundles, {
    pythons: attached.pythons,
    signal: new AbortController().signal,
  }),
);
rmSync(data, { recursive: true, force: true });
console.log(
  `phases of a cached rescan, in process (cache ${loaded.ignored ? `ignored: ${loaded.ignored}` : 'read'}; ${report.discovery.cache.filesReused} files reused, ${report.discovery.cache.filesRead} read; ${py.timing.cached} probes reused):`,
);
for (const [label, ms] of rows) console.log(`  ${label.padEnd(58)} ${ms.toFixed(0).padStart(5)} ms`);
