// Start-up: `trustfix --version` (bin/trustfix.js, the built CLI, compile cache warm), whole process,
// against `node -e 0` — Node starting and doing nothing — measured interleaved in the same run, so
// the ratio says what loading the CLI adds to Node's own start. Aim (issue 16): ratio <= 1.5.
// `trustfix scan --help` beside it: the command table and one command's module loaded.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, measured, median, NO_TIME_NOTE } from '../lib/measured.mjs';
import { reportRow } from '../lib/row.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin/trustfix.js');
spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: 'inherit' });
if (!hasGnuTime) console.log(NO_TIME_NOTE);

const cases = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'trustfix --version', args: [cli, '--version'] },
  { label: 'trustfix scan --help', args: [cli, 'scan', '--help'] },
];
for (const c of cases) measured(process.execPath, c.args); // fill the compile cache and the disk cache
const runs = new Map(cases.map((c) => [c.label, []]));
for (let i = 0; i < RUNS; i++) for (const c of cases) runs.get(c.label).push(measured(process.execPath, c.args));
const summary = (label) => {
  const rs = runs.get(label);
  return {
    label,
    ms: median(rs.map((r) => r.ms)),
    peakMb: Math.max(...rs.map((r) => r.peakMb)),
    min: Math.min(...rs.map((r) => r.ms)),
  };
};
const [node, version, help] = cases.map((c) => summary(c.label));
console.log(
  `medians of ${RUNS} interleaved runs; best: node ${node.min.toFixed(0)} ms, --version ${version.min.toFixed(0)} ms, scan --help ${help.min.toFixed(0)} ms`,
);
console.log(`trustfix scan --help: ${help.ms.toFixed(0)} ms, peak ${help.peakMb.toFixed(0)} MB`);
reportRow({ goal: 'start-up', ours: version, anchor: node, aim: { ratio: 1.5 } });
