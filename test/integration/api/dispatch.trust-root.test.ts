// The app's "Trust this root for every tool" through its API (plan.trustRoot -> plan.apply ->
// history.undo), with the real backend: a check that found an intercepting proxy (its root in the
// store the session reads), a fake uv on the session's PATH (uv is not installable here; the fake
// answers --version as uv 0.11.12 does), and the session's HOME a folder of the test's. The root must
// be the root of an intercepted row of that check: any other fingerprint is refused.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch.ts';
import { createSession, type CheckSlot, type Session } from '../../../src-main/api/session.ts';
import type { ApplyResult, Plan } from '../../../src-main/api/types.ts';
import { sha256Hex } from '../../../src-main/core/certs/record.ts';
import { FORBIDDEN } from '../../../src-main/core/repair/trustRoot/forbidden.ts';
import { derOf, makeCert } from '../../helpers/checkPki.ts';
import { tempDir } from '../../helpers/tmp.ts';

describe('plan.trustRoot', () => {
  const tmp = tempDir();
  const home = join(tmp.dir, 'home');
  const root = makeCert({ cn: 'Zscaler Root CA', org: 'Zscaler Inc.', ca: true, to: 3650 });
  const leaf = makeCert({ cn: 'pypi.org', issuer: root, dns: ['pypi.org'] });
  const rootFp = sha256Hex(derOf(root));
  let session: Session;

  const call = async <T>(
    channel: string,
    request: unknown,
  ): Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }> =>
    (await dispatch(session, channel, request)) as { ok: true; value: T } | { ok: false; error: { code: string } };

  beforeAll(async () => {
    mkdirSync(home);
    const bin = join(tmp.dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'uv'),
      '#!/bin/sh\n[ "$1" = "--version" ] && echo "uv 0.11.12 (3fdfdc7d4 2026-05-12 x86_64-unknown-linux-gnu)" && exit 0\nexit 2\n',
    );
    chmodSync(join(bin, 'uv'), 0o755);
    const store = join(tmp.dir, 'store.pem');
    writeFileSync(store, root.pem);
    session = await createSession({
      dataDir: join(tmp.dir, 'data'),
      pythons: [],
      onlyPython: true,
      env: { PATH: bin, HOME: home, LANG: 'C.UTF-8' },
      systemStoreFile: store,
      shell: 'browser',
    });
    // What check.run keeps for a check that found the proxy: the report's rows (here one, as
    // evaluate.ts words it: cause intercepted, the path leaf -> the proxy's root in the store).
    const ctx = await session.ctx();
    ctx.index.add(derOf(leaf));
    const slot = {
      id: 'c-1',
      target: { host: 'pypi.org', port: 443 },
      pythons: [],
      report: {
        results: [
          {
            python: '/venv/bin/python',
            client: 'requests',
            cause: 'intercepted',
            ok: false,
            path: [sha256Hex(derOf(leaf)), rootFp],
            repairs: [],
          },
        ],
      },
    } as unknown as CheckSlot;
    session.checks.set('c-1', slot);
  });
  afterAll(() => tmp.cleanup());

  it('refuses a fingerprint that is not the root of an intercepted row of that check', async () => {
    const r = await call('plan.trustRoot', { checkId: 'c-1', fingerprint: sha256Hex(derOf(leaf)) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('app:api.notInterceptedRoot');
    expect((await call('plan.trustRoot', { checkId: 'c-9', fingerprint: rootFp })).ok).toBe(false);
    expect((await call('plan.trustRoot', { checkId: 'c-1', fingerprint: rootFp, path: '/etc/passwd' })).ok).toBe(false);
  });

  it('plans each tool found (uv: system-certs, the root being in the store), applies the ticked steps, and undo takes them back', async () => {
    const made = await call<Plan>('plan.trustRoot', { checkId: 'c-1', fingerprint: rootFp });
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    const plan = made.value;
    expect(plan.origin).toBe('trust-root');
    expect(plan.trust?.root).toEqual({ name: 'Zscaler Root CA', fingerprint: rootFp, inOsStore: true });
    expect(plan.trust?.clients.map((c) => `${c.client}:${c.status}:${c.route}:${c.steps.join(',')}`)).toEqual([
      'uv:planned:uv-system-certs:a1',
    ]);
    expect(plan.steps.map((s) => [s.id, s.kind, s.selected])).toEqual([['a1', 'client-setting', true]]);
    for (const [re, name] of FORBIDDEN) expect(re.test(JSON.stringify(plan)), name).toBe(false);
    const toml = join(home, '.config', 'uv', 'uv.toml');
    expect(existsSync(toml)).toBe(false);
    const applied = await call<ApplyResult>('plan.apply', { planId: plan.planId, steps: ['a1'] });
    if (!applied.ok) throw new Error(JSON.stringify(applied.error));
    expect(applied.value.ok, JSON.stringify(applied.value.problems)).toBe(true);
    expect(readFileSync(toml, 'utf8')).toBe('system-certs = true\n');
    const undone = await call<{ undone: boolean }>('history.undo', { id: applied.value.historyId });
    expect(undone.ok && undone.value.undone).toBe(true);
    expect(existsSync(join(home, '.config'))).toBe(false);
  });
});
