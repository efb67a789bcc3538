// Probing every interpreter on this machine vs the floor: the same interpreters started in parallel
// doing only `import ssl, certifi` (`import ssl` where certifi is absent). Then the cached second
// scan (discovery + probe-cache check), and the whole `trustfix pythons` command for reference.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverInterpreters } from '../../src-main/core/pythons/discover.ts';
import { scanPythons } from '../../src-main/core/pythons/probeAll.ts';
import { measured } from '../lib/measured.mjs';

const ROUNDS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const run = (file, args) =>
  new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'ignore', cwd: tmpdir() });
    child.on('close', resolve);
    child.on('error', resolve);
  });

const found = await discoverInterpreters({});
const data = mkdtempSync(join(tmpdir(), 'trustfix-bench-'));
const first = await scanPythons({ dataDir: data, useCache: false });
const ok = first.pythons.filter((p) => !p.error);
const floorCmd = new Map(ok.map((p) => [p.executable, p.packages?.certifi ? 'import ssl, certifi' : 'import ssl']));
console.log(`interpreters: ${found.length} found, ${ok.length} probed OK (${ok.map((p) => p.version).join(', ')})`);

const floor = [];
const probe = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  await Promise.all([...floorCmd].map(([exe, code]) => run(exe, ['-c', code])));
  floor.push(performance.now() - t);
  const r = await scanPythons({ dataDir: data, useCache: false });
  probe.push(r.timing.probeMs);
}
const f = median(floor);
const p = median(probe);
console.log(`floor (parallel import ssl, certifi): ${f.toFixed(0)} ms (median of ${ROUNDS})`);
console.log(
  `probe (parallel, all interpreters):   ${p.toFixed(0)} ms (median of ${ROUNDS})  ratio ${(p / f).toFixed(2)}x  (aim <= 1.30x)`,
);

const cached = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  const r = await scanPythons({ dataDir: data });
  cached.push(performance.now() - t);
  if (r.timing.cached !== r.pythons.filter((x) => !x.error).length) console.log('  (some probes were not reused)');
}
console.log(
  `second scan, cached (discover + cache check, in process): ${median(cached).toFixed(1)} ms median, first ${cached[0].toFixed(1)} ms  (aim < 100 ms)`,
);

const cli = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'main.ts');
const out = measured(process.execPath, [cli, 'pythons', '--json', '--data-dir', data]);
try {
  const timing = JSON.parse(out.stdout).timing;
  console.log(
    `trustfix pythons --json, cached, whole process: ${out.ms.toFixed(0)} ms, peak ${out.peakMb.toFixed(0)} MB (pythons phase ${timing.discoverMs + timing.probeMs} ms; the rest is Node start, the reference and judging the bundles)`,
  );
} catch {
  console.log(`trustfix pythons failed: ${out.stderr}`);
}
rmSync(data, { recursive: true, force: true });
