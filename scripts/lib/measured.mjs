// One process, timed and measured from outside: wall time here, and from GNU time (which waits for
// the child with wait4(2)) its peak resident memory and CPU seconds. Without /usr/bin/time (Debian
// package `time`) the peak and CPU figures are NaN and the benchmarks say so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const hasGnuTime = existsSync('/usr/bin/time');
export const NO_TIME_NOTE = 'peak memory: GNU time is not installed (Debian: apt-get install -y time); shown as NaN';

/** Runs `cmd args` to the end: { ms, peakMb, cpuS, status, stdout, stderr }. */
export function measured(cmd, args, options = {}) {
  const full = hasGnuTime ? ['/usr/bin/time', ['-f', 'TRUSTFIX_TIME %M %U %S', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, ...options });
  const ms = performance.now() - t0;
  let stderr = r.stderr ?? '';
  const m = /TRUSTFIX_TIME (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  if (m) stderr = stderr.slice(0, m.index).replace(/Command exited with non-zero status \d+\n$/, '');
  return {
    ms,
    peakMb: m ? Number(m[1]) / 1024 : NaN,
    cpuS: m ? Number(m[2]) + Number(m[3]) : NaN,
    status: r.status,
    stdout: r.stdout ?? '',
    stderr,
  };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
