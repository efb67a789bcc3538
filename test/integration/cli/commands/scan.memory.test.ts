// Issue 12: a crowded machine's scan stays within a memory bound. Every trap (device links, a FIFO, a
// socket, a 2 GB sparse file, a folder name with a newline and escape codes, and big files just under
// the reader's cap) is planted in one tree with about 1,900 real bundles, as on a build server full
// of virtual environments (scripts/lib/crowdedTree.mjs; the benchmark uses the same tree). A scan whose memory
// grows with every bundle found (each keeping its own lists of missing and expired roots, the JSON
// built as one string) and with every big file (eight read and parsed at once, each held twice)
// takes 535 MB for this tree. Peak memory is measured from outside by the kernel
// (test/helpers/peakMemory.ts).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with the benchmark (no type declarations)
import * as crowded from '../../../../scripts/lib/crowdedTree.mjs';
import { CLI, trustfix } from '../../../helpers/cli.ts';
import { haveGnuTime, runMeasured } from '../../../helpers/peakMemory.ts';
import { tempDir } from '../../../helpers/tmp.ts';

interface CrowdedTree {
  fixtures: string[];
  trap: (name: string) => string;
  /** Files named like bundles in the tree, traps included. */
  bundles: number;
  close: () => Promise<void>;
}
const { BIG_BYTES, CONTROL_NAME, FIXTURES, plantCrowdedTree, TRAPS } = crowded as {
  BIG_BYTES: number;
  CONTROL_NAME: string;
  FIXTURES: string;
  TRAPS: Record<string, string>;
  plantCrowdedTree: (dir: string, options: { links: number; edited: number; big: number }) => Promise<CrowdedTree>;
};

/** The bound the issue sets for a whole-disk scan with the traps planted. */
const BOUND_MB = 300;
/** Hard links of each of the twelve fixture bundles: enough that a per-bundle cost shows. */
const LINKS = 150;
/** Copies with a comment added: same certificates, other bytes, so each is read and parsed. */
const EDITED = 4;
/** Sparse files of 60 MB named cert.pem: read whole (they are under the cap), judged binary. */
const BIG = 4;
const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const common = ['--json', '--reference', REF, '--system-store', STORE, '--at', '2026-11-23'];

interface Verdict {
  path: string;
  status: string;
  reason: { code: string };
  certificates: number;
  details: unknown;
  [key: string]: unknown;
}

let dir: string;
let cleanup: () => void;
let planting: CrowdedTree | undefined;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-memory-'));
  planting = await plantCrowdedTree(dir, { links: LINKS, edited: EDITED, big: BIG });
});
afterAll(async () => {
  await planting?.close();
  cleanup();
});

const planted = (): CrowdedTree => {
  if (!planting) throw new Error('the tree was not planted');
  return planting;
};

/** What a verdict says about the certificates, leaving out where the file is and its exact bytes. */
const judgement = (v: Verdict) => {
  const { path: _p, realPath: _r, id: _i, owner: _o, size: _s, contentHash: _c, foundBy: _f, ...rest } = v;
  return rest;
};

describe('a crowded tree with every trap', () => {
  it(`the walk finishes, reports each trap with its reason, judges every bundle as usual, under ${BOUND_MB} MB`, async (t) => {
    if (!haveGnuTime)
      t.skip('GNU time is not installed (Debian package time): peak memory cannot be measured from outside');
    const tree = planted();
    const alone = await trustfix(['scan', FIXTURES, ...common]);
    const expected = new Map(
      (JSON.parse(alone.stdout).bundles as Verdict[]).map((v) => [
        tree.fixtures.indexOf(v.path.slice(FIXTURES.length)),
        judgement(v),
      ]),
    );
    expect(expected.size).toBe(tree.fixtures.length);

    const run = await runMeasured(process.execPath, [
      CLI,
      'scan',
      '--root',
      dir,
      '--no-index',
      '--no-pythons',
      ...common,
    ]);
    expect(run.exitCode, run.stderr).toBe(1);
    const bundles = JSON.parse(run.stdout).bundles as Verdict[];
    expect(bundles).toHaveLength(tree.bundles);

    const at = (v: Verdict) => v.path.slice(dir.length + 1).split('/');
    for (const [name, kind] of Object.entries(TRAPS)) {
      expect(
        bundles.find((v) => v.path === tree.trap(name)),
        name,
      ).toMatchObject({ status: 'broken', reason: { code: `bundles:verdict.read.${kind}` } });
    }
    const big = bundles.filter((v) => at(v)[0]!.startsWith('big-'));
    expect(big).toHaveLength(BIG);
    for (const v of big)
      expect(v).toMatchObject({ status: 'broken', size: BIG_BYTES, reason: { code: 'bundles:verdict.binary' } });
    expect(bundles.find((v) => v.path === join(dir, CONTROL_NAME, 'cacert.pem'))).toMatchObject({
      status: 'current',
      certificates: 119,
    });
    const copies = bundles.filter((v) => /^(env|edited)-/.test(at(v)[0]!));
    expect(copies).toHaveLength(tree.fixtures.length * (LINKS + EDITED));
    for (const v of copies) expect(judgement(v), v.path).toEqual(expected.get(Number(at(v)[1])));

    expect(run.peakMb, 'peak resident memory of the scan, MB').toBeLessThan(BOUND_MB);
  });
});
