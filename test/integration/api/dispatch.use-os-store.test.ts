// Issue 15, the Pythons screen's "Use the system's certificate store" through the app's API, with a
// real venv Python (pip inside, truststore installed offline from the machine's local index):
// pythons.list says in words what put each source in force; plan.useOsStore {pythonId} plans core's
// use-os-store for that interpreter alone (strict: ids only); plan.apply installs truststore and its
// start-up .pth and reads it back; the history entry says how it is undone and which file;
// history.undo takes both back.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch.ts';
import { createSession, type Session } from '../../../src-main/api/session.ts';
import type { ApplyResult, HistoryEntry, Plan, PythonRow } from '../../../src-main/api/types.ts';
import { PTH_NAME, TRUSTSTORE_ACTIVE_SCRIPT } from '../../../src-main/core/repair/planPython.ts';
import { tempDir } from '../../helpers/tmp.ts';

const BASE = ['/root/.pyenv/versions/3.11.7/bin/python', '/root/.pyenv/versions/3.12.1/bin/python'].find(existsSync);
const INDEX: Record<string, string> = existsSync('/opt/pypi/simple')
  ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' }
  : {};

let dir: string;
let cleanup: () => void;
let session: Session;
let python: string;
let purelib: string;
const saved = { ...process.env };

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(session, channel, request);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}
const active = async (): Promise<string> =>
  String(
    (await execa(python, ['-c', TRUSTSTORE_ACTIVE_SCRIPT], { reject: false, env: { PIP_CONFIG_FILE: '/dev/null' } }))
      .stdout,
  ).trim();

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-api-use-os-store-'));
  if (!BASE) return;
  await execa(BASE, ['-m', 'venv', join(dir, 'venv')], { timeout: 180_000 });
  python = join(dir, 'venv', 'bin', 'python');
  purelib = String(
    (await execa(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])).stdout,
  ).trim();
  // The apply's `pip install truststore` runs with this process's environment: the local index only.
  Object.assign(process.env, { PIP_CONFIG_FILE: '/dev/null', ...INDEX });
  session = await createSession({
    dataDir: join(dir, 'data'),
    roots: [],
    pythons: [python],
    onlyPython: true,
    env: { ...process.env, PIP_CONFIG_FILE: '/dev/null' } as Record<string, string>,
    shell: 'browser',
    progressMs: 20,
  });
}, 240_000);
afterAll(() => {
  process.env = saved;
  cleanup?.();
});

describe('plan.useOsStore: a Pythons row uses the system store, applied and undone like every repair', () => {
  it('pythons.list says what put each source in force in words, not codes', async (t) => {
    if (!BASE) t.skip('no Python 3.10+ on this machine');
    const [row] = await call<PythonRow[]>('pythons.list', {});
    expect(row!.clients.pip).toMatchObject({
      available: true,
      steeredBy: 'pip-certifi',
      steer: [{ code: 'pythons:steer.pip-certifi' }],
    });
    expect(row!.clients.urllib?.steer).toEqual([{ code: 'pythons:steer.openssl-default' }]);
  });

  it('refuses anything but a known interpreter id', async (t) => {
    if (!BASE) t.skip('no Python 3.10+ on this machine');
    const [row] = await call<PythonRow[]>('pythons.list', {});
    expect(await dispatch(session, 'plan.useOsStore', { pythonId: row!.id, python: python })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(await dispatch(session, 'plan.useOsStore', { pythonId: python })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(await dispatch(session, 'plan.useOsStore', { pythonId: 'py-000000' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.unknownPython' },
    });
  });

  it(
    'plans truststore and its .pth for that interpreter, applies it (read back), and undo takes both back',
    { timeout: 300_000 },
    async (t) => {
      if (!BASE) t.skip('no Python 3.10+ on this machine');
      const [row] = await call<PythonRow[]>('pythons.list', {});
      const pth = join(purelib, PTH_NAME);
      const plan = await call<Plan>('plan.useOsStore', { pythonId: row!.id });
      expect(plan).toMatchObject({ origin: 'python', needsAdmin: false, refused: [] });
      expect(plan.steps).toHaveLength(1);
      expect(plan.steps[0]).toMatchObject({
        kind: 'use-os-store',
        where: pth,
        needsAdmin: false,
        selected: true,
        undo: { code: 'repair:undo.removePthAndTruststore' },
      });
      expect(existsSync(pth)).toBe(false);

      const applied = await call<ApplyResult>('plan.apply', { planId: plan.planId });
      expect(applied.problems).toEqual([]);
      expect(applied.ok).toBe(true);
      expect(existsSync(pth)).toBe(true);
      expect(await active()).toBe('truststore');
      const [after] = await call<PythonRow[]>('pythons.list', { refresh: true });
      expect(after!.clients.urllib).toMatchObject({
        source: 'os-store',
        steeredBy: 'truststore',
        steer: [{ code: 'pythons:steer.truststore' }],
      });

      // What the confirmation lists: what it did, how undo takes it back, the file.
      const entry = (await call<HistoryEntry[]>('history.list', {})).find((e) => e.id === applied.historyId)!;
      expect(entry).toMatchObject({ command: 'app:python', canUndo: true, undoNeedsAdmin: false, files: [pth] });
      expect(entry.actions.map((a) => a.code)).toEqual(['repair:what.useOsStore']);
      expect(entry.undoes.map((a) => a.code)).toEqual(['repair:undo.removePthAndTruststore']);

      const undone = await call<{ undone: boolean; entry: HistoryEntry }>('history.undo', { id: applied.historyId });
      expect(undone.undone).toBe(true);
      expect(existsSync(pth)).toBe(false);
      expect(await active()).toBe('ssl');
      expect((await execa(python, ['-c', 'import truststore'], { reject: false })).exitCode).not.toBe(0);
    },
  );
});
