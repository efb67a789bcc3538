// Safety rule 6, "two writers to one file serialize": lock.ts with processes that come and go, as
// TrustFix's CLI runs do. A lock is taken over only when its holder is provably gone AND the lock is
// older than LOCK_STALE_MS. Before the fix, a record of the holder kept beside the lock outlived it;
// the next lock folder got the same inode at once, so a contender took a live lock for a dead one
// (waves with two holders at once: 10, 5, 2, 0 and 1 of 20 in five measured runs), and a killed
// holder's lock was taken over at once, however young (the second case below: 0.1 s instead of 5 s).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LOCK_STALE_MS } from '../../../../src-main/core/repair/lock.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const WAVES = 20;
const WORKER = fileURLToPath(new URL('../../../helpers/lockWorker.ts', import.meta.url));
const dir = tempDirForFile('trustfix-lock-');

const worker = (data: string, log: string, ...args: string[]) =>
  execa(process.execPath, [WORKER, data, log, ...args], { reject: false, timeout: 60_000 });

/** The log's lines as [event, pid, time]; the most holders at once. */
function readLog(log: string): { lines: Array<[string, number, number]>; most: number } {
  const lines = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' '))
    .map(([e, p, t]) => [e!, Number(p), Number(t)] as [string, number, number]);
  let depth = 0;
  let most = 0;
  for (const [event] of lines) {
    depth += event === 'in' ? 1 : -1;
    most = Math.max(most, depth);
  }
  return { lines, most };
}

describe('the lock on one target', () => {
  it(`is held by one process at a time (${WAVES} waves of 3 processes starting together)`, async () => {
    const data = join(dir, 'waves');
    const log = join(dir, 'waves.log');
    let overlapping = 0;
    let entered = 0;
    for (let w = 0; w < WAVES; w++) {
      writeFileSync(log, '');
      const at = Date.now() + 700; // after all three have started
      const runs = await Promise.all([0, 1, 2].map(() => worker(data, log, 'wave', String(at))));
      for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
      const { lines, most } = readLog(log);
      entered += lines.filter(([e]) => e === 'in').length;
      if (most > 1) overlapping++;
    }
    process.stdout.write(
      `lock: ${WAVES} waves of 3 processes, ${entered} entries, ${overlapping} waves with two holders at once\n`,
    );
    expect(entered).toBe(3 * WAVES);
    expect(overlapping).toBe(0);
  }, 300_000);

  it("takes over a killed holder's lock only once it is older than its stale period", async () => {
    const data = join(dir, 'killed');
    const log = join(dir, 'killed.log');
    writeFileSync(log, '');
    const holder = execa(process.execPath, [WORKER, data, log, 'hold'], { reject: false, timeout: 60_000 });
    await new Promise<void>((resolve) =>
      holder.stdout!.on('data', (b: Buffer) => b.toString().includes('held') && resolve()),
    );
    holder.kill('SIGKILL');
    await holder;
    const killedAt = Date.now();
    const taker = await worker(data, log, 'take');
    expect(taker.exitCode, taker.stderr).toBe(0);
    const { lines } = readLog(log);
    const heldAt = lines[0]![2];
    const takenAt = lines[1]![2];
    process.stdout.write(
      `lock: a holder killed ${killedAt - heldAt} ms after taking it; taken over ${takenAt - heldAt} ms after it was taken\n`,
    );
    // The lock was made before "in" was noted, so it is older than its stale period at most a moment
    // before; generous margin for a busy machine.
    expect(takenAt - heldAt).toBeGreaterThan(LOCK_STALE_MS - 1_000);
  }, 120_000);

  it("never takes a live holder's lock, however old", async () => {
    const data = join(dir, 'live');
    const log = join(dir, 'live.log');
    writeFileSync(log, '');
    const long = worker(data, log, 'hold-for', String(LOCK_STALE_MS + 2_000));
    while (!readFileSync(log, 'utf8').includes('in ')) await new Promise((r) => setTimeout(r, 20));
    const second = await worker(data, log, 'take');
    expect((await long).exitCode).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    const { lines, most } = readLog(log);
    expect(lines.map(([e]) => e)).toEqual(['in', 'out', 'in', 'out']);
    expect(most).toBe(1);
  }, 120_000);
});
