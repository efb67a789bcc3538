// The API table behind both shells: every request validated, ids resolve to what the scan found,
// progress throttled, settings kept in the data folder.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../src-main/api/channels.ts';
import { dispatch } from '../../../src-main/api/dispatch.ts';
import { createSession, type Session } from '../../../src-main/api/session.ts';
import { table } from '../../../src-main/api/table.ts';
import { throttle } from '../../../src-main/api/throttle.ts';
import { discoveryStages } from '../../../src-main/api/walk.ts';
import type { BundleDetails, ScanResults } from '../../../src-main/api/types.ts';
import { FIXTURES } from '../../helpers/cli.ts';

let dir: string;
let session: Session;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustfix-api-'));
  session = await createSession({ dataDir: join(dir, 'data'), roots: [FIXTURES], shell: 'browser', progressMs: 20 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(session, channel, request);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

describe('the channel table', () => {
  it('has an entry for every channel name, and nothing else', () => {
    expect(Object.keys(table).sort()).toEqual([...CHANNELS].sort());
  });

  it('refuses unknown channels and malformed requests before any handler runs', async () => {
    expect(await dispatch(session, 'fs.read', {})).toMatchObject({
      ok: false,
      error: { code: 'app:api.unknownChannel' },
    });
    expect(await dispatch(session, '__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'app:api.unknownChannel' },
    });
    expect(await dispatch(session, 'scan.start', { root: '/etc' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(await dispatch(session, 'bundle.details', { path: '/etc/ssl/certs/ca-certificates.crt' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(await dispatch(session, 'bundle.details', { id: '../../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest', params: { where: 'id' } },
    });
    expect(await dispatch(session, 'bundle.details', { id: 'b-000000000000', path: '/x' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(await dispatch(session, 'settings.set', { language: 'fr' })).toMatchObject({ ok: false });
    expect(await dispatch(session, 'check.run', { host: 'x.test; rm -rf /', port: 443, pythonIds: [] })).toMatchObject({
      ok: false,
      error: { code: 'app:api.badRequest' },
    });
    expect(
      await dispatch(session, 'check.run', { host: 'x.test', port: 443, pythonIds: ['/usr/bin/python3'] }),
    ).toMatchObject({ ok: false, error: { code: 'app:api.badRequest' } });
  });

  it('scans the --root folders with throttled progress, then ids resolve to details', async () => {
    const progress: unknown[] = [];
    const off = session.onEvent((e, p) => e === 'scan.progress' && progress.push(p));
    const done = new Promise((resolve) => session.onEvent((e, p) => e === 'scan.done' && resolve(p)));
    await ok('scan.start', {});
    expect(await done).toMatchObject({ state: 'done', count: 12 });
    off();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThan(12); // throttled, not one event per file
    const results = await ok<ScanResults>('scan.results', {});
    expect(results.state).toBe('done');
    expect(results.rows).toHaveLength(12);
    const stale = results.rows.find((r) => r.path.endsWith('certifi-2016.02.28.pem'));
    expect(stale?.status).toBe('stale');
    const details = await ok<BundleDetails>('bundle.details', { id: stale?.id });
    expect(details.certificates.length).toBe(stale?.certificates);
    expect(details.missing.length).toBe(stale?.missing);
    expect(details.actions).toEqual(['refresh', 'append', 'export']); // no "reveal" in the browser shell
    const pem = await ok<{ pem: string }>('bundle.exportPem', { id: stale?.id });
    expect(pem.pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(stale?.certificates ?? -1);
    expect(await dispatch(session, 'bundle.details', { id: 'b-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'app:api.unknownBundle' },
    });
    expect(await dispatch(session, 'bundle.reveal', { id: stale?.id })).toMatchObject({
      ok: false,
      error: { code: 'app:api.revealUnsupported' },
    });
  });

  it('keeps settings in the data folder', async () => {
    const view = await ok<{ settings: { language: string; theme: string } }>('settings.set', {
      language: 'zh-CN',
      theme: 'dark',
    });
    expect(view.settings).toMatchObject({ language: 'zh-CN', theme: 'dark', reference: 'builtin' });
    expect(JSON.parse(await readFile(join(dir, 'data/settings.json'), 'utf8'))).toMatchObject({
      language: 'zh-CN',
      theme: 'dark',
    });
    const again = await createSession({ dataDir: join(dir, 'data'), shell: 'browser' });
    expect(again.settings.language).toBe('zh-CN');
  });

  it('the settings view holds what the Settings screen reads, and no list of channels nobody reads', async () => {
    const view = await ok<object>('settings.get', {});
    expect(Object.keys(view).sort()).toEqual([
      'dataDir',
      'reference',
      'referenceFileAvailable',
      'settings',
      'shell',
      'systemLanguage',
      'systemStore',
    ]);
    expect(Object.values(table).every((def) => Object.keys(def).sort().join() === 'handler,request')).toBe(true);
  });
});

describe('where the app scan looks', () => {
  it('known places then the disk walk; --no-disk stops after the known places; --root walks only those folders', () => {
    expect(discoveryStages({}).map((s) => s.phase)).toEqual(['known-places', 'walk']);
    expect(discoveryStages({ noDisk: true }).map((s) => s.phase)).toEqual(['known-places']);
    expect(discoveryStages({ roots: ['/x'] }).map((s) => s.phase)).toEqual(['walk']);
  });

  it('a --no-disk scan judges the known places, reporting that phase', async () => {
    const s = await createSession({ dataDir: join(dir, 'data-known'), noDisk: true, shell: 'browser', progressMs: 5 });
    const phases = new Set<string>();
    s.onEvent((e, p) => e === 'scan.progress' && phases.add((p as { phase: string }).phase));
    const done = new Promise<{ state: string }>((resolve) =>
      s.onEvent((e, p) => e === 'scan.done' && resolve(p as { state: string })),
    );
    const r = await dispatch(s, 'scan.start', {});
    expect(r.ok).toBe(true);
    expect((await done).state).toBe('done');
    expect(phases.has('known-places')).toBe(true);
    expect(phases.has('walk')).toBe(false);
  });
});

describe('throttle', () => {
  it('sends the newest value at most once per interval, and flush sends what is pending', () => {
    vi.useFakeTimers();
    let now = 0;
    const sent: number[] = [];
    const t = throttle<number>(
      (v) => sent.push(v),
      100,
      () => now,
    );
    for (let i = 1; i <= 50; i++) t.push(i);
    expect(sent).toEqual([1]);
    now = 100;
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 50]);
    t.push(51);
    t.flush();
    expect(sent).toEqual([1, 50, 51]);
    vi.useRealTimers();
  });
});
