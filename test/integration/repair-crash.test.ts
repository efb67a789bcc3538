// Crash safety: SIGKILL at random moments during many `append` and `refresh` runs. Afterwards every
// bundle holds either its old or its new content and parses, and the journal undoes whatever
// completed (including runs killed between the write and the final journal save).
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../src-main/core/certs/pem.ts';
import { CLI, FIXTURES, trustfix } from '../helpers/cli.ts';
import { makePki } from '../helpers/pki.ts';
import { tempDir } from '../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const SOURCES = ['certifi-2018.08.24.pem', 'certifi-2021.10.08.pem', 'botocore-1.43.11.pem', 'certifi-2024.08.30.pem'];
const RUNS = Number(process.env.TRUSTFIX_CRASH_RUNS ?? 24);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let dir: string;
let cleanup: () => void;

beforeAll(() => ({ dir, cleanup } = tempDir('trustfix-crash-')));
afterAll(() => cleanup());

describe('crash safety', () => {
  it(`survives SIGKILL at random points in ${RUNS} append/refresh runs`, async () => {
    const pki = makePki(dir);
    const data = join(dir, 'data');
    const originals = new Map<string, string>();
    let kills = 0;
    let finished = 0;
    for (let i = 0; i < RUNS; i++) {
      const name = SOURCES[i % SOURCES.length]!;
      const bundle = join(dir, `b${i}-cacert.pem`);
      copyFileSync(`${FIXTURES}${name}`, bundle);
      originals.set(bundle, sha(readFileSync(bundle)));
      const args = i % 2 === 0 ? ['append', '--to', bundle, pki.rootPem] : ['refresh', bundle];
      const child = execa(process.execPath, [CLI, ...args, '--yes', '--data-dir', data, '--reference', REF, '--system-store', STORE, '--at', '2026-11-23'], { reject: false });
      // The CLI needs ~0.6-1.5 s to start, plan and write (less since commands load lazily); kill
      // anywhere from start-up to the end of the write.
      const delay = 150 + Math.floor(Math.random() * 1100);
      const timer = setTimeout(() => {
        if (child.kill('SIGKILL')) kills++;
      }, delay);
      const result = await child;
      clearTimeout(timer);
      if (result.exitCode === 0) finished++;
    }
    // Every bundle: old or new, and parseable.
    const entries = JSON.parse((await trustfix(['history', '--json', '--data-dir', data])).stdout).entries as any[];
    const newSha = new Map<string, string>();
    for (const e of entries) for (const a of e.actions) for (const c of a.changes) if (c.change.after) newSha.set(c.change.path, c.change.after.sha256);
    for (const [bundle, old] of originals) {
      const bytes = readFileSync(bundle);
      expect([old, newSha.get(bundle)]).toContain(sha(bytes));
      expect(splitBundle(bytes).ders.length).toBeGreaterThan(100);
    }
    // Leftover temp files from a kill inside write-file-atomic are not bundles the clients read.
    // Undo everything the journal knows, newest first: every bundle is back to its original bytes.
    for (const e of entries) {
      const run = await trustfix(['undo', e.id, '--yes', '--data-dir', data]);
      expect(run.exitCode, `${e.id} ${e.state}: ${run.stderr}`).toBe(0);
    }
    for (const [bundle, old] of originals) expect(sha(readFileSync(bundle))).toBe(old);
    const temps = readdirSync(dir).filter((f) => /cacert\.pem\.\d+$/.test(f)).length;
    process.stdout.write(`crash test: ${RUNS} runs, ${kills} SIGKILLs, ${RUNS - kills} ran to the end (${finished} exit 0), ${entries.length} journal entries undone, ${temps} temp files left by kills\n`);
    expect(kills).toBeGreaterThan(RUNS / 4);
  }, 600_000);
});
