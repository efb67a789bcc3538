// Safety rules 3 and 8 in the engine: each client's repair is kept or put back on its own after the
// re-check, and an action whose read-back does not show the change is not "done".
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { createContext } from '../../../../src-main/core/context.ts';
import { msg } from '../../../../src-main/core/messages.ts';
import { applyPlan } from '../../../../src-main/core/repair/apply.ts';
import { Journal } from '../../../../src-main/core/repair/journal.ts';
import { planAppend } from '../../../../src-main/core/repair/planBundle.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { revertEntry } from '../../../../src-main/core/repair/revert.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { makePki, type Pki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
let dir: string;
let cleanup: () => void;
let pki: Pki;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-per-client-'));
  pki = makePki(dir);
});
afterAll(() => cleanup());

function copyOf(name: string, sub: string): string {
  mkdirSync(join(dir, sub), { recursive: true });
  const to = join(dir, sub, 'cacert.pem');
  copyFileSync(`${FIXTURES}${name}`, to);
  return to;
}

async function twoAppends(sub: string) {
  const a = copyOf('certifi-2022.12.07.pem', `${sub}-requests`);
  const b = copyOf('certifi-2024.07.04.pem', `${sub}-urllib`);
  const ctx = await createContext({ referenceFile: REF, systemStoreFile: STORE, at: new Date('2026-11-23') });
  const pc: PlanContext = {
    ctx,
    dataDir: join(dir, `${sub}-data`),
    findings: new Set([a, b]),
    who: 'test',
    now: new Date(),
    os: 'linux',
    home: dir,
  };
  const der = splitBundle(readFileSync(pki.rootPem)).ders[0]!;
  const first = await planAppend(pc, a, [{ der, from: 'test' }], msg('repair:why.userOsStore'), 'a1');
  const second = await planAppend(pc, b, [{ der, from: 'test' }], msg('repair:why.userOsStore'), 'a2');
  return { a, b, pc, plan: { actions: [first!, second!], refused: [] }, before: [sha(a), sha(b)] };
}

describe('per-client outcome', () => {
  it('keeps the working client, puts back the failing one, and undo is byte-exact', async () => {
    const { a, b, pc, plan, before } = await twoAppends('mixed');
    let runs = 0;
    const result = await applyPlan(plan, {
      dataDir: pc.dataDir,
      command: 'fix',
      recheck: {
        groups: [
          { key: 'requests', actions: [0] },
          { key: 'urllib', actions: [1] },
        ],
        run: async () => {
          runs++;
          return {
            requests: { ok: true, detail: 'ok' },
            urllib: { ok: false, detail: 'unable to get local issuer certificate' },
          };
        },
      },
    });
    expect(result.ok).toBe(false); // not every client asked for works
    expect(result.outcomes).toEqual([
      { key: 'requests', ok: true, detail: 'ok', putBack: false },
      { key: 'urllib', ok: false, detail: 'unable to get local issuer certificate', putBack: true },
    ]);
    expect(runs).toBe(2); // the kept client is asked again after the put-back
    expect(sha(a)).not.toBe(before[0]); // requests' change kept
    expect(sha(b)).toBe(before[1]); // urllib's change put back, byte for byte
    const journal = new Journal(pc.dataDir);
    const entry = (await journal.list())[0]!;
    expect(entry.state).toBe('applied');
    expect(entry.actions.map((x) => x.changes[0]!.state)).toEqual(['done', 'rolled-back']);
    const undone = await revertEntry(
      { journal, entry, elevate: async () => ({ ok: false, refused: true, detail: '' }), self: [], os: 'linux' },
      'undone',
    );
    expect(undone.ok).toBe(true);
    expect([sha(a), sha(b)]).toEqual(before);
  });

  it('puts everything back and keeps no history to undo when no client works', async () => {
    const { a, b, pc, plan, before } = await twoAppends('none');
    const result = await applyPlan(plan, {
      dataDir: pc.dataDir,
      command: 'fix',
      recheck: {
        groups: [
          { key: 'requests', actions: [0] },
          { key: 'urllib', actions: [1] },
        ],
        run: async () => ({ requests: { ok: false, detail: 'x' }, urllib: { ok: false, detail: 'y' } }),
      },
    });
    expect(result.ok).toBe(false);
    expect(result.outcomes?.every((o) => o.putBack && !o.ok)).toBe(true);
    expect([sha(a), sha(b)]).toEqual(before);
    expect(result.entry?.state).toBe('rolled-back');
  });

  it('a change two clients share stays while one of them works', async () => {
    const { a, b, pc, plan, before } = await twoAppends('shared');
    const result = await applyPlan(plan, {
      dataDir: pc.dataDir,
      command: 'fix',
      recheck: {
        groups: [
          { key: 'requests', actions: [0, 1] },
          { key: 'pip', actions: [1] },
        ],
        run: async () => ({ requests: { ok: true, detail: '' }, pip: { ok: false, detail: 'still' } }),
      },
    });
    expect(result.ok).toBe(false);
    expect(result.outcomes?.map((o) => [o.key, o.ok, o.putBack])).toEqual([
      ['requests', true, false],
      ['pip', false, false],
    ]);
    expect(sha(a)).not.toBe(before[0]);
    expect(sha(b)).not.toBe(before[1]);
  });
});

describe('read-back after an action', () => {
  it('an action whose read-back does not show the change is rolled back, not "done"', async () => {
    const { a, b, pc, plan, before } = await twoAppends('readback');
    plan.actions[1]!.checks = [
      {
        kind: 'command-output',
        run: { file: 'printenv', args: ['TRUSTFIX_NOT_SET_ANYWHERE'] },
        expect: '/some/bundle.pem',
      },
    ];
    const result = await applyPlan(plan, { dataDir: pc.dataDir, command: 'point' });
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.code).toBe('repair:verify.readBackFailed');
    expect([sha(a), sha(b)]).toEqual(before);
  });

  it('a read-back that finds the certificate lets the action count as done', async () => {
    const { a, pc, plan } = await twoAppends('readback-ok');
    const fp = createHash('sha256')
      .update(splitBundle(readFileSync(pki.rootPem)).ders[0]!)
      .digest('hex');
    plan.actions[0]!.checks = [{ kind: 'file-has-certificate', path: a, fingerprint: fp }];
    const result = await applyPlan(plan, { dataDir: pc.dataDir, command: 'append' });
    expect(result.ok).toBe(true);
  });
});
