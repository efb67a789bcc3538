// Issue 11, item 3 ("one failing client undoes the others"), with a real venv: the server leaves out
// its intermediate and its root is private. requests' certifi already carries the company root, so
// the intermediate fixes it; urllib's bundle lacks the root, which is trusted only after its
// fingerprint is confirmed. `fix` keeps requests fixed, says urllib needs the confirmation (with the
// fingerprint and --confirm), exits 1 with a reason on stderr; with --confirm both work; undo of both
// entries gives back every byte.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustfix } from '../../../helpers/cli.ts';
import { makePerClientFixture, type PerClientFixture } from '../../../helpers/perClientFixture.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
let dir: string;
let cleanup: () => void;
let fx: PerClientFixture;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-per-client-'));
  fx = await makePerClientFixture(dir);
}, 600_000);
afterAll(async () => {
  await fx?.close();
  cleanup?.();
});

interface JsonClient {
  client: string;
  python: string;
  outcome: string;
  detail: string;
  actions: string[];
  putBack?: boolean;
  confirm?: Array<{ fingerprint: string; name: string }>;
}

describe('fix: each client kept or put back on its own', () => {
  it('keeps requests fixed, says urllib needs the confirmed root, exits 1; with --confirm both work; undo is byte-exact', async (t) => {
    if (!fx.python) t.skip(fx.skip ?? 'no venv Python');
    const py = fx.python!;
    const data = join(dir, 'data');
    const run = (args: string[]) =>
      trustfix(
        [
          'fix',
          fx.url,
          '--python',
          py,
          '--client',
          'requests',
          'urllib',
          '--system-store',
          fx.systemStore,
          '--data-dir',
          data,
          ...args,
        ],
        { env: fx.env, extendEnv: false },
      );
    const before = { certifi: sha(fx.certifi), urllib: sha(fx.urllibBundle) };
    expect(await fx.works('requests')).toBe(false);
    expect(await fx.works('urllib')).toBe(false);

    // Applied: requests keeps its fix although urllib still fails (today everything was put back).
    const first = await run(['--yes']);
    expect(await fx.works('requests')).toBe(true);
    expect(await fx.works('urllib')).toBe(false);
    expect(sha(fx.certifi)).not.toBe(before.certifi);
    expect(sha(fx.urllibBundle)).toBe(before.urllib);
    expect(first.exitCode, first.stdout).toBe(1);
    expect(first.stdout).toMatch(/requests: fixed/);
    expect(first.stdout).toMatch(/urllib: still failing until you confirm Per Client Corp Root/);
    expect(first.stdout).toContain(`--confirm ${fx.rootFingerprint}`);
    expect(first.stderr).toMatch(/Not every client works yet: urllib/);

    // The same per client in JSON, without --yes: urllib waits for the root's fingerprint.
    const waiting = await run(['--json']);
    expect(waiting.exitCode).toBe(1);
    expect(waiting.stderr).not.toBe('');
    const wait = JSON.parse(waiting.stdout) as { ok: boolean; applied: boolean; clients: JsonClient[] };
    expect(wait).toMatchObject({ ok: false, applied: false });
    expect(wait.clients.map((c) => [c.client, c.outcome])).toEqual([
      ['urllib', 'needs-confirmation'],
      ['requests', 'works'],
    ]);
    expect(wait.clients[0]!.confirm).toEqual([{ fingerprint: fx.rootFingerprint, name: 'Per Client Corp Root' }]);
    const confirmedPlan = await run(['--confirm', fx.rootFingerprint, '--json']);
    expect(confirmedPlan.exitCode, confirmedPlan.stderr).toBe(0);
    expect(
      (JSON.parse(confirmedPlan.stdout) as { clients: JsonClient[] }).clients.map((c) => [
        c.client,
        c.outcome,
        c.actions,
      ]),
    ).toEqual([
      ['urllib', 'planned', ['a1']],
      ['requests', 'works', []],
    ]);
    expect(sha(fx.urllibBundle)).toBe(before.urllib);

    // With the confirmed fingerprint urllib gets the intermediate and the root; both work.
    const second = await run(['--confirm', fx.rootFingerprint, '--yes', '--json']);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    const done = JSON.parse(second.stdout) as { ok: boolean; applied: boolean; clients: JsonClient[] };
    expect(done.ok).toBe(true);
    expect(done.clients.map((c) => [c.client, c.outcome])).toEqual([
      ['urllib', 'fixed'],
      ['requests', 'works'],
    ]);
    expect(await fx.works('requests')).toBe(true);
    expect(await fx.works('urllib')).toBe(true);

    // Undo, newest first: every byte is back and both fail again.
    for (let i = 0; i < 2; i++) {
      const undo = await trustfix(['undo', '--yes', '--data-dir', data], { env: fx.env, extendEnv: false });
      expect(undo.exitCode, undo.stderr).toBe(0);
    }
    expect([sha(fx.certifi), sha(fx.urllibBundle)]).toEqual([before.certifi, before.urllib]);
    expect(await fx.works('requests')).toBe(false);
    expect(await fx.works('urllib')).toBe(false);
  }, 600_000);
});
