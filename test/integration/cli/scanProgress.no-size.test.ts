// Issue 12: "on a terminal that reports no size, the progress spinner wrote 1.4 GB of cursor codes in
// 10 minutes". A pseudo-terminal set to 0 rows and 0 columns (script(1) + stty), a whole-tree scan of
// 66,661 folders with its report sent elsewhere, so what reaches the terminal is the progress line
// alone. Before: ora divided the line's width by 0 columns, cleared Infinity lines, and never got back
// to the scan (4 MB in 8 s, still running). Now: the scan ends, the progress costs a bounded number
// of bytes per second (under 100 KB a minute) and each redraw is one line of at most 80 columns.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with the benchmark (no type declarations)
import { synthTree } from '../../../scripts/lib/synthTree.mjs';
import { CLI } from '../../helpers/cli.ts';

const hasScript = await execa('script', ['--version'], { reject: false }).then(
  (r) => r.exitCode === 0,
  () => false,
);
const BYTES_PER_MINUTE = 100 * 1024;
const ESC = String.fromCharCode(27);
const CSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const CURSOR_UP = new RegExp(`${ESC}\\[\\d*[AF]`);

describe.skipIf(!hasScript)('progress on a terminal that reports no size', () => {
  it('costs a bounded number of bytes per second, one line of at most 80 columns per redraw', async () => {
    const tree = synthTree('/tmp/trustfix-synth-test', { top: 60, fan: 10, files: 1, every: 997 }) as { dir: string };
    const command = `stty rows 0 cols 0; exec '${process.execPath}' '${CLI}' scan --root '${tree.dir}' --no-index --no-pythons --no-color --json > /dev/null`;
    // A person's terminal: no CI in the environment (the progress line stays still under CI).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI')) as Record<string, string>;
    const started = performance.now();
    // Bounded: before the fix the CLI never ended and wrote about 0.5 MB a second.
    const r = await execa('script', ['-qfec', command, '/dev/null'], {
      reject: false,
      timeout: 30_000,
      extendEnv: false,
      env: { ...env, SHELL: '/bin/sh' },
      encoding: 'buffer',
    });
    const seconds = (performance.now() - started) / 1000;
    const output = Buffer.from(r.stdout as Uint8Array).toString();
    const bytes = Buffer.byteLength(output);
    const redraws = output.split('\r').slice(1, -1); // between the first and the final erase
    process.stdout.write(
      `progress on a 0x0 terminal: ${bytes} bytes in ${seconds.toFixed(1)} s, ${redraws.length} redraws\n`,
    );
    expect(r.timedOut).toBe(false);
    expect([0, 1]).toContain(r.exitCode);
    expect(redraws.length).toBeGreaterThan(0); // it did show progress
    expect(bytes / Math.max(seconds, 1)).toBeLessThan(BYTES_PER_MINUTE / 60);
    for (const line of redraws) {
      const visible = line.replace(CSI, '').replace(/\r?\n$/, '');
      expect([...visible].length, JSON.stringify(line)).toBeLessThanOrEqual(80);
      expect(line, JSON.stringify(line)).not.toMatch(CURSOR_UP); // never moves the cursor up to clear
    }
  }, 60_000);
});
