// Diagnosis in the CLI (issue 16): `trustfix check URL` against a TLS server on 127.0.0.1, every
// interpreter on this machine, whole process, warm (a first run fills the caches and is not
// counted), beside the anchor measured in the same run: every interpreter fetching the URL itself,
// all at once. Medians of interleaved runs. Aim: under 1.5 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultInterpreters } from '../../src-main/core/diagnose/interpreters.ts';
import { anchorRun, startCheckHost } from '../lib/checkHost.mjs';
import { hasGnuTime, measured, median, NO_TIME_NOTE } from '../lib/measured.mjs';
import { reportRow } from '../lib/row.mjs';

const RUNS = Number(process.env.TRUSTFIX_BENCH_RUNS ?? 5);
const cli = new URL('../../bin/trustfix.js', import.meta.url).pathname;
const host = await startCheckHost();
const data = mkdtempSync(join(tmpdir(), 'trustfix-bench-check-data-'));
const pythons = await defaultInterpreters(host.env);

const check = (extra = []) =>
  measured(process.execPath, [cli, '--data-dir', data, '--json', 'check', host.url, ...extra], { env: host.env });
const ours = () => check(['--no-clients']);

// Warm: the compile cache, the bytecode, what the OS caches of every interpreter's files.
const first = ours();
const report = JSON.parse(first.stdout);
anchorRun(host, pythons);
const runs = { ours: [], anchor: [], clients: [] };
for (let i = 0; i < RUNS; i++) {
  runs.anchor.push(anchorRun(host, pythons));
  runs.ours.push(ours());
  runs.clients.push(check());
}
host.stop();
rmSync(data, { recursive: true, force: true });

const failed = runs.anchor.filter((r) => r.status !== 0).length;
console.log(
  `interpreters: ${pythons.length}; rows: ${report.results.length} (ok ${report.summary.ok}), interpreter errors: ${report.interpreterErrors.length}; anchor runs that failed: ${failed}`,
);
const ms = (list) => median(list.map((r) => r.ms));
const peak = (list) => Math.max(...list.map((r) => r.peakMb));
console.log(`with curl, git, node run for real as well (the default): ${ms(runs.clients).toFixed(0)} ms median`);
reportRow({
  goal: `diagnosis: CLI, ${pythons.length} interpreters`,
  ours: { label: 'trustfix check --no-clients', ms: ms(runs.ours), peakMb: peak(runs.ours) },
  anchor: { label: 'each Python fetching the URL itself, in parallel', ms: ms(runs.anchor), peakMb: peak(runs.anchor) },
  aim: { ms: 1500 },
  note: `median of ${RUNS}, warm; peak = largest single process${hasGnuTime ? '' : `; ${NO_TIME_NOTE}`}`,
});
