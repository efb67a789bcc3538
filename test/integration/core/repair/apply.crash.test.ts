// Crash safety (safety rules 2 and 4): SIGKILL at random moments during hundreds of `append` and
// `refresh` runs, two at a time, then during some of the undos. Afterwards: every bundle holds exactly
// its old or its planned new bytes and parses (0 torn files), the journal agrees with the files
// (a change marked "done" is in place, one still "planned" was never written), no temp file of a
// killed run is left beside the bundles, and `trustfix undo` of every entry (run again where an undo
// was itself killed) gives back every bundle byte for byte. The CLI runs from the build when it is
// current (npm test builds first): about 0.6 s a run instead of 1.5 s from the sources.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { BIN, FIXTURES } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const SOURCES = ['certifi-2018.08.24.pem', 'certifi-2021.10.08.pem', 'botocore-1.43.11.pem', 'certifi-2024.08.30.pem'];
const KILLS = Number(process.env.TRUSTFIX_CRASH_KILLS ?? 200);
const UNDO_KILLS = 20;
const POOL = 2;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const dir = tempDirForFile('trustfix-crash-');

interface Outcome {
  killed: boolean;
  exitCode: number | undefined;
  ms: number;
  /** When its journal entry appeared (ms after start), if it did. */
  entryAt?: number;
}

type Kill = { from: 'start' | 'entry'; ms: number } | null;

/** Runs the CLI; kills it with SIGKILL `kill.ms` after its start or after its journal entry appeared
 * (`journal`: its data folder's journal folder, watched), unless it finished first. */
async function run(args: string[], kill: Kill, journal?: string): Promise<Outcome> {
  const started = Date.now();
  const child = execa(process.execPath, [BIN, ...args], { reject: false, timeout: 120_000 });
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number): void => void (timer = setTimeout(() => (killed = child.kill('SIGKILL')), ms));
  let entryAt: number | undefined;
  const watcher = journal
    ? watch(journal, () => {
        if (entryAt !== undefined) return;
        entryAt = Date.now() - started;
        if (kill?.from === 'entry') arm(kill.ms);
      })
    : null;
  if (kill?.from === 'start') arm(kill.ms);
  const result = await child;
  clearTimeout(timer);
  watcher?.close();
  return {
    killed: killed && result.signal === 'SIGKILL',
    exitCode: result.exitCode,
    ms: Date.now() - started,
    ...(entryAt !== undefined ? { entryAt } : {}),
  };
}

/** Runs `count` jobs, POOL at a time. */
async function pool<T>(count: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: POOL }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random points of append/refresh runs, and ${UNDO_KILLS} during undo`, async () => {
    const pki = makePki(dir);
    const site = join(dir, 'site-packages');
    mkdirSync(site);
    const originals: string[] = [];
    const bundle = (i: number): string => join(site, `b${i}-cacert.pem`);
    // One data folder per run, so a watch on its journal folder sees that run's entry appear.
    const data = (i: number): string => join(dir, 'data', `r${i}`);
    const journal = (i: number): string => join(data(i), 'journal');
    const argsFor = (i: number): string[] => [
      ...(i % 2 === 0 ? ['append', '--to', bundle(i), pki.rootPem] : ['refresh', bundle(i)]),
      ...['--yes', '--data-dir', data(i), '--reference', REF, '--system-store', STORE, '--at', '2026-11-23'],
    ];
    const prepare = (i: number): void => {
      copyFileSync(`${FIXTURES}${SOURCES[i % SOURCES.length]}`, bundle(i));
      originals[i] = sha(readFileSync(bundle(i)));
      mkdirSync(journal(i), { recursive: true });
    };

    // How long a whole run takes here and now, and its part from the journal entry on (lock, backup,
    // write, verify, the journal saves). A third of the kills fall anywhere from start-up to the end,
    // two thirds anywhere in that last part, where the files change.
    const calibration = await pool(2, async (i) => (prepare(i), run(argsFor(i), null, journal(i))));
    for (const c of calibration) expect(c.exitCode).toBe(0);
    const span = Math.max(...calibration.map((c) => c.ms));
    const writeSpan = Math.max(...calibration.map((c) => c.ms - (c.entryAt ?? 0)));
    let kills = 0;
    let killsAfterEntry = 0;
    let runs = calibration.length;
    let finished = calibration.length;
    while (kills < KILLS && runs < KILLS * 3) {
      const batch = Math.min(KILLS - kills + 2, 40);
      const outcomes = await pool(batch, async (k) => {
        const i = runs + k;
        prepare(i);
        const kill: Kill =
          i % 3 === 0
            ? { from: 'start', ms: Math.floor(span * Math.random()) }
            : { from: 'entry', ms: Math.floor(writeSpan * Math.random()) };
        return run(argsFor(i), kill, journal(i));
      });
      runs += batch;
      kills += outcomes.filter((o) => o.killed).length;
      killsAfterEntry += outcomes.filter((o) => o.killed && o.entryAt !== undefined).length;
      finished += outcomes.filter((o) => !o.killed && o.exitCode === 0).length;
    }

    // Every bundle: its old bytes or the planned new ones, and a bundle that parses; the journal says
    // what happened to it.
    const readEntry = (i: number): any => {
      const ids = readdirSync(journal(i)).filter((id) => existsSync(join(journal(i), id, 'entry.json')));
      return ids.length === 1 ? JSON.parse(readFileSync(join(journal(i), ids[0]!, 'entry.json'), 'utf8')) : null;
    };
    let torn = 0;
    let changed = 0;
    const inconsistent: string[] = [];
    const toUndo: number[] = [];
    let entries = 0;
    for (let i = 0; i < runs; i++) {
      const bytes = readFileSync(bundle(i));
      const now = sha(bytes);
      const entry = readEntry(i);
      const jc = entry?.actions[0].changes[0];
      const planned = jc?.change.after.sha256;
      if (now !== originals[i] && now !== planned) torn++;
      if (splitBundle(bytes).ders.length < 100) torn++;
      if (now !== originals[i]) changed++;
      if (entry) entries++;
      if (!entry && now !== originals[i]) inconsistent.push(`${bundle(i)} changed without a journal entry`);
      if (jc?.state === 'done' && now !== planned)
        inconsistent.push(`${entry.id}: "done" but the file is not the planned one`);
      if (jc?.state === 'planned' && now !== originals[i])
        inconsistent.push(`${entry.id}: "planned" but the file was written`);
      if (entry?.state === 'applied' && jc.state !== 'done')
        inconsistent.push(`${entry.id}: "applied" with a change ${jc.state}`);
      // An entry still "planned" never wrote: its undo has nothing to do.
      if (entry && jc.state !== 'planned') toUndo.push(i);
    }
    const leftovers = readdirSync(site).filter((f) => !/^b\d+-cacert\.pem$/.test(f));

    // `trustfix undo` of every entry that wrote or may have written; some undos are killed too, and
    // then run again.
    const undo = (i: number): string[] => ['undo', readEntry(i).id, '--yes', '--data-dir', data(i)];
    let undoKills = 0;
    await pool(Math.min(UNDO_KILLS, toUndo.length), async (k) => {
      const o = await run(undo(toUndo[k]!), { from: 'start', ms: Math.floor(span * Math.random()) });
      if (o.killed) undoKills++;
    });
    const again = toUndo.filter((i) => readEntry(i).state !== 'undone');
    const undone = await pool(again.length, async (k) => {
      const o = await execa(process.execPath, [BIN, ...undo(again[k]!)], { reject: false, timeout: 120_000 });
      return { bundle: bundle(again[k]!), exitCode: o.exitCode, stderr: o.stderr };
    });
    const restored = originals.filter((old, i) => sha(readFileSync(bundle(i))) === old).length;
    const afterUndo = readdirSync(site).filter((f) => !/^b\d+-cacert\.pem$/.test(f));

    process.stdout.write(
      `crash test: ${runs} runs (${POOL} at a time; a whole run ~${span} ms, from its journal entry on ~${writeSpan} ms), ` +
        `${kills} SIGKILLs (${killsAfterEntry} after the journal entry appeared), ${finished} ran to the end with exit 0; ` +
        `${changed} bundles changed, ${torn} torn files, ${inconsistent.length} journal inconsistencies, ${leftovers.length} temp files left beside the bundles; ` +
        `${entries} journal entries, ${toUndo.length} undone by \`trustfix undo\` (${undoKills} of those undos killed, then run again), ` +
        `${restored}/${runs} bundles byte-identical after undo, ${afterUndo.length} temp files after undo\n`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(torn).toBe(0);
    expect(inconsistent).toEqual([]);
    for (const u of undone) expect(u.exitCode, `${u.bundle}: ${u.stderr}`).toBe(0);
    expect(restored).toBe(runs);
    expect(afterUndo).toEqual([]);
  }, 900_000);
});
