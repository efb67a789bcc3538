// Issue 12's benchmark: time and peak memory of whole scans, each in its own process as users run it
// (bin/trustfix.js, built), peak from GNU time (scripts/lib/measured.mjs).
//  1. This machine's real disk: `scan --root / --json --no-pythons` (the walk and judging only),
//     `scan --json` (known places, OS index, walk, Pythons) and `scan` (the same, with the table).
//  2. A crowded tree (scripts/lib/crowdedTree.mjs: every trap beside BENCH_LINKS x 12 real bundles)
//     on its own, --json and the table.
//  3. The whole disk again with that tree planted under /tmp; then the tree is removed.
// Aim (issue 12): under 200 MB on the real disk, under 300 MB with the traps planted.
// BENCH_RUNS (default 3) runs of each, interleaved; median time, highest peak.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plantCrowdedTree } from '../lib/crowdedTree.mjs';
import { hasGnuTime, measured, median, NO_TIME_NOTE } from '../lib/measured.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LINKS = Number(process.env.BENCH_LINKS ?? 400);
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin/trustfix.js');

spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: 'inherit' });
if (!hasGnuTime) console.log(NO_TIME_NOTE);
console.log(
  `machine: ${availableParallelism()} cores; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

/** Runs each case RUNS times, interleaved, and prints one line per case. */
function bench(title, cases) {
  spawnSync(process.execPath, [cli, ...cases[0].args], { stdio: 'ignore' }); // fill the compile cache, warm the disk cache
  const results = new Map(cases.map((c) => [c.label, []]));
  for (let i = 0; i < RUNS; i++)
    for (const c of cases) results.get(c.label).push(measured(process.execPath, [cli, ...c.args]));
  console.log(`\n${title}: ${RUNS} runs each`);
  console.log(
    'command'.padEnd(44),
    'median s'.padStart(9),
    'min s'.padStart(7),
    'peak MB'.padStart(8),
    'cpu s'.padStart(6),
    'bundles'.padStart(8),
    'folders'.padStart(8),
  );
  for (const c of cases) {
    const runs = results.get(c.label);
    const last = runs.at(-1);
    let bundles;
    let folders = '-';
    try {
      const report = JSON.parse(last.stdout);
      bundles = String(report.bundles.length);
      folders = String(report.discovery?.visited ?? '-');
    } catch {
      bundles = /^(\d+) file\(s\): /m.exec(last.stdout)?.[1] ?? '-'; // the table's summary line
    }
    console.log(
      c.label.padEnd(44),
      (median(runs.map((r) => r.ms)) / 1000).toFixed(2).padStart(9),
      (Math.min(...runs.map((r) => r.ms)) / 1000).toFixed(2).padStart(7),
      Math.max(...runs.map((r) => r.peakMb))
        .toFixed(0)
        .padStart(8),
      median(runs.map((r) => r.cpuS))
        .toFixed(2)
        .padStart(6),
      bundles.padStart(8),
      folders.padStart(8),
    );
  }
}

const disk = [
  { label: 'trustfix scan --root / --json --no-pythons', args: ['scan', '--root', '/', '--json', '--no-pythons'] },
  { label: 'trustfix scan --json', args: ['scan', '--json'] },
  { label: 'trustfix scan (table)', args: ['scan', '--no-color'] },
];
bench("this machine's disk", disk);

const dir = mkdtempSync(join(tmpdir(), 'trustfix-bench-crowded-'));
try {
  const t0 = performance.now();
  const tree = await plantCrowdedTree(dir, { links: LINKS, edited: 4, big: 4 });
  console.log(
    `\ncrowded tree ${dir}: ${tree.bundles.toLocaleString()} files named like bundles (traps included), planted in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  try {
    const fixed = ['--no-index', '--no-pythons', '--at', '2026-11-23'];
    bench('the crowded tree alone', [
      { label: 'trustfix scan --root TREE --json', args: ['scan', '--root', dir, '--json', ...fixed] },
      { label: 'trustfix scan --root TREE (table)', args: ['scan', '--root', dir, '--no-color', ...fixed] },
    ]);
    bench("this machine's disk with the crowded tree planted", disk.slice(0, 2));
  } finally {
    await tree.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
