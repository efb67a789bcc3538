// `os-store refresh` must not say Done when certutil -generateSSTFromWU and PowerShell's
// Import-Certificate did nothing (under Wine both are stubs that exit 0). The refresh is read back: Windows Update's roots.sst must be a serialized certificate store with
// certificates, and LocalMachine\Root must then hold every one of them, found by thumbprint. The
// Windows programs are fakes on PATH (test/helpers/winStoreFakes.ts) over a store kept in a folder
// the test owns; CI runs as root, so the store commands run in this process as the elevated one would.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { parseSerializedStore } from '../../../../src-main/core/platform/winSst.ts';
import { applyPlan } from '../../../../src-main/core/repair/apply.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { planOsStoreRefresh } from '../../../../src-main/core/repair/planStore.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { windowsPlanContext } from '../../../helpers/windowsPlanContext.ts';
import { buildSst, makeWinStoreFakes, type WinStoreFakes } from '../../../helpers/winStoreFakes.ts';

const ROOTS = splitBundle(readFileSync(`${FIXTURES}debian12-ca-certificates.crt`)).ders.slice(0, 3);
const thumb = (der: Buffer): string => createHash('sha1').update(der).digest('hex').toUpperCase();

let dir: string;
let cleanup: () => void;
let fakes: WinStoreFakes;
const savedPath = process.env.PATH;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-store-refresh-'));
  fakes = makeWinStoreFakes(dir);
  fakes.setWindowsUpdateList(buildSst(ROOTS));
  process.env.PATH = `${fakes.bin}:${savedPath ?? '/usr/bin:/bin'}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  cleanup();
});

function windowsContext(): Promise<PlanContext> {
  return windowsPlanContext(dir);
}

async function refresh(): Promise<{ pc: PlanContext; result: Awaited<ReturnType<typeof applyPlan>> }> {
  const pc = await windowsContext();
  const result = await applyPlan(
    { actions: [planOsStoreRefresh(pc)], refused: [] },
    { dataDir: pc.dataDir, command: 'os-store', os: 'win32' },
  );
  return { pc, result };
}

describe('os-store refresh on Windows is read back', () => {
  it('certutil and PowerShell exit 0 and do nothing (Wine): not done, says the list is missing and where, rolled back', async () => {
    fakes.setMode('stub');
    const { pc, result } = await refresh();
    expect(result.ok).toBe(false);
    const codes = result.problems.map((p) => p.code);
    expect(codes[0]).toBe('repair:verify.refreshNoList');
    expect(result.problems[0]!.params).toMatchObject({
      path: `${join(pc.dataDir, 'store')}\\roots.sst`,
      store: 'LocalMachine\\Root',
    });
    expect(codes).toContain('repair:rolledBack');
    expect(result.entry?.state).toBe('rolled-back');
    expect(readdirSync(fakes.root)).toEqual([]);
  });

  it('the list is written but the import does nothing: not done, names the roots missing from LocalMachine\\Root', async () => {
    fakes.setMode('no-import');
    const { result } = await refresh();
    expect(result.ok).toBe(false);
    expect(result.problems[0]!.code).toBe('repair:verify.refreshNotImported');
    expect(result.problems[0]!.params).toMatchObject({ missing: 3, count: 3, store: 'LocalMachine\\Root' });
    expect(String(result.problems[0]!.params!.thumbprints)).toContain(thumb(ROOTS[0]!));
    expect(result.entry?.state).toBe('rolled-back');
  });

  it("both do their job: done, and LocalMachine\\Root holds every root of Windows Update's list", async () => {
    fakes.setMode('works');
    const { pc, result } = await refresh();
    expect(result.ok, JSON.stringify(result.problems)).toBe(true);
    expect(result.entry?.state).toBe('applied');
    expect(readdirSync(fakes.root).sort()).toEqual(ROOTS.map(thumb).sort());
    expect(parseSerializedStore(readFileSync(`${join(pc.dataDir, 'store')}\\roots.sst`))).toHaveLength(3);
  });
});

describe('a serialized certificate store (.sst) is parsed, or refused', () => {
  it('reads each certificate element (id 32), skipping the properties beside it', () => {
    expect(parseSerializedStore(buildSst(ROOTS))!.map(thumb)).toEqual(ROOTS.map(thumb));
  });
  it('refuses what is not one: text, a wrong header, a cut-off element, an empty store, a broken certificate', () => {
    const good = buildSst(ROOTS);
    expect(parseSerializedStore(Buffer.from('sst'))).toBeNull();
    expect(parseSerializedStore(Buffer.concat([Buffer.from([1, 0, 0, 0]), good.subarray(4)]))).toBeNull();
    expect(parseSerializedStore(good.subarray(0, good.length - 40))).toBeNull();
    expect(parseSerializedStore(buildSst([]))).toBeNull();
    const broken = Buffer.from(good);
    const at = 8 + 12 + 20 + 12 + 5; // inside the first certificate's DER (the TBSCertificate's length)
    broken[at] = broken[at]! ^ 0xff;
    expect(parseSerializedStore(broken)).toBeNull();
  });
});
