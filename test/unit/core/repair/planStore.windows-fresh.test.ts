// Issue 14, first bug found under Wine: the OS store on Windows on a fresh data folder (ENOENT under
// store/). The Windows tools read and write files in TrustFix's store/ folder: certutil -addstore reads
// the root's PEM there, certutil -generateSSTFromWU writes Windows Update's roots.sst there and
// Import-Certificate reads it back. Neither tool makes a missing folder (certutil: "The system cannot
// find the path specified", 0x80070003). The Windows backend's commands are answered here by fakes on
// PATH that behave that way (test/helpers/winStoreFakes.ts), over a store kept in a folder the test owns; CI runs as root, so the
// store commands run in this process (no prompt), as the elevated process would run them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { msg } from '../../../../src-main/core/messages.ts';
import { applyPlan } from '../../../../src-main/core/repair/apply.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { planOsStoreAdd, planOsStoreRefresh } from '../../../../src-main/core/repair/planStore.ts';
import { makePki } from '../../../helpers/pki.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { windowsPlanContext } from '../../../helpers/windowsPlanContext.ts';
import { buildSst, makeWinStoreFakes, type WinStoreFakes } from '../../../helpers/winStoreFakes.ts';

let dir: string;
let cleanup: () => void;
let fakes: WinStoreFakes;
const savedPath = process.env.PATH;
const WU_ROOTS = splitBundle(readFileSync(`${FIXTURES}debian12-ca-certificates.crt`)).ders.slice(0, 2);

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-store-win-'));
  fakes = makeWinStoreFakes(dir);
  fakes.setWindowsUpdateList(buildSst(WU_ROOTS));
  process.env.PATH = `${fakes.bin}:${savedPath ?? '/usr/bin:/bin'}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  cleanup();
});

/** A data folder that does not exist yet, as on a first run. */
function freshContext(): Promise<PlanContext> {
  return windowsPlanContext(dir);
}

describe('Windows os-store on a fresh data folder', () => {
  it('add: the root is written into a new store/ folder, imported, found in the store', async () => {
    mkdirSync(join(dir, 'pki'), { recursive: true });
    const der = splitBundle(readFileSync(makePki(join(dir, 'pki')).rootPem)).ders[0]!;
    const thumb = createHash('sha1').update(der).digest('hex').toUpperCase();
    const pc = await freshContext();
    const action = await planOsStoreAdd(pc, der, 'root.pem', msg('repair:why.userOsStore'));
    const result = await applyPlan(
      { actions: [action], refused: [] },
      { dataDir: pc.dataDir, command: 'os-store', os: 'win32' },
    );
    expect(result.ok, JSON.stringify(result.problems)).toBe(true);
    expect(existsSync(join(fakes.root, thumb))).toBe(true);
    const store = join(pc.dataDir, 'store');
    expect(readdirSync(store)).toHaveLength(1);
    // Made by this user, readable by the elevated process, writable by no one else.
    expect(statSync(store).mode & 0o022).toBe(0);
  });

  it("refresh: Windows Update's roots.sst goes into store/, which is made first", async () => {
    const pc = await freshContext();
    const action = planOsStoreRefresh(pc);
    const result = await applyPlan(
      { actions: [action], refused: [] },
      { dataDir: pc.dataDir, command: 'os-store', os: 'win32' },
    );
    expect(result.ok, JSON.stringify(result.problems)).toBe(true);
    // On this host the backend's `<store>\\roots.sst` is one file name; the fake wrote it only because store/ was there.
    expect(readFileSync(`${join(pc.dataDir, 'store')}\\roots.sst`)).toEqual(buildSst(WU_ROOTS));
  });
});
