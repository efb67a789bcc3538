// Issue 12: a crowded machine's scan stays within a memory bound. Every trap (device links, a FIFO, a
// socket, a 2 GB sparse file, a folder name with a newline and escape codes, and big files just under
// the reader's cap) is planted in one tree with thousands of real bundles, as on a build server full
// of virtual environments. Before, the scan's memory grew with every bundle found (each kept its own
// lists of missing and expired roots, and the JSON was built as one string) and with every big file
// (eight read and parsed at once, each held twice): about 450 MB for the bundles alone, 970 MB for
// sixteen big files. Peak memory is measured from outside by the kernel (test/helpers/peakMemory.ts).
import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, FIXTURES, trustfix } from '../helpers/cli.ts';
import { haveGnuTime, runMeasured } from '../helpers/peakMemory.ts';
import { tempDir } from '../helpers/tmp.ts';

/** The bound the issue sets for a whole-disk scan with the traps planted. */
const BOUND_MB = 300;
/** Hard links of each of the twelve fixture bundles: enough that a per-bundle cost shows. */
const LINKS = 150;
/** Copies with a comment added: same certificates, different bytes, so each is read and parsed. */
const EDITED = 4;
const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const common = ['--json', '--reference', REF, '--system-store', STORE, '--at', '2026-11-23'];
const TRAPS = { zero: 'device', urandom: 'device', fifo: 'pipe', socket: 'socket', sparse: 'too-large' } as const;
const CONTROL_NAME = 'evil\n\u001b[2J\tname';
/** Files of 60 MB named like bundles (sparse: nothing on disk), under the 64 MB the reader takes. */
const BIG = 4;

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
let socket: Server;
const fixtures = readdirSync(FIXTURES).sort();
const trap = (name: string): string => join(dir, 'traps', name, 'cacert.pem');

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-memory-'));
  for (const name of Object.keys(TRAPS)) mkdirSync(join(dir, 'traps', name), { recursive: true });
  symlinkSync('/dev/zero', trap('zero'));
  symlinkSync('/dev/urandom', trap('urandom'));
  execFileSync('mkfifo', [trap('fifo')]);
  socket = createServer();
  await new Promise<void>((resolve) => socket.listen(trap('socket'), resolve));
  writeFileSync(trap('sparse'), '');
  truncateSync(trap('sparse'), 2 * 1024 ** 3);
  for (let i = 0; i < BIG; i++) {
    mkdirSync(join(dir, `big-${i}`));
    writeFileSync(join(dir, `big-${i}`, 'cert.pem'), '');
    truncateSync(join(dir, `big-${i}`, 'cert.pem'), 60 * 1024 ** 2);
  }
  mkdirSync(join(dir, CONTROL_NAME));
  copyFileSync(REF, join(dir, CONTROL_NAME, 'cacert.pem'));
  // site-packages of many environments: fixture k as env-i/k/cacert.pem.
  fixtures.forEach((f, k) => {
    for (let i = 0; i < LINKS; i++) {
      mkdirSync(join(dir, `env-${i}`, String(k)), { recursive: true });
      linkSync(join(FIXTURES, f), join(dir, `env-${i}`, String(k), 'cacert.pem'));
    }
    for (let i = 0; i < EDITED; i++) {
      mkdirSync(join(dir, `edited-${i}`, String(k)), { recursive: true });
      writeFileSync(join(dir, `edited-${i}`, String(k), 'cacert.pem'), Buffer.concat([readFileSync(join(FIXTURES, f)), Buffer.from(`# edited copy ${i}\n`)]));
    }
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  cleanup();
});

/** What a verdict says about the certificates, leaving out where the file is and its exact bytes. */
const judgement = (v: Verdict) => {
  const { path: _p, realPath: _r, id: _i, owner: _o, size: _s, contentHash: _c, foundBy: _f, ...rest } = v;
  return rest;
};

describe('a crowded tree with every trap', () => {
  it(`the walk finishes, reports each trap with its reason, judges every bundle as usual, under ${BOUND_MB} MB`, async (t) => {
    if (!haveGnuTime) t.skip('GNU time is not installed (Debian package time): peak memory cannot be measured from outside');
    const alone = await trustfix(['scan', FIXTURES, ...common]);
    const expected = new Map((JSON.parse(alone.stdout).bundles as Verdict[]).map((v) => [fixtures.indexOf(v.path.slice(FIXTURES.length)), judgement(v)]));
    expect(expected.size).toBe(fixtures.length);

    const run = await runMeasured(process.execPath, [CLI, 'scan', '--root', dir, '--no-index', '--no-pythons', ...common]);
    expect(run.exitCode, run.stderr).toBe(1);
    const bundles = JSON.parse(run.stdout).bundles as Verdict[];
    expect(bundles).toHaveLength(Object.keys(TRAPS).length + BIG + 1 + fixtures.length * (LINKS + EDITED));

    const at = (v: Verdict) => v.path.slice(dir.length + 1).split('/');
    for (const [name, kind] of Object.entries(TRAPS)) {
      expect(bundles.find((v) => v.path === trap(name)), name).toMatchObject({ status: 'broken', reason: { code: `bundles:verdict.read.${kind}` } });
    }
    const big = bundles.filter((v) => at(v)[0]!.startsWith('big-'));
    expect(big).toHaveLength(BIG);
    for (const v of big) expect(v).toMatchObject({ status: 'broken', size: 60 * 1024 ** 2, reason: { code: 'bundles:verdict.binary' } });
    expect(bundles.find((v) => at(v)[0] === CONTROL_NAME)).toMatchObject({ status: 'current', certificates: 119 });
    const copies = bundles.filter((v) => /^(env|edited)-/.test(at(v)[0]!));
    expect(copies).toHaveLength(fixtures.length * (LINKS + EDITED));
    for (const v of copies) expect(judgement(v), v.path).toEqual(expected.get(Number(at(v)[1])));

    expect(run.peakMb, 'peak resident memory of the scan, MB').toBeLessThan(BOUND_MB);
  });
});
