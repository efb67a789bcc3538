// `npm test`: the type check, the lint (layer rules), the format check (prettier), the renderer build, then every Vitest test
// (unit, integration, end-to-end), then the Windows lane (scripts/windows-lane/run.mjs: the built CLI
// as a Windows program under Wine; skipped, with the reason, where Wine is missing). Ends with the one
// line CI reads: `tests: N passed, N failed`, the lane's tests counted in it.
// Extra arguments go to Vitest (e.g. `npm test -- test/unit`); with them the lane does not run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWindowsLane } from './windows-lane/run.mjs';

const bin = (name) => join('node_modules', '.bin', name);
let passed = 0;
let failed = 0;

function step(label, cmd, args) {
  process.stdout.write(`\n== ${label}\n`);
  const run = spawnSync(cmd, args, { stdio: 'inherit' });
  if (run.status === 0) passed++;
  else {
    failed++;
    process.stdout.write(`${label}: FAILED\n`);
  }
}

const extra = process.argv.slice(2);
if (extra.length === 0) {
  step('type check (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  step('lint (eslint, layer rules)', bin('eslint'), ['.']);
  step('format (prettier --check)', bin('prettier'), [
    '--check',
    '--log-level',
    'warn',
    '**/*.{ts,tsx,mts,cts,js,mjs}',
  ]);
  step('build (main + renderer)', 'npm', ['run', '--silent', 'build']);
}

const out = mkdtempSync(join(tmpdir(), 'trustfix-vitest-'));
const report = join(out, 'report.json');
process.stdout.write('\n== vitest\n');
spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
  stdio: 'inherit',
});
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed +=
    (json.numFailedTests ?? 0) +
    (json.numRuntimeErrorTestSuites ?? 0) +
    (json.numFailedTestSuites && !json.numFailedTests ? json.numFailedTestSuites : 0);
  process.stdout.write(
    `\nvitest: ${json.numPassedTests} passed, ${json.numFailedTests} failed, ${json.numPendingTests + (json.numTodoTests ?? 0)} skipped\n`,
  );
} catch {
  failed++;
  process.stdout.write('\nvitest produced no report (it crashed before running tests)\n');
}
rmSync(out, { recursive: true, force: true });
if (extra.length === 0) {
  const lane = runWindowsLane();
  passed += lane.passed;
  failed += lane.failed;
}
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
