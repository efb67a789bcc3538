// The Windows lane: TrustFix's compiled CLI run as a Windows program under Wine (vitest.windows.config.ts,
// test/windows/*.test.ts). `npm run test:windows` runs it alone; `npm test` (scripts/test.mjs) runs it
// after the Linux tests and counts it in its summary line. Where Wine is missing, every lane test is
// skipped with the reason (counted as skipped, never as passed). At the end: a report of what the lane
// exercised and of what Wine cannot do, from wine-cannot.json (the same list docs/windows.md gives).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the lane; returns its counts. `extra`: more vitest arguments (a file filter). */
export function runWindowsLane(extra = []) {
  const out = mkdtempSync(join(tmpdir(), 'trustfix-winlane-report-'));
  const report = join(out, 'report.json');
  const started = Date.now();
  process.stdout.write('\n== windows lane (TrustFix as a Windows program under Wine)\n');
  spawnSync(
    join(ROOT, 'node_modules', '.bin', 'vitest'),
    [
      'run',
      '--config',
      'vitest.windows.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extra,
    ],
    { stdio: 'inherit', cwd: ROOT },
  );
  let counts;
  let exercised = [];
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts = {
      passed: json.numPassedTests ?? 0,
      failed:
        (json.numFailedTests ?? 0) +
        (json.numFailedTestSuites && !json.numFailedTests ? json.numFailedTestSuites : 0) +
        (json.numRuntimeErrorTestSuites ?? 0),
      skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    };
    exercised = json.testResults.flatMap((f) =>
      f.assertionResults.map((a) => ({ title: [...a.ancestorTitles, a.title].join(' > '), status: a.status })),
    );
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0 };
    process.stdout.write('\nwindows lane: vitest produced no report (it crashed before running tests)\n');
  }
  rmSync(out, { recursive: true, force: true });
  printReport(exercised, Math.round((Date.now() - started) / 1000));
  process.stdout.write(`windows lane: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  return counts;
}

function printReport(exercised, seconds) {
  const { cannot } = JSON.parse(readFileSync(join(ROOT, 'scripts/windows-lane/wine-cannot.json'), 'utf8'));
  const lines = ['', `== windows lane report (${seconds} s)`, 'Exercised as a Windows program under Wine:'];
  for (const t of exercised) lines.push(`  [${t.status}] ${t.title}`);
  lines.push('What Wine cannot do, and where it is covered instead:');
  for (const c of cannot) {
    lines.push(`  - ${c.what}: ${c.why}`, `    in the lane: ${c.lane}`, `    covered by: ${c.coveredBy.join(', ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { failed } = runWindowsLane(process.argv.slice(2));
  process.exitCode = failed > 0 ? 1 : 0;
}
