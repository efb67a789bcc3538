// A large walk: every thread count finds exactly the same files; a cancel stops it within 200 ms
// with partial results; Ctrl-C on a terminal prints what was found so far.
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { walk } from '../../../../../src-main/core/bundles/discover/walk.ts';
// @ts-expect-error: a plain .mjs helper shared with the benchmark (no type declarations)
import { synthTree } from '../../../../../scripts/lib/synthTree.mjs';
import { CLI } from '../../../../helpers/cli.ts';

interface Synth {
  dir: string;
  folders: number;
  files: number;
  expected: string[];
}

const hasScript = await execa('script', ['--version'], { reject: false }).then(
  (r) => r.exitCode === 0,
  () => false,
);
let tree: Synth;
beforeAll(() => {
  // 66,661 folders, 60,000 files, 60 bundle names; built once under /tmp and reused.
  tree = synthTree('/tmp/trustfix-synth-test', { top: 60, fan: 10, files: 1, every: 997 }) as Synth;
});

describe('a large walk', () => {
  for (const threads of [1, 2, 4]) {
    it(`with ${threads} thread(s) visits every folder and finds exactly the bundles`, async () => {
      const r = await walk({ roots: [tree.dir], threads });
      expect(r.visited).toBe(tree.folders);
      expect(r.found).toEqual(tree.expected);
      expect(r.unreadable).toBe(0);
      expect(r.aborted).toBe(false);
    });
  }

  // The proof that it stopped is that it did not walk the whole tree; the bound on the time is only a
  // backstop that a busy machine meets (the walk takes well under 200 ms to stop on an idle one).
  it('stops soon after a cancel and returns what it found so far', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const pending = walk({
      roots: [tree.dir],
      threads: 2,
      signal: controller.signal,
      progressEveryMs: 10,
      onProgress: (p) => {
        if (!abortedAt && p.visited > 5000) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const r = await pending;
    const stopMs = performance.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect(r.aborted).toBe(true);
    expect(stopMs).toBeLessThan(2000);
    expect(r.visited).toBeGreaterThan(5000);
    expect(r.visited).toBeLessThan(tree.folders);
    // Partial, and only real findings.
    for (const f of r.found) expect(tree.expected).toContain(f);
  });

  it('Ctrl-C on a terminal stops `trustfix scan` and prints the partial results', async (ctx) => {
    ctx.skip(!hasScript, 'script(1) from util-linux is needed to give the CLI a terminal');
    // script(1) gives the CLI a real terminal: progress shows on it, and "\x03" typed into it is Ctrl-C.
    // `exec` makes the CLI the terminal's foreground process, as when a person types the command: without
    // it dash (script's /bin/sh when SHELL is unset, as under CI) stays as the parent and dies of the
    // same SIGINT, which reads as exit 130 whatever the CLI did.
    const command = `stty cols 160 rows 40; exec '${process.execPath}' '${CLI}' scan --root '${tree.dir}' --no-pythons --no-color`;
    // A person at a terminal: without CI in the environment (ora, like most spinners, stays still
    // when CI is set, and CI runs this suite with CI=true).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI'));
    const child = execa('script', ['-qfec', command, '/dev/null'], {
      reject: false,
      timeout: 60_000,
      extendEnv: false,
      env: { ...env, SHELL: '/bin/sh', COLUMNS: '200', LINES: '50' },
    });
    let output = '';
    let sentAt = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!sentAt && /Searching the disk: [\d,]+ folders/.test(output)) {
        sentAt = performance.now();
        child.stdin!.write('\x03');
      }
    });
    const r = await child;
    expect(sentAt, output).toBeGreaterThan(0);
    expect(output).toContain('Stopped. Showing what was found so far.');
    expect(output).toMatch(/Stopped after [\d,]+ folders/);
    expect(output).toMatch(/\d+ file\(s\): /);
    expect(r.exitCode).toBe(130); // as a shell reports a process Ctrl-C ended (128 + SIGINT)
  });
});
