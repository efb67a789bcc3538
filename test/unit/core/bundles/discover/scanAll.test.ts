// Issue 16 (walk): `scan --root` starts its walk before it loads the reference and the OS store, and
// judges each file the walk finds while the walk goes on, instead of one step after the other. What
// it reports stays exactly what judging the found files afterwards reports; a context that cannot be
// made stops the walk. And a tree of the benchmark's shape (real bundles among many plain files)
// gives exactly its bundles with one and with two threads.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverBundles } from '../../../../../src-main/core/bundles/discover/discover.ts';
import { scanAll } from '../../../../../src-main/core/bundles/discover/scanAll.ts';
import { walk } from '../../../../../src-main/core/bundles/discover/walk.ts';
import { judgeFiles } from '../../../../../src-main/core/bundles/scanPaths.ts';
import { createContext, type TrustContext } from '../../../../../src-main/core/context.ts';
// @ts-expect-error: a plain .mjs helper shared with the benchmark (no type declarations)
import { synthTree } from '../../../../../scripts/lib/synthTree.mjs';
import { FIXTURES } from '../../../../helpers/cli.ts';

interface Synth {
  dir: string;
  folders: number;
  expected: string[];
}

const CERTIFI = [
  '2016.02.28',
  '2018.08.24',
  '2019.06.16',
  '2021.10.08',
  '2022.12.07',
  '2023.05.07',
  '2024.07.04',
  '2024.08.30',
  '2026.05.20',
].map((v) => `${FIXTURES}certifi-${v}.pem`);
const BUNDLES_TREE = '/tmp/trustfix-synth-bundles-test';
const makeContext = (): Promise<TrustContext> =>
  createContext({
    referenceFile: `${FIXTURES}certifi-2026.05.20.pem`,
    systemStoreFile: `${FIXTURES}debian12-ca-certificates.crt`,
    at: new Date('2026-11-23'),
  });

let big: Synth;
let small: Synth;
beforeAll(() => {
  // The cancel test's tree: 66,661 folders, 60 bundle names (files too short to be bundles); reused.
  big = synthTree('/tmp/trustfix-synth-test', { top: 60, fan: 10, files: 1, every: 997 }) as Synth;
  // The benchmark's shape, smaller: 2,000 leaves of 3 plain files each, and the nine certifi bundles.
  small = synthTree(BUNDLES_TREE, { top: 2, fan: 10, files: 3, bundles: CERTIFI }) as Synth;
});
afterAll(() => rmSync(BUNDLES_TREE, { recursive: true, force: true }));

describe('a tree of plain files with nine real bundles', () => {
  for (const threads of [1, 2]) {
    it(`the walk finds exactly the nine, with ${threads} thread(s)`, async () => {
      const r = await walk({ roots: [small.dir], threads });
      expect(small.expected).toHaveLength(9);
      expect(r.found).toEqual(small.expected);
      expect(r.visited).toBe(small.folders);
    });
  }

  it('scanAll judges exactly the nine, as judging the found files afterwards does', async () => {
    const ctx = await makeContext();
    const report = await scanAll(ctx, { roots: [small.dir] });
    const found = await discoverBundles({ roots: [small.dir] });
    const afterwards = await judgeFiles(
      found.files.map((f) => f.path),
      ctx,
    );
    const strip = ({ foundBy: _f, ...v }: (typeof afterwards)[number]) => v;
    expect(report.bundles.map((b) => b.path)).toEqual(small.expected);
    expect(report.bundles.map(strip)).toEqual(afterwards.map(strip));
    expect(report.bundles.every((b) => b.foundBy?.join() === 'walk')).toBe(true);
    expect(report.bundles.map((b) => b.status)).toEqual(expect.arrayContaining(['current', 'stale']));
    expect(report.discovery?.unjudged).toBeUndefined();
  });
});

describe('scanAll overlaps the walk with the rest', () => {
  it('has the walk reading folders before it asks for the context', async () => {
    let visitedWhenAsked = -1;
    let visited = 0;
    await scanAll(
      async () => {
        visitedWhenAsked = visited;
        return makeContext();
      },
      { roots: [big.dir], onProgress: (p) => p.phase === 'walk' && (visited = p.visited) },
    );
    expect(visitedWhenAsked).toBeGreaterThan(0);
  });

  it('judges files while the walk still runs, and reports them in path order', async () => {
    const ctx = await makeContext();
    const events: string[] = [];
    const read = ctx.reader.read.bind(ctx.reader);
    ctx.reader.read = (path, signal) => {
      events.push(`read ${path}`);
      return read(path, signal);
    };
    const report = await scanAll(ctx, {
      roots: [big.dir],
      progressEveryMs: 0,
      onProgress: (p) => p.phase === 'walk' && events.push('walk'),
    });
    const lastWalk = events.lastIndexOf('walk');
    const firstRead = events.findIndex((e) => e.startsWith('read '));
    expect(firstRead).toBeGreaterThanOrEqual(0);
    expect(firstRead).toBeLessThan(lastWalk);
    expect(report.bundles.map((b) => b.path)).toEqual(big.expected);
    expect(report.discovery?.visited).toBe(big.folders);
  });

  it('stops the walk when the context cannot be made, and fails with its error', async () => {
    let visited = 0;
    const failure = new Error('no reference');
    await expect(
      scanAll(() => Promise.reject(failure), {
        roots: [big.dir],
        progressEveryMs: 0,
        onProgress: (p) => (visited = p.visited),
      }),
    ).rejects.toBe(failure);
    expect(visited).toBeLessThan(big.folders);
  });
});

describe('how many threads the walk takes by default', () => {
  it('one per core up to four on an idle machine, one when every core is already busy', async () => {
    const { defaultThreads } = await import('../../../../../src-main/core/bundles/discover/walk.ts');
    expect(defaultThreads(2, 0.3)).toBe(2);
    expect(defaultThreads(8, 1)).toBe(4);
    expect(defaultThreads(2, 2.5)).toBe(1);
    expect(defaultThreads(4, 7)).toBe(1);
    expect(defaultThreads(1, 0)).toBe(1);
  });
});

describe('the walk of folders asked for (--root)', () => {
  it('leaves out /proc, /sys and /dev inside a root, as the whole-disk walk does, but walks one asked for', async () => {
    const { rootsPlan } = await import('../../../../../src-main/core/bundles/discover/discover.ts');
    expect(rootsPlan('linux', ['/']).excluded.sort()).toEqual(['/dev', '/proc', '/sys']);
    expect(rootsPlan('linux', ['/tmp/tree']).excluded).toEqual([]);
    expect(rootsPlan('linux', ['/proc']).excluded).toEqual([]);
    expect(rootsPlan('linux', ['/proc', '/']).roots).toEqual(['/proc', '/']);
    expect(rootsPlan('darwin', ['/']).excluded).toContain('/Volumes');
    expect(rootsPlan('darwin', ['/'], { includeRemovable: true }).excluded).not.toContain('/Volumes');
    expect(rootsPlan('win32', ['/']).excluded).toEqual([]);
  });
});
