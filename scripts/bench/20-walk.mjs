// Issue 16's walk goal: the whole `trustfix scan` process that searches a tree against the tools a
// person would use instead, warm cache, every tool its own process (start-up included), the same
// candidate names for all, runs interleaved (background load hits every tool alike), medians of
// BENCH_RUNS, peak memory from GNU time (scripts/lib/measured.mjs).
//  1. A synthetic tree (scripts/lib/synthTree.mjs): 20,000 leaf folders of 10 files each (200,000
//     files; 22,221 folders in all) plus the nine certifi bundles of the fixtures, built once under
//     /tmp and reused. `trustfix scan --root TREE --json --no-pythons` (the walk and the nine bundles
//     judged against the built-in reference and the OS store) against
//     `find TREE ( -name cacert.pem -o -name ... ) -print`. Aim: ratio <= 1.
//  2. This machine's real disk: `trustfix scan --json --no-pythons --no-index` (the known places and
//     the walk of every local file system, pseudo, network and removable mounts left out, every
//     bundle found judged) against `fdfind -u --one-file-system` (and `find -xdev`) over `/`.
//     Aim: ratio <= 1 to fd.
// Extra lines: the walk alone (scripts/lib/walkOnce.mjs, no judging) with one and two threads, and
// how many files each tool found (all must agree on the tree).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, measured, median, NO_TIME_NOTE } from '../lib/measured.mjs';
import { reportRow } from '../lib/row.mjs';
import { synthTree } from '../lib/synthTree.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DISK_RUNS = Number(process.env.BENCH_DISK_RUNS ?? Math.min(RUNS, 5));
const TREE = '/tmp/trustfix-bench-walk';
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin/trustfix.js');
const walkOnce = join(root, 'scripts/lib/walkOnce.mjs');
const fixtures = join(root, 'test/fixtures/bundles');

spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: 'inherit' });
if (!hasGnuTime) console.log(NO_TIME_NOTE);
const { CANDIDATE_NAMES } = await import(join(root, 'dist/src-main/core/bundles/candidates.js'));
const names = [...CANDIDATE_NAMES];
const fd = ['fdfind', 'fd'].find((f) => spawnSync(f, ['--version']).status === 0);
if (!fd) console.log('fd: not installed (Debian: apt-get install -y fd-find); the real-disk row has no anchor');

const lines = (o) => o.split('\n').filter(Boolean).length;
const bundlesIn = (o) => {
  try {
    return JSON.parse(o).bundles.length;
  } catch {
    return NaN;
  }
};
const findArgs = (dir, xdev) => [
  dir,
  ...(xdev ? ['-xdev'] : []),
  '(',
  ...names.flatMap((n, i) => [...(i ? ['-o'] : []), '-name', n]),
  ')',
  '-print',
];
const fdArgs = (dir, xdev) => [
  '-u',
  '-s',
  ...(xdev ? ['--one-file-system'] : []),
  `^(${names.map((n) => n.replace(/[.+]/g, '\\$&')).join('|')})$`,
  dir,
];

/** Each tool RUNS times, interleaved: { label -> { label, ms, peakMb, cpuS, min, found } }. */
function compare(tools, runs) {
  for (const t of tools) measured(t.cmd, t.args); // warm the disk cache, the compile cache, each program
  const all = new Map(tools.map((t) => [t.label, []]));
  for (let i = 0; i < runs; i++) for (const t of tools) all.get(t.label).push(measured(t.cmd, t.args));
  const out = new Map();
  for (const t of tools) {
    const rs = all.get(t.label);
    out.set(t.label, {
      label: t.label,
      ms: median(rs.map((r) => r.ms)),
      min: Math.min(...rs.map((r) => r.ms)),
      peakMb: Math.max(...rs.map((r) => r.peakMb)),
      cpuS: median(rs.map((r) => r.cpuS)),
      found: t.count(rs.at(-1).stdout),
    });
  }
  console.log(
    `${'tool'.padEnd(52)} ${'median s'.padStart(9)} ${'min s'.padStart(7)} ${'peak MB'.padStart(8)} ${'cpu s'.padStart(6)} ${'found'.padStart(6)}`,
  );
  for (const r of out.values()) {
    console.log(
      `${r.label.padEnd(52)} ${(r.ms / 1000).toFixed(3).padStart(9)} ${(r.min / 1000).toFixed(3).padStart(7)} ${r.peakMb.toFixed(0).padStart(8)} ${r.cpuS.toFixed(2).padStart(6)} ${String(r.found).padStart(6)}`,
    );
  }
  return out;
}

console.log(
  `machine: ${availableParallelism()} cores; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const t0 = performance.now();
const certifi = readdirSync(fixtures)
  .filter((f) => f.startsWith('certifi-'))
  .sort()
  .map((f) => join(fixtures, f));
const tree = synthTree(TREE, { top: 20, fan: 10, files: 10, bundles: certifi });
console.log(
  `\ntree ${TREE}: ${tree.folders.toLocaleString()} folders, ${tree.files.toLocaleString()} files + ${tree.expected.length} bundles (${tree.built ? `built in ${((performance.now() - t0) / 1000).toFixed(1)} s` : 'reused'}); median of ${RUNS} interleaved warm runs`,
);
const onTree = compare(
  [
    {
      label: 'trustfix scan --root TREE --json --no-pythons',
      cmd: process.execPath,
      args: [cli, 'scan', '--root', TREE, '--json', '--no-pythons'],
      count: bundlesIn,
    },
    { label: 'find (same names)', cmd: 'find', args: findArgs(TREE, false), count: lines },
    ...(fd ? [{ label: `${fd} -u (same names)`, cmd: fd, args: fdArgs(TREE, false), count: lines }] : []),
    {
      label: 'walk alone, 2 threads (walkOnce.mjs)',
      cmd: process.execPath,
      args: [walkOnce, TREE, '2'],
      count: (o) => JSON.parse(o).found,
    },
    {
      label: 'walk alone, 1 thread (walkOnce.mjs)',
      cmd: process.execPath,
      args: [walkOnce, TREE, '1'],
      count: (o) => JSON.parse(o).found,
    },
  ],
  RUNS,
);
const counts = [...onTree.values()].map((r) => r.found);
if (counts.some((n) => n !== tree.expected.length))
  console.log(`NOT ALL TOOLS FOUND THE ${tree.expected.length} BUNDLES: ${counts.join(', ')}`);
reportRow({
  goal: 'walk: 200k-file tree',
  ours: onTree.get('trustfix scan --root TREE --json --no-pythons'),
  anchor: onTree.get('find (same names)'),
  aim: { ratio: 1 },
  note: `(${tree.expected.length} bundles found by each)`,
});

console.log(
  `\nthis machine's /: median of ${DISK_RUNS} interleaved warm runs (find -xdev and fd --one-file-system stay on /; TrustFix walks every local file system)`,
);
const onDisk = compare(
  [
    {
      label: 'trustfix scan --json --no-pythons --no-index',
      cmd: process.execPath,
      args: [cli, 'scan', '--json', '--no-pythons', '--no-index'],
      count: bundlesIn,
    },
    ...(fd ? [{ label: `${fd} -u --one-file-system`, cmd: fd, args: fdArgs('/', true), count: lines }] : []),
    { label: 'find -xdev (same names)', cmd: 'find', args: findArgs('/', true), count: lines },
    {
      label: 'walk alone, 2 threads (walkOnce.mjs /)',
      cmd: process.execPath,
      args: [walkOnce, '/', '2'],
      count: (o) => JSON.parse(o).found,
    },
  ],
  DISK_RUNS,
);
console.log('(trustfix counts bundles judged, a link and its target once; the others count paths)');
if (fd) {
  reportRow({
    goal: 'walk: this machine /',
    ours: onDisk.get('trustfix scan --json --no-pythons --no-index'),
    anchor: onDisk.get(`${fd} -u --one-file-system`),
    aim: { ratio: 1 },
  });
}
