// Safety rule 6, "no change is ever lost": two `trustfix append` runs of two different roots on one
// bundle, started together, again and again (the data folder, and so its locks, shared across tries as
// on a real machine). Each pair either serializes (both roots end up in the file) or one run refuses
// with a clear message and a non-zero exit; never both exit 0 with one root missing, and every entry
// the history calls "applied" has its root in the file. Two causes of lost updates were seen: the
// lock (a live lock taken for a dead one, see test/integration/core/repair/lock.test.ts), and, on a busy machine, a plan
// whose new bytes came from one read of the bundle and its "before" from a second read after the other
// run's write (so the check under the lock passed): 1 of 60 and 6 of 20 tries lost a root.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { sha256Hex } from '../../../../src-main/core/certs/record.ts';
import { BIN, FIXTURES } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const TRIES = 20;
const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const dir = tempDirForFile('trustfix-concurrent-');

const fingerprintOf = (pem: string): string => sha256Hex(splitBundle(readFileSync(pem)).ders[0]!);

describe('two appends at once', () => {
  it(`never both succeed with one root lost (${TRIES} tries)`, async () => {
    const roots = ['A', 'B'].map((n) => {
      mkdirSync(join(dir, n));
      const pem = makePki(join(dir, n), `TrustFix Concurrent Root ${n}`).rootPem;
      return { pem, fp: fingerprintOf(pem), why: `concurrent-root-${n}` };
    });
    const data = join(dir, 'data');
    let bothOk = 0;
    let refused = 0;
    const lost: string[] = [];
    for (let i = 0; i < TRIES; i++) {
      const bundle = join(dir, `try-${i}`, 'cacert.pem');
      mkdirSync(join(dir, `try-${i}`));
      copyFileSync(`${FIXTURES}certifi-2024.08.30.pem`, bundle);
      const runs = await Promise.all(
        roots.map((r) =>
          execa(
            process.execPath,
            [
              BIN,
              'append',
              '--to',
              bundle,
              r.pem,
              '--why',
              r.why,
              '--yes',
              '--data-dir',
              data,
              '--reference',
              REF,
              '--system-store',
              STORE,
              '--at',
              '2026-11-23',
            ],
            { reject: false, timeout: 120_000, all: true },
          ),
        ),
      );
      const inFile = new Set(splitBundle(readFileSync(bundle)).ders.map((d) => sha256Hex(d)));
      const ok = runs.map((r) => r.exitCode === 0);
      if (ok.every(Boolean)) bothOk++;
      for (const [k, r] of runs.entries()) {
        if (ok[k] && !inFile.has(roots[k]!.fp))
          lost.push(
            `try ${i}: run ${k} exited 0 but its root is not in the file (${runs.map((x) => x.all).join(' | ')})`,
          );
        if (!ok[k]) {
          refused++;
          // The loser says why, in words: someone else changed the file after its plan, or is changing it.
          expect(String(r.stderr), `try ${i} run ${k}`).toMatch(/changed by something else|another TrustFix process/);
        }
      }
      const history = JSON.parse((await execa(process.execPath, [BIN, 'history', '--json', '--data-dir', data])).stdout)
        .entries as any[];
      for (const e of history.filter((x) => x.state === 'applied')) {
        const change = e.actions[0].changes[0].change;
        if (change.path !== bundle) continue;
        const wanted = roots.find((r) => e.actions[0].record.why.params.why === r.why)!;
        if (!inFile.has(wanted.fp))
          lost.push(`try ${i}: history entry ${e.id} says applied but ${wanted.why} is not in the file`);
      }
    }
    process.stdout.write(
      `concurrent appends: ${TRIES} tries, ${bothOk} with both runs exit 0, ${refused} refusals, ${lost.length} lost updates\n`,
    );
    for (const l of lost) process.stdout.write(`LOST ${l}\n`);
    expect(lost).toEqual([]);
  }, 600_000);
});
