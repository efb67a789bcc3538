// Issue 16's cached rescan: `trustfix scan` right after `trustfix scan`, on this machine's real disk
// (known places, the walk of /, every Python, the other HTTPS clients), whole processes. The anchor
// is the first scan, from a fresh data folder (no scan cache, no probe cache), measured in the same
// run; ours is the scan right after it, with that folder as the first scan left it. Runs are
// interleaved (first, second, first, second, ...) so background load hits both alike; medians.
// Then the same for the table form (`scan` without --json), and where the second scan's time goes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, measured, median, NO_TIME_NOTE } from '../lib/measured.mjs';
import { reportRow } from '../lib/row.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin/trustfix.js');

// Measure the built CLI, as users run it (bin/trustfix.js runs the sources when dist/ is stale).
spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: 'inherit' });

const scan = (data, json) =>
  measured(process.execPath, [cli, 'scan', ...(json ? ['--json'] : ['--no-color']), '--data-dir', data], {
    cwd: tmpdir(),
  });

function pair(json) {
  const first = [];
  const second = [];
  const notes = new Set();
  const data = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'trustfix-bench-rescan-'));
    data.push(dir);
    first.push(scan(dir, json));
    const r = scan(dir, json);
    second.push(r);
    if (json) {
      const cache = JSON.parse(r.stdout).discovery?.cache;
      // Files read again are the ones never cached (FIFOs, device links named like bundles) or just changed.
      if (cache?.walk !== 'reused' || cache.filesReused === 0)
        notes.add(`a second run did not reuse the cache: ${JSON.stringify(cache)}`);
    } else if (!/reused/.test(r.stdout)) notes.add('a second run did not say the search was reused');
  }
  for (const dir of data) rmSync(dir, { recursive: true, force: true });
  const ms = (rs) => median(rs.map((r) => r.ms));
  const peak = (rs) => median(rs.map((r) => r.peakMb));
  return {
    first: { ms: ms(first), peakMb: peak(first) },
    second: { ms: ms(second), peakMb: peak(second) },
    last: second.at(-1),
    notes: [...notes],
  };
}

// Warm the compile cache, the page cache and the Pythons' own caches (not measured).
{
  const dir = mkdtempSync(join(tmpdir(), 'trustfix-bench-rescan-'));
  scan(dir, true);
  rmSync(dir, { recursive: true, force: true });
}

/** One row: the second scan against the first on a fresh data folder, as JSON or as the table. */
function reportPair(json, goal) {
  const command = json ? 'trustfix scan --json' : 'trustfix scan';
  const runs = pair(json);
  reportRow({
    goal,
    ours: { label: `${command}, second run`, ...runs.second },
    anchor: { label: `${command}, first run (fresh data dir)`, ...runs.first },
    aim: { ms: 300 },
    note: [...runs.notes, hasGnuTime ? '' : NO_TIME_NOTE].filter(Boolean).join('; '),
  });
  return runs;
}

const json = reportPair(true, 'cached rescan (scan right after scan)');
reportPair(false, 'cached rescan, table form');

// The same second run without the other HTTPS clients (each asked afresh at every scan), interleaved
// with the full one on one warmed data folder: what the clients' questions cost, as whole processes.
{
  const dir = mkdtempSync(join(tmpdir(), 'trustfix-bench-rescan-'));
  scan(dir, true);
  const full = [];
  const without = [];
  for (let i = 0; i < RUNS; i++) {
    full.push(scan(dir, true).ms);
    without.push(
      measured(process.execPath, [cli, 'scan', '--json', '--no-clients', '--data-dir', dir], { cwd: tmpdir() }).ms,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `second run, same warmed folder: ${median(full).toFixed(0)} ms; with --no-clients: ${median(without).toFixed(0)} ms`,
  );
}

// Where the second run's time goes: starting Node and loading the CLI, then the scan itself (the
// report's timing.totalMs counts from the command's start), by phase from an in-process run.
const node0 = median(Array.from({ length: RUNS }, () => measured(process.execPath, ['-e', '0']).ms));
const version = median(Array.from({ length: RUNS }, () => measured(process.execPath, [cli, '--version']).ms));
const report = JSON.parse(json.last.stdout);
console.log(
  `second run: ${json.second.ms.toFixed(0)} ms whole process; node -e 0: ${node0.toFixed(0)} ms; trustfix --version: ${version.toFixed(0)} ms; the scan command itself (last run, timing.totalMs): ${report.timing.totalMs} ms`,
);
console.log(
  `  bundles ${report.bundles.length}, files reused ${report.discovery.cache.filesReused}, read ${report.discovery.cache.filesRead}; Pythons ${report.pythons?.length ?? 0} (${report.pythons?.filter((p) => p.cached).length ?? 0} from the probe cache); clients ${report.clients?.length ?? 0}`,
);
const phases = spawnSync(process.execPath, [join(root, 'scripts/lib/rescanPhases.mjs')], {
  encoding: 'utf8',
  cwd: tmpdir(),
});
process.stdout.write(phases.stdout || phases.stderr);
