// Peak memory of a child process, measured from outside: GNU time waits for the child with wait4(2)
// and prints the kernel's ru_maxrss (peak resident set, KB) for it. Why this way: the figure comes from
// the kernel, not from the program under test, so the CLI needs no test-only hook and a run that
// leaks cannot under-report; polling /proc/PID/status misses the last moments before exit, and Node
// cannot read a child's rusage. The peak covers every thread of the process (the walk's workers too)
// and its waited-for children. CI installs GNU time (Debian package `time`, see .ci/run).
import { execa, type Options } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';
export const haveGnuTime = existsSync(GNU_TIME);

export interface MeasuredRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Peak resident memory of the child, in MB (MiB). */
  peakMb: number;
}

export async function runMeasured(file: string, args: string[], options: Options = {}): Promise<MeasuredRun> {
  const dir = mkdtempSync(join(tmpdir(), 'trustfix-peak-'));
  const out = join(dir, 'rss');
  try {
    // -o keeps the figure out of the child's own stdout and stderr.
    const r = await execa(GNU_TIME, ['-f', '%M', '-o', out, file, ...args], {
      reject: false,
      timeout: 120_000,
      ...options,
    });
    // On a non-zero exit GNU time writes "Command exited with non-zero status N" first: the figure is last.
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1, peakMb: kb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
