// Issue 15 through the app's API with the real backend, no browser: a server on 127.0.0.1 that sends
// only its own certificate, issued by a private intermediate under a private root (rootFileFixture.ts),
// and a venv Python (urllib). check.run says the server sends only its own certificate and what that
// means, never asking for "the root of" the intermediate; plan.make has nothing to plan; with the
// root file the user has (upload.pem -> plan.make with its upload id) the plan waits for the
// certificates' SHA-256 to be confirmed, then adds them for this interpreter alone (the .pth route),
// apply fixes urllib and undo takes it back. A file that does not complete the chain plans nothing
// and says so; the request names the upload by id only (strict schema, no path).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch.ts';
import { createSession, type Session } from '../../../src-main/api/session.ts';
import type { ApplyResult, CheckResult, Plan, PythonRow, UploadResult } from '../../../src-main/api/types.ts';
import { makeCert } from '../../helpers/checkPki.ts';
import { makeRootFileFixture, type RootFileFixture } from '../../helpers/rootFileFixture.ts';
import { tempDir } from '../../helpers/tmp.ts';

let dir: string;
let cleanup: () => void;
let fx: RootFileFixture;
let session: Session;

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(session, channel, request);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-api-root-file-'));
  fx = await makeRootFileFixture(dir);
  await mkdir(join(dir, 'data'), { recursive: true });
  session = await createSession({
    dataDir: join(dir, 'data'),
    pythons: fx.python ? [fx.python] : [],
    onlyPython: true,
    env: fx.env,
    systemStoreFile: fx.systemStore,
    shell: 'browser',
    progressMs: 20,
  });
}, 180_000);
afterAll(async () => {
  await fx?.close();
  cleanup?.();
});

describe('a server that sends only its own certificate, and the root file the user has', () => {
  it(
    'says what a leaf-only server means, plans nothing without the file, and with it adds the confirmed certificates; undo takes them back',
    { timeout: 180_000 },
    async (t) => {
      if (!fx.python) t.skip(fx.skip ?? 'no Python');
      const pythons = await call<PythonRow[]>('pythons.list', {});
      const py = pythons[0]!;
      const port = Number(new URL(fx.url).port);
      const check = await call<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [py.id] });
      const urllib = check.rows.find((r) => r.client === 'urllib')!;
      expect(urllib.ok).toBe(false);
      expect(urllib.causeCode).toBe('untrusted-root');
      // The sentence: only its own certificate, issued by the intermediate, which is not called a root.
      expect(urllib.cause).toEqual({
        code: 'check:detail.untrusted-root-leafOnly',
        params: { name: 'localhost', issuer: fx.intermediateName },
      });

      const without = await call<Plan>('plan.make', { checkId: check.checkId, focus: py.id });
      expect(without.steps).toEqual([]);
      expect(without.notes.map((n) => n.code)).toEqual(['check:repair.leafOnly']);

      const upload = await call<UploadResult>('upload.pem', {
        name: 'company-root.pem',
        text: await readFile(fx.rootFile, 'utf8'),
      });
      expect(upload.certificates.map((c) => c.fingerprint)).toEqual([fx.intermediateFingerprint, fx.rootFingerprint]);

      // Not yet confirmed: the plan lists both certificates from the file and plans nothing.
      const waiting = await call<Plan>('plan.make', {
        checkId: check.checkId,
        uploadId: upload.uploadId,
        focus: py.id,
      });
      expect(waiting.confirm.map((c) => [c.fingerprint, c.from, c.confirmed])).toEqual([
        [fx.intermediateFingerprint, 'file', false],
        [fx.rootFingerprint, 'file', false],
      ]);
      expect(waiting.steps.filter((s) => s.selected)).toEqual([]);

      const plan = await call<Plan>('plan.make', {
        checkId: check.checkId,
        uploadId: upload.uploadId,
        confirmed: [fx.intermediateFingerprint, fx.rootFingerprint],
        focus: py.id,
      });
      expect(plan.confirm.every((c) => c.confirmed)).toBe(true);
      const ticked = plan.steps.filter((s) => s.selected);
      // This interpreter alone: the .pth route in its own site-packages; SSL_CERT_FILE's bundle, which
      // other programs read, is only offered.
      expect(ticked.map((s) => s.kind)).toEqual(['pth-bundle']);
      expect(plan.steps.filter((s) => s.optional).every((s) => !s.selected)).toBe(true);
      expect(await fx.urllibWorks()).toBe(false);

      const applied = await call<ApplyResult>('plan.apply', { planId: plan.planId, steps: ticked.map((s) => s.id) });
      expect(applied.ok, JSON.stringify(applied.problems)).toBe(true);
      expect(applied.recheck?.rows.find((r) => r.client === 'urllib')?.ok).toBe(true);
      expect(await fx.urllibWorks()).toBe(true);
      const undone = await call<{ undone: boolean }>('history.undo', { id: applied.historyId });
      expect(undone.undone).toBe(true);
      expect(await fx.urllibWorks()).toBe(false);
    },
  );

  it(
    'a file that does not complete the chain plans nothing and says so; unknown uploads and paths are refused',
    { timeout: 120_000 },
    async (t) => {
      if (!fx.python) t.skip(fx.skip ?? 'no Python');
      const pythons = await call<PythonRow[]>('pythons.list', {});
      const port = Number(new URL(fx.url).port);
      const check = await call<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [pythons[0]!.id] });
      const other = makeCert({ cn: 'Some Other Root', ca: true, to: 3650 });
      const upload = await call<UploadResult>('upload.pem', { name: 'other.pem', text: other.pem });
      const plan = await call<Plan>('plan.make', {
        checkId: check.checkId,
        uploadId: upload.uploadId,
        confirmed: [upload.certificates[0]!.fingerprint],
      });
      expect(plan.steps).toEqual([]);
      expect(plan.notes).toContainEqual({ code: 'app:rootFile.noMatch', params: { file: 'other.pem' } });

      const unknown = await dispatch(session, 'plan.make', { checkId: check.checkId, uploadId: 'u-zzz' });
      expect(!unknown.ok && unknown.error.code).toBe('app:api.unknownUpload');
      const withPath = await dispatch(session, 'plan.make', {
        checkId: check.checkId,
        uploadId: upload.uploadId,
        path: fx.rootFile,
      });
      expect(withPath.ok).toBe(false);
    },
  );
});
