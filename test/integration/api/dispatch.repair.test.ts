// The app's API with the real backend, no browser: a TLS server on 127.0.0.1 with a private root, a
// venv Python (urllib, steered by SSL_CERT_FILE to a bundle of the test's own), and the whole path
// the wizard takes: pythons.list -> check.run (fails, plain cause) -> plan.make (asks to confirm the
// root's SHA-256; narrowest first: the venv's own .pth route ticked, SSL_CERT_FILE's bundle optional)
// -> plan.apply (live events, re-check passes) -> history.undo (fails again, bytes back). Also the
// one-click root update on a stale bundle, and a PEM the user uploads.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch.ts';
import { createSession, type Session } from '../../../src-main/api/session.ts';
import type {
  ApplyResult,
  CheckResult,
  HistoryEntry,
  Plan,
  PythonRow,
  RepairOutputEvent,
  ScanResults,
  UploadResult,
} from '../../../src-main/api/types.ts';
import { splitBundle } from '../../../src-main/core/certs/pem.ts';
import { FIXTURES } from '../../helpers/cli.ts';
import { makePerClientFixture, type PerClientFixture } from '../../helpers/perClientFixture.ts';
import { makePki } from '../../helpers/pki.ts';
import { tempDir } from '../../helpers/tmp.ts';

const BASE = [
  '/root/.pyenv/versions/3.12.1/bin/python',
  '/root/.pyenv/versions/3.11.7/bin/python',
  '/usr/bin/python3',
].find(existsSync);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let dir: string;
let cleanup: () => void;
let server: Server;
let port: number;
let session: Session;
let bundle: string;
let rootPem: string;
let stale: string;
let purelib: string;

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(session, channel, request);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-api-repair-'));
  const pki = makePki(dir);
  rootPem = pki.rootPem;
  server = createServer(
    {
      key: await readFile(pki.leafKey),
      cert: `${await readFile(pki.leafPem, 'utf8')}${await readFile(pki.rootPem, 'utf8')}`,
    },
    (_q, res) => res.end('hello\n'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  bundle = join(dir, 'trust', 'bundle.pem');
  await mkdir(join(dir, 'trust'), { recursive: true });
  await writeFile(bundle, rootCertificates.join('\n'));
  stale = join(dir, 'tree', 'old', 'certifi', 'cacert.pem');
  await mkdir(join(stale, '..'), { recursive: true });
  await copyFile(join(FIXTURES, 'certifi-2016.02.28.pem'), stale);
  const env = { ...process.env, SSL_CERT_FILE: bundle, PIP_CONFIG_FILE: '/dev/null' };
  let python: string[] = [];
  if (BASE) {
    await execa(BASE, ['-m', 'venv', '--without-pip', join(dir, 'venv')], { timeout: 120_000 });
    python = [join(dir, 'venv', 'bin', 'python')];
    purelib = String(
      (await execa(python[0]!, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])).stdout,
    ).trim();
  }
  session = await createSession({
    dataDir: join(dir, 'data'),
    roots: [join(dir, 'tree')],
    pythons: python,
    onlyPython: true,
    env,
    shell: 'browser',
    progressMs: 20,
  });
}, 180_000);
afterAll(() => {
  server?.close();
  cleanup?.();
});

describe('the wizard path through the API', () => {
  it('check fails with the cause, the plan asks for the fingerprint, apply fixes, undo takes it back', async (t) => {
    if (!BASE) t.skip('no Python interpreter on this machine');
    const pythons = await call<PythonRow[]>('pythons.list', {});
    expect(pythons).toHaveLength(1);
    const py = pythons[0]!;
    expect(py.isVenv).toBe(true);
    expect(py.clients.urllib).toMatchObject({
      available: true,
      source: bundle,
      steeredBy: 'SSL_CERT_FILE',
      status: 'current',
    });

    const before = sha(await readFile(bundle));
    const check = await call<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [py.id] });
    const urllib = check.rows.find((r) => r.client === 'urllib')!;
    expect(urllib.ok).toBe(false);
    expect(urllib.causeCode).toBe('untrusted-root');
    expect(urllib.cause.code).toMatch(/^check:detail\.untrusted-root/);
    expect(urllib.pythonSays).toMatch(/CERTIFICATE_VERIFY_FAILED|certificate verify failed/);
    expect(check.chain.map((c) => c.name)).toEqual(['localhost', 'TrustFix Test Root']);

    // The root came from the server: nothing is planned until its SHA-256 is confirmed.
    const rootFp = sha(splitBundle(await readFile(rootPem)).ders[0]!);
    const unconfirmed = await call<Plan>('plan.make', { checkId: check.checkId });
    expect(unconfirmed.steps).toEqual([]);
    expect(unconfirmed.confirm).toEqual([
      expect.objectContaining({ fingerprint: rootFp, name: 'TrustFix Test Root', from: 'chain', confirmed: false }),
    ]);
    expect(await dispatch(session, 'plan.make', { checkId: check.checkId, confirmed: ['not-hex'] })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });

    // Narrowest first: the .pth route for this venv alone is ticked; the bundle SSL_CERT_FILE names
    // (which every program started with it reads) is an optional step, unticked, saying so.
    const plan = await call<Plan>('plan.make', { checkId: check.checkId, confirmed: [rootFp] });
    expect(plan.steps.map((s) => [s.kind, s.optional, s.selected])).toEqual([
      ['pth-bundle', false, true],
      ['append', true, false],
    ]);
    expect(plan.steps[0]).toMatchObject({ where: join(purelib, 'trustfix-urllib-ca.pth'), needsAdmin: false });
    expect(plan.steps[1]).toMatchObject({
      where: bundle,
      readers: [{ code: 'repair:reader.env', params: { variable: 'SSL_CERT_FILE' } }],
    });
    expect(plan.confirm[0]?.confirmed).toBe(true);

    const events: RepairOutputEvent[] = [];
    const off = session.onEvent((e, p) => e === 'repair.output' && events.push(p as RepairOutputEvent));
    const applied = await call<ApplyResult>('plan.apply', { planId: plan.planId });
    off();
    expect(applied.ok, JSON.stringify(applied.problems)).toBe(true);
    expect(events.map((e) => `${e.step}:${e.state}`)).toEqual(['0:running', '0:done']);
    expect(applied.recheck?.rows.find((r) => r.client === 'urllib')?.ok).toBe(true);
    // The snippets point at a file that holds the root: the data folder's, not SSL_CERT_FILE's.
    expect(applied.recheck?.goodBundle).toMatch(new RegExp(`^${join(dir, 'data')}/urllib-ca-`));
    expect(sha(await readFile(bundle))).toBe(before);
    expect(existsSync(join(purelib, 'trustfix-urllib-ca.pth'))).toBe(true);
    // A plan is applied once.
    expect(await dispatch(session, 'plan.apply', { planId: plan.planId })).toMatchObject({
      ok: false,
      error: { code: 'app:api.unknownPlan' },
    });

    const history = await call<HistoryEntry[]>('history.list', {});
    expect(history[0]).toMatchObject({ id: applied.historyId, canUndo: true, undone: false, command: 'app:check' });
    const undone = await call<{ undone: boolean }>('history.undo', { id: applied.historyId });
    expect(undone.undone).toBe(true);
    expect(sha(await readFile(bundle))).toBe(before);
    expect(existsSync(join(purelib, 'trustfix-urllib-ca.pth'))).toBe(false);
    const again = await call<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [py.id] });
    expect(again.rows.find((r) => r.client === 'urllib')?.ok).toBe(false);
    expect((await call<HistoryEntry[]>('history.list', {}))[0]).toMatchObject({ undone: true, canUndo: false });
    expect(await dispatch(session, 'history.undo', { id: applied.historyId })).toMatchObject({
      ok: false,
      error: { code: 'app:history.notUndoable' },
    });
  }, 180_000);

  it('rolls everything back when the re-check still fails (the server changed its root meanwhile)', async (t) => {
    if (!BASE) t.skip('no Python interpreter on this machine');
    const py = (await call<PythonRow[]>('pythons.list', {}))[0]!;
    const before = await readFile(bundle);
    const check = await call<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [py.id] });
    const rootFp = sha(splitBundle(await readFile(rootPem)).ders[0]!);
    const plan = await call<Plan>('plan.make', { checkId: check.checkId, confirmed: [rootFp] });
    expect(plan.steps.filter((s) => s.selected)).toHaveLength(1);
    // Between plan and apply the server starts using a chain from another private root: the ticked
    // steps (the default one and the optional append, ticked here) are applied, the same check runs
    // again, urllib still fails, and nothing is kept.
    const otherDir = join(dir, 'other-pki');
    await mkdir(otherDir, { recursive: true });
    const other = makePki(otherDir, 'TrustFix Other Root');
    const original = {
      key: await readFile(join(dir, 'leaf.key')),
      cert: `${await readFile(join(dir, 'leaf.pem'), 'utf8')}${await readFile(rootPem, 'utf8')}`,
    };
    server.setSecureContext({
      key: await readFile(other.leafKey),
      cert: `${await readFile(other.leafPem, 'utf8')}${await readFile(other.rootPem, 'utf8')}`,
    });
    try {
      const applied = await call<ApplyResult>('plan.apply', {
        planId: plan.planId,
        steps: plan.steps.map((s) => s.id),
      });
      expect(applied.ok).toBe(false);
      expect(applied.problems.map((p) => p.code)).toEqual(['repair:verify.clientStillFails', 'repair:rolledBack']);
      expect(applied.historyId).toBeUndefined();
      expect(applied.recheck?.rows.find((r) => r.client === 'urllib')?.ok).toBe(false);
      expect(Buffer.compare(await readFile(bundle), before)).toBe(0);
      expect(existsSync(join(purelib, 'trustfix-urllib-ca.pth'))).toBe(false);
      expect((await call<HistoryEntry[]>('history.list', {}))[0]).toMatchObject({
        state: 'rolled-back',
        canUndo: false,
        command: 'app:check',
      });
    } finally {
      server.setSecureContext(original);
    }
  }, 180_000);

  it('refuses paths and unknown ids', async () => {
    expect(
      await dispatch(session, 'check.run', { host: '127.0.0.1', port, pythonIds: ['py-000000000000'] }),
    ).toMatchObject({ ok: false, error: { code: 'app:api.unknownPython' } });
    expect(
      await dispatch(session, 'check.run', { host: '127.0.0.1', port, pythonIds: [], python: '/usr/bin/python3' }),
    ).toMatchObject({ ok: false, error: { code: 'app:api.badRequest' } });
    expect(await dispatch(session, 'plan.make', { checkId: 'c-zzz' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.unknownCheck' },
    });
    expect(await dispatch(session, 'upload.pem', { name: '../../etc/passwd', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(await dispatch(session, 'bundle.planAppend', { id: 'b-000000000000', path: '/tmp/x.pem' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(await dispatch(session, 'history.undo', { id: 'h-../../x' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
  });
});

describe('plan.apply per client (safety rule 8)', () => {
  // The server leaves out its intermediate and its root is private; requests' certifi carries the
  // company root, urllib's and pip's bundles do not (see perClientFixture.ts).
  let fx: PerClientFixture;
  let own: Session;
  let ownDir: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    ownDir = tempDir('trustfix-api-per-client-');
    fx = await makePerClientFixture(ownDir.dir);
    if (fx.python)
      own = await createSession({
        dataDir: join(ownDir.dir, 'data'),
        roots: [],
        pythons: [fx.python],
        onlyPython: true,
        env: fx.env,
        systemStoreFile: fx.systemStore,
        shell: 'browser',
        progressMs: 20,
      });
  }, 600_000);
  afterAll(async () => {
    await fx?.close();
    ownDir?.cleanup();
  });
  async function ask<T>(channel: string, request: unknown): Promise<T> {
    const r = await dispatch(own, channel, request);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }

  it('keeps the client that works, reports the ones waiting for the root, then fixes them once confirmed', async (t) => {
    if (!fx.python) t.skip(fx.skip ?? 'no venv Python');
    const before = { certifi: sha(await readFile(fx.certifi)), urllib: sha(await readFile(fx.urllibBundle)) };
    const py = (await ask<PythonRow[]>('pythons.list', {}))[0]!;
    const port = Number(new URL(fx.url).port);
    const check = await ask<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [py.id] });
    expect(check.rows.map((r) => [r.client, r.ok, r.causeCode])).toEqual([
      ['urllib', false, 'incomplete-chain'],
      ['requests', false, 'incomplete-chain'],
      ['pip', false, 'incomplete-chain'],
    ]);

    // Unconfirmed: only requests' step (the intermediate) is planned; the root waits. (The bundle
    // SSL_CERT_FILE names for urllib is shared: at most an optional step, unticked.)
    const plan = await ask<Plan>('plan.make', { checkId: check.checkId });
    expect(plan.steps.filter((s) => s.selected).map((s) => [s.kind, s.where])).toEqual([['append', fx.certifi]]);
    expect(plan.steps.filter((s) => s.where === fx.urllibBundle).map((s) => s.optional)).not.toContain(false);
    expect(plan.confirm).toEqual([
      expect.objectContaining({ fingerprint: fx.rootFingerprint, from: 'aia', confirmed: false }),
    ]);
    const applied = await ask<ApplyResult>('plan.apply', { planId: plan.planId });
    expect(applied.ok).toBe(false); // urllib and pip do not work yet
    expect(applied.historyId).toBeDefined(); // requests' change is kept
    expect(applied.putBack).toBeUndefined();
    expect(applied.clients?.map((c) => [c.client, c.outcome, c.steps])).toEqual([
      ['urllib', 'needs-confirmation', []],
      ['requests', 'fixed', [0]],
      ['pip', 'needs-confirmation', []],
    ]);
    expect(applied.clients?.[0]).toMatchObject({
      pythonId: py.id,
      isVenv: true,
      confirm: [{ fingerprint: fx.rootFingerprint, name: 'Per Client Corp Root' }],
    });
    expect(applied.recheck?.rows.map((r) => [r.client, r.ok])).toEqual([
      ['urllib', false],
      ['requests', true],
      ['pip', false],
    ]);
    expect(await fx.works('requests')).toBe(true);
    expect(await fx.works('urllib')).toBe(false);

    // Confirmed: the intermediate and the root for urllib (narrowest first: its own .pth route, not the
    // shared bundle) and for pip's bundle; requests already works.
    const again = await ask<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [py.id] });
    const confirmed = await ask<Plan>('plan.make', { checkId: again.checkId, confirmed: [fx.rootFingerprint] });
    expect(confirmed.steps.filter((s) => s.selected).map((s) => s.where)).toEqual([
      expect.stringContaining('trustfix-urllib-ca.pth'),
      expect.stringContaining('pip/_vendor/certifi/cacert.pem'),
    ]);
    const second = await ask<ApplyResult>('plan.apply', { planId: confirmed.planId });
    expect(second.ok, JSON.stringify(second.problems)).toBe(true);
    expect(second.clients?.map((c) => [c.client, c.outcome])).toEqual([
      ['urllib', 'fixed'],
      ['pip', 'fixed'],
      ['requests', 'works'],
    ]);
    expect(await fx.works('urllib')).toBe(true);

    // Undo both, newest first: the bytes are back.
    await ask('history.undo', { id: second.historyId });
    await ask('history.undo', { id: applied.historyId });
    expect([sha(await readFile(fx.certifi)), sha(await readFile(fx.urllibBundle))]).toEqual([
      before.certifi,
      before.urllib,
    ]);
  }, 300_000);
});

describe('root update and the bundle panel', () => {
  it('plans a refresh of every stale bundle, applies it, and undo restores the bytes', async () => {
    const done = new Promise((resolve) => session.onEvent((e, p) => e === 'scan.done' && resolve(p)));
    await call('scan.start', {});
    await done;
    const results = await call<ScanResults>('scan.results', {});
    const row = results.rows.find((r) => r.path === stale)!;
    expect(row.status).toBe('stale');
    const before = sha(await readFile(stale));
    const plan = await call<Plan>('plan.rootUpdate', {});
    expect(plan.steps.map((s) => [s.kind, s.where])).toContainEqual(['refresh', stale]);
    expect(plan.notes.map((n) => n.code)).toContain('app:update.osStoreBy.linux');
    const applied = await call<ApplyResult>('plan.apply', { planId: plan.planId });
    expect(applied.ok, JSON.stringify(applied.problems)).toBe(true);
    expect(sha(await readFile(stale))).not.toBe(before);
    await call('history.undo', { id: applied.historyId });
    expect(sha(await readFile(stale))).toBe(before);
  }, 60_000);

  it('appends a PEM the user uploaded: its bytes go to the data folder, the request names an upload id', async () => {
    const results = await call<ScanResults>('scan.results', {});
    const row = results.rows.find((r) => r.path === stale)!;
    const upload = await call<UploadResult>('upload.pem', {
      name: 'corp-root.pem',
      text: await readFile(rootPem, 'utf8'),
    });
    expect(upload.certificates).toEqual([expect.objectContaining({ name: 'TrustFix Test Root', isCA: true })]);
    const plan = await call<Plan>('bundle.planAppend', { id: row.id, uploadId: upload.uploadId });
    expect(plan.steps).toEqual([expect.objectContaining({ kind: 'append', where: stale })]);
    const refresh = await call<Plan>('bundle.planRefresh', { id: row.id });
    expect(refresh.steps).toEqual([expect.objectContaining({ kind: 'refresh', where: stale })]);
    const leaf = await call<UploadResult>('upload.pem', {
      name: 'leaf.pem',
      text: await readFile(join(dir, 'leaf.pem'), 'utf8'),
    });
    const refused = await call<Plan>('bundle.planAppend', { id: row.id, uploadId: leaf.uploadId });
    expect(refused.steps).toEqual([]);
    expect(refused.refused[0]?.reason.code).toBe('repair:refused.notCa');
  });
});

describe('a plan from one traceback is for that interpreter alone', () => {
  it('with focus, the other interpreter checked is only offered (unticked, naming it); apply changes the focus alone', async (t) => {
    if (!BASE) t.skip('no Python interpreter on this machine');
    const two = join(dir, 'two');
    await mkdir(two, { recursive: true });
    for (const name of ['a', 'b'])
      await execa(BASE!, ['-m', 'venv', '--without-pip', join(two, name)], { timeout: 120_000 });
    const [a, b] = ['a', 'b'].map((n) => join(two, n, 'bin', 'python')) as [string, string];
    // urllib's default file is the test's own copy (SSL_CERT_FILE): nothing here can reach the system's.
    const shared = join(two, 'shared-ca.pem');
    await writeFile(shared, rootCertificates.join('\n'));
    const own = await createSession({
      dataDir: join(two, 'data'),
      pythons: [a, b],
      onlyPython: true,
      env: { ...process.env, SSL_CERT_FILE: shared, PIP_CONFIG_FILE: '/dev/null' },
      shell: 'browser',
    });
    const ask = async <T>(channel: string, request: unknown): Promise<T> => {
      const r = await dispatch(own, channel, request);
      if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
      return r.value as T;
    };
    const pythons = await ask<PythonRow[]>('pythons.list', {});
    const pa = pythons.find((p) => p.executable === a)!;
    const pb = pythons.find((p) => p.executable === b)!;
    expect(pa.prefix).toBe(join(two, 'a'));
    const check = await ask<CheckResult>('check.run', { host: '127.0.0.1', port, pythonIds: [pa.id, pb.id] });
    expect(check.rows.filter((r) => !r.ok)).toHaveLength(2);
    const rootFp = sha(splitBundle(await readFile(rootPem)).ders[0]!);

    // Without a focus each interpreter checked gets its own narrow step.
    const both = await ask<Plan>('plan.make', { checkId: check.checkId, confirmed: [rootFp] });
    expect(both.steps.filter((s) => s.selected).map((s) => s.kind)).toEqual(['pth-bundle', 'pth-bundle']);
    // With the focus on a, b's step is optional, unticked, and says it is b's.
    const plan = await ask<Plan>('plan.make', { checkId: check.checkId, confirmed: [rootFp], focus: pa.id });
    expect(plan.focus).toBe(pa.id);
    const selected = plan.steps.filter((s) => s.selected);
    expect(selected.map((s) => s.where)).toEqual([expect.stringContaining(join(two, 'a'))]);
    const forB = plan.steps.find((s) => s.optional && s.where.startsWith(join(two, 'b')))!;
    expect(forB).toMatchObject({ kind: 'pth-bundle', selected: false });
    expect(forB.readers).toContainEqual({
      code: 'repair:reader.python',
      params: expect.objectContaining({ executable: b, clients: 'urllib' }),
    });
    // The file SSL_CERT_FILE names is shared by every program started with it: offered, unticked.
    expect(plan.steps.find((s) => s.where === shared)).toMatchObject({
      kind: 'append',
      optional: true,
      selected: false,
    });
    expect(await dispatch(own, 'plan.apply', { planId: plan.planId, steps: ['a1', 'o99'] })).toMatchObject({
      ok: false,
      error: { code: 'app:api.unknownStep' },
    });

    const sharedBefore = sha(await readFile(shared));
    const applied = await ask<ApplyResult>('plan.apply', { planId: plan.planId });
    // a's urllib is fixed and kept; b's was only offered, so it still fails and the whole is not "ok".
    expect(applied.clients?.map((c) => [c.python, c.outcome])).toEqual([
      [a, 'fixed'],
      [b, 'no-repair'],
    ]);
    expect(applied.clients?.[1]?.offered).toEqual([forB.id]);
    expect(applied.historyId).toBeDefined();
    expect(sha(await readFile(shared))).toBe(sharedBefore);
    expect(applied.recheck?.rows.find((r) => r.python === a)?.ok).toBe(true);
    expect(applied.recheck?.rows.find((r) => r.python === b)?.ok).toBe(false);
    await ask('history.undo', { id: applied.historyId });
  }, 240_000);
});
