// Issue 11 item 7a: Update roots -> "point clients at TrustFix's merged bundle" on a fresh data folder.
// The trap: two point actions that each plan TrustFix's env file as new fail the apply ("...env.sh
// appeared after the plan was made"). The plan must apply, each setting read back, and undo give
// every file back byte for byte (the profile, pip's configuration) or removes it (env.sh, the bundle).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch.ts';
import { createSession, type Session } from '../../../src-main/api/session.ts';
import type { ApplyResult, HistoryEntry, Plan } from '../../../src-main/api/types.ts';
import { FIXTURES } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const BASE = [
  '/root/.pyenv/versions/3.12.1/bin/python',
  '/root/.pyenv/versions/3.11.7/bin/python',
  '/usr/bin/python3',
].find(existsSync);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let dir: string;
let cleanup: () => void;
let session: Session;
let home: string;

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(session, channel, request);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-merged-'));
  // This process is the app: its home is the test's own (the profile and pip.conf written are ours).
  home = join(dir, 'home');
  await mkdir(join(home, '.config', 'pip'), { recursive: true });
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  delete process.env.PIP_CONFIG_FILE;
  await writeFile(join(home, '.profile'), '# my profile\nexport PATH="$HOME/bin:$PATH"\n');
  await writeFile(join(home, '.config', 'pip', 'pip.conf'), '[global]\ntimeout = 60\n');
  const stale = join(dir, 'tree', 'old', 'certifi', 'cacert.pem');
  await mkdir(join(stale, '..'), { recursive: true });
  await copyFile(join(FIXTURES, 'certifi-2016.02.28.pem'), stale);
  let pythons: string[] = [];
  if (BASE) {
    await execa(BASE, ['-m', 'venv', '--without-pip', join(dir, 'venv')], { timeout: 120_000 });
    pythons = [join(dir, 'venv', 'bin', 'python')];
  }
  const env = { ...process.env, PIP_CONFIG_FILE: '' };
  session = await createSession({
    dataDir: join(dir, 'data'),
    roots: [join(dir, 'tree')],
    pythons,
    onlyPython: true,
    env,
    shell: 'browser',
    progressMs: 20,
  });
}, 180_000);
afterAll(() => cleanup?.());

describe('root update, merged mode, on a fresh data folder', () => {
  it('applies (every setting read back) and undo is byte-exact', async () => {
    const done = new Promise((resolve) => session.onEvent((e, p) => e === 'scan.done' && resolve(p)));
    await call('scan.start', {});
    await done;
    const data = join(dir, 'data');
    const profile = join(home, '.profile');
    const pipConf = join(home, '.config', 'pip', 'pip.conf');
    const profileBefore = await readFile(profile);
    const pipBefore = await readFile(pipConf);
    const plan = await call<Plan>('plan.rootUpdate', { mode: 'merged' });
    expect(plan.refused).toEqual([]);
    expect(plan.steps.every((s) => s.kind === 'point')).toBe(true);
    const applied = await call<ApplyResult>('plan.apply', { planId: plan.planId });
    expect(applied.ok, JSON.stringify(applied.problems)).toBe(true);
    const merged = join(data, 'merged-ca.pem');
    const envSh = await readFile(join(data, 'env.sh'), 'utf8');
    expect(envSh).toContain(`export SSL_CERT_FILE='${merged}'`);
    expect(envSh).toContain(`export REQUESTS_CA_BUNDLE='${merged}'`);
    expect(await readFile(pipConf, 'utf8')).toBe(`[global]\ncert = ${merged}\ntimeout = 60\n`);
    expect(await readFile(profile, 'utf8')).toContain(`. '${join(data, 'env.sh')}'`);

    const history = await call<HistoryEntry[]>('history.list', {});
    expect(history[0]).toMatchObject({ id: applied.historyId, canUndo: true });
    const undone = await call<{ undone: boolean }>('history.undo', { id: applied.historyId });
    expect(undone.undone).toBe(true);
    expect(sha(await readFile(profile))).toBe(sha(profileBefore));
    expect(sha(await readFile(pipConf))).toBe(sha(pipBefore));
    expect(existsSync(join(data, 'env.sh'))).toBe(false);
    expect(existsSync(merged)).toBe(false);
  }, 120_000);

  it('a setting that does not take is found by its read-back, and everything is put back', async (t) => {
    if (!BASE) t.skip('no Python interpreter to read pip.conf back with');
    // PIP_CONFIG_FILE names an existing file: pip then skips the user's pip.conf altogether, so the
    // cert written there is never used. The read-back asks pip's reader and sees the other file's.
    const other = join(dir, 'other-pip.conf');
    await writeFile(other, '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n');
    const profile = join(home, '.profile');
    const pipConf = join(home, '.config', 'pip', 'pip.conf');
    const before = [sha(await readFile(profile)), sha(await readFile(pipConf))];
    const plan = await call<Plan>('plan.rootUpdate', { mode: 'merged' });
    process.env.PIP_CONFIG_FILE = other;
    try {
      const applied = await call<ApplyResult>('plan.apply', { planId: plan.planId });
      expect(applied.ok).toBe(false);
      expect(applied.problems[0]).toMatchObject({
        code: 'repair:verify.readBackFailed',
        params: { expected: join(dir, 'data', 'merged-ca.pem'), output: '/etc/ssl/certs/ca-certificates.crt' },
      });
      expect(applied.problems.at(-1)?.code).toBe('repair:rolledBack');
    } finally {
      delete process.env.PIP_CONFIG_FILE;
    }
    expect([sha(await readFile(profile)), sha(await readFile(pipConf))]).toEqual(before);
    expect(existsSync(join(dir, 'data', 'env.sh'))).toBe(false);
  }, 120_000);
});
