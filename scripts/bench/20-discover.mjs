// Issue 4's benchmark: the whole-disk walk against find and fd, warm cache, side by side.
//  1. A synthetic tree (30 x 10 x 10 x 10 folders, 10 files per leaf: 33,331 folders, 300,000 files,
//     60 bundle names scattered), built once under /tmp and reused.
//  2. This machine's real `/` (TrustFix leaves out pseudo, network and removable mounts; find gets
//     -xdev and fd --one-file-system, which leave out every other file system too).
// Each tool runs as its own process (start-up included), the same candidate names for all; runs are
// interleaved so background load hits every tool alike; medians of RUNS; peak RSS and CPU seconds
// (user + system) from GNU time: CPU time says what a tool costs even when the machine is busy.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CANDIDATE_NAMES } from '../../src-main/core/bundles/candidates.ts';
import { synthTree } from '../lib/synthTree.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TREE = '/tmp/trustfix-bench-tree';
const walkOnce = fileURLToPath(new URL('../lib/walkOnce.mjs', import.meta.url));
const names = [...CANDIDATE_NAMES];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasTime = existsSync('/usr/bin/time');
const fd = ['fdfind', 'fd'].find((f) => spawnSync(f, ['--version']).status === 0);

function run(cmd, args) {
  const full = hasTime ? ['/usr/bin/time', ['-f', 'TRUSTFIX_TIME %e %M %U %S', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const m = /TRUSTFIX_TIME [\d.]+ (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { ms, peakMb: m ? Number(m[1]) / 1024 : NaN, cpuS: m ? Number(m[2]) + Number(m[3]) : NaN, stdout: r.stdout ?? '' };
}

function findArgs(root, xdev) {
  const expr = names.flatMap((n, i) => (i === 0 ? ['-name', n] : ['-o', '-name', n]));
  return [root, ...(xdev ? ['-xdev'] : []), '(', ...expr, ')', '-print'];
}

function fdArgs(root, xdev) {
  const re = `^(${names.map((n) => n.replace(/[.+]/g, '\\$&')).join('|')})$`;
  return ['-u', '-s', ...(xdev ? ['--one-file-system'] : []), re, root];
}

function compare(label, root, xdev) {
  const tools = [
    { name: 'trustfix walk', cmd: process.execPath, args: [walkOnce, root], count: (o) => JSON.parse(o).found },
    { name: `find${xdev ? ' -xdev' : ''}`, cmd: 'find', args: findArgs(root, xdev), count: (o) => o.split('\n').filter(Boolean).length },
    ...(fd ? [{ name: `${fd}${xdev ? ' --one-file-system' : ''}`, cmd: fd, args: fdArgs(root, xdev), count: (o) => o.split('\n').filter(Boolean).length }] : []),
  ];
  for (const t of tools) run(t.cmd, t.args); // warm the cache and each program
  const times = new Map(tools.map((t) => [t.name, []]));
  const peaks = new Map(tools.map((t) => [t.name, []]));
  const cpus = new Map(tools.map((t) => [t.name, []]));
  const found = new Map();
  for (let i = 0; i < RUNS; i++) {
    for (const t of tools) {
      const r = run(t.cmd, t.args);
      times.get(t.name).push(r.ms);
      peaks.get(t.name).push(r.peakMb);
      cpus.get(t.name).push(r.cpuS);
      found.set(t.name, t.count(r.stdout));
    }
  }
  const fdMs = fd ? median(times.get(tools[2].name)) : NaN;
  const findMs = median(times.get(tools[1].name));
  console.log(`\n${label}: median of ${RUNS} warm runs each (interleaved)`);
  console.log('tool'.padEnd(32), 'median s'.padStart(9), 'min s'.padStart(7), 'vs find'.padStart(8), 'vs fd'.padStart(7), 'peak MB'.padStart(8), 'cpu s'.padStart(6), 'found'.padStart(6));
  for (const t of tools) {
    const ms = median(times.get(t.name));
    console.log(
      t.name.padEnd(32),
      (ms / 1000).toFixed(3).padStart(9),
      (Math.min(...times.get(t.name)) / 1000).toFixed(3).padStart(7),
      (ms / findMs).toFixed(2).padStart(8),
      (fd ? (ms / fdMs).toFixed(2) : '-').padStart(7),
      Math.max(...peaks.get(t.name)).toFixed(0).padStart(8),
      median(cpus.get(t.name)).toFixed(2).padStart(6),
      String(found.get(t.name)).padStart(6),
    );
  }
}

// Time what users run: the built JavaScript (rebuilt when the walk's sources are newer).
const src = fileURLToPath(new URL('../../src-main/core/bundles/discover/', import.meta.url));
const builtWalk = fileURLToPath(new URL('../../dist/src-main/core/bundles/discover/walk.js', import.meta.url));
const newest = Math.max(...readdirSync(src).map((f) => statSync(src + f).mtimeMs));
if (!existsSync(builtWalk) || statSync(builtWalk).mtimeMs < newest) {
  spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: 'inherit' });
}

const t0 = performance.now();
const tree = synthTree(TREE, { top: 30, fan: 10, files: 10, every: 500 });
console.log(`synthetic tree ${TREE}: ${tree.folders.toLocaleString()} folders, ${tree.files.toLocaleString()} files, ${tree.expected.length} bundle names (${tree.built ? `built in ${((performance.now() - t0) / 1000).toFixed(1)} s` : 'reused'})`);
if (!fd) console.log('fd: not installed (Debian: apt-get install -y fd-find); compared with find only');
console.log(`machine: ${(await import('node:os')).availableParallelism()} cores; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
compare('synthetic tree', TREE, false);
compare("this machine's /", '/', true);
