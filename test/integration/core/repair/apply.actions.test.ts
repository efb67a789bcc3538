// Each action on copies of the real fixture bundles, then undo: SHA-256 equal to the original.
// And the bad requests: `..`, a path outside the findings, a symlink swapped in after planning,
// a certificate that is not a CA.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../../src-main/core/context.ts';
import { applyPlan } from '../../../../src-main/core/repair/apply.ts';
import { Journal } from '../../../../src-main/core/repair/journal.ts';
import { planAppend, planRefresh } from '../../../../src-main/core/repair/planBundle.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { msg } from '../../../../src-main/core/messages.ts';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { makePki, type Pki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const OLD = [
  'certifi-2018.08.24.pem',
  'certifi-2022.12.07.pem',
  'botocore-1.43.11.pem',
  'debian12-ca-certificates.crt',
];
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
let dir: string;
let cleanup: () => void;
let pki: Pki;
const common = (data: string) => [
  '--data-dir',
  data,
  '--reference',
  REF,
  '--system-store',
  STORE,
  '--at',
  '2026-11-23',
];

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-repair-'));
  pki = makePki(dir);
});
afterAll(() => cleanup());

function copyOf(name: string, sub: string): string {
  mkdirSync(join(dir, sub), { recursive: true });
  const to = join(dir, sub, name.endsWith('.crt') ? 'ca-certificates.crt' : 'cacert.pem');
  copyFileSync(`${FIXTURES}${name}`, to);
  return to;
}

async function undoAll(data: string): Promise<void> {
  const run = await trustfix(['undo', '--yes', '--data-dir', data]);
  expect(run.exitCode, run.stderr).toBe(0);
}

describe('each action, then undo, byte for byte', () => {
  it.each(OLD)('append to %s', async (name) => {
    const data = join(dir, `data-append-${name}`);
    const bundle = copyOf(name, `append-${name}`);
    const before = sha(bundle);
    const plan = await trustfix(['append', '--to', bundle, pki.rootPem, ...common(data)]);
    expect(plan.exitCode).toBe(0);
    expect(sha(bundle)).toBe(before); // no --yes: nothing changes
    const run = await trustfix(['append', '--to', bundle, pki.rootPem, '--yes', '--why', 'test', ...common(data)]);
    expect(run.exitCode, run.stderr).toBe(0);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain('# ---- TrustFix: begin added certificate ----');
    expect(splitBundle(readFileSync(bundle)).ders.length).toBe(
      splitBundle(readFileSync(`${FIXTURES}${name}`)).ders.length + 1,
    );
    // Never twice.
    const again = await trustfix(['append', '--to', bundle, pki.rootPem, '--yes', ...common(data)]);
    expect(again.stdout).toContain('Nothing to change');
    await undoAll(data);
    expect(sha(bundle)).toBe(before);
  });

  it.each(OLD)('refresh %s from the reference, keeping the added root', async (name) => {
    const data = join(dir, `data-refresh-${name}`);
    const bundle = copyOf(name, `refresh-${name}`);
    const before = sha(bundle);
    expect((await trustfix(['append', '--to', bundle, pki.rootPem, '--yes', ...common(data)])).exitCode).toBe(0);
    const afterAppend = sha(bundle);
    const run = await trustfix(['refresh', bundle, '--yes', ...common(data)]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Kept TrustFix Test Root/);
    const fps = splitBundle(readFileSync(bundle)).ders.length;
    expect(fps).toBe(splitBundle(readFileSync(REF)).ders.length + 1);
    await undoAll(data); // the refresh
    expect(sha(bundle)).toBe(afterAppend);
    await undoAll(data); // the append
    expect(sha(bundle)).toBe(before);
    const history = JSON.parse((await trustfix(['history', '--json', '--data-dir', data])).stdout);
    expect(history.entries.map((e: any) => [e.command, e.state])).toEqual([
      ['refresh', 'undone'],
      ['append', 'undone'],
    ]);
  });

  it('refresh from a downloaded bundle only with its SHA-256', async () => {
    const data = join(dir, 'data-refresh-file');
    const bundle = copyOf('certifi-2019.06.16.pem', 'refresh-file');
    const before = sha(bundle);
    const bad = await trustfix([
      'refresh',
      bundle,
      '--from',
      REF,
      '--sha256',
      '00'.repeat(32),
      '--yes',
      ...common(data),
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('not the published');
    expect(sha(bundle)).toBe(before);
    const good = await trustfix(['refresh', bundle, '--from', REF, '--sha256', sha(REF), '--yes', ...common(data)]);
    expect(good.exitCode, good.stderr).toBe(0);
    await undoAll(data);
    expect(sha(bundle)).toBe(before);
  });

  it('export a root from the OS store to a PEM file, undo removes it', async () => {
    const data = join(dir, 'data-export');
    const fp = createHash('sha256')
      .update(splitBundle(readFileSync(STORE)).ders[0]!)
      .digest('hex');
    const out = join(dir, 'exported.pem');
    const run = await trustfix(['export', fp.slice(0, 16), '--out', out, '--yes', ...common(data)]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(
      createHash('sha256')
        .update(splitBundle(readFileSync(out)).ders[0]!)
        .digest('hex'),
    ).toBe(fp);
    await undoAll(data);
    expect(existsSync(out)).toBe(false);
  });

  it('point: pip.conf and SSL_CERT_FILE (login profile) for this user, undo restores both files', async () => {
    const data = join(dir, 'data-point');
    const home = join(dir, 'home');
    mkdirSync(join(home, '.config', 'pip'), { recursive: true });
    writeFileSync(join(home, '.profile'), '# my profile\nexport PATH="$HOME/bin:$PATH"\n');
    writeFileSync(join(home, '.config', 'pip', 'pip.conf'), '[global]\ntimeout = 60\n[install]\nuser = false\n');
    const bundle = copyOf('certifi-2026.05.20.pem', 'point');
    const profileBefore = sha(join(home, '.profile'));
    const pipBefore = sha(join(home, '.config', 'pip', 'pip.conf'));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const a = await trustfix(['point', 'SSL_CERT_FILE', bundle, '--yes', ...common(data)], { env });
    expect(a.exitCode, a.stderr).toBe(0);
    const b = await trustfix(['point', 'pip.conf', bundle, '--yes', ...common(data)], { env });
    expect(b.exitCode, b.stderr).toBe(0);
    expect(readFileSync(join(home, '.config', 'pip', 'pip.conf'), 'utf8')).toBe(
      `[global]\ncert = ${bundle}\ntimeout = 60\n[install]\nuser = false\n`,
    );
    expect(readFileSync(join(data, 'env.sh'), 'utf8')).toContain(`export SSL_CERT_FILE='${bundle}'`);
    expect(readFileSync(join(home, '.profile'), 'utf8')).toContain(`. '${join(data, 'env.sh')}'`);
    await undoAll(data);
    await undoAll(data);
    expect(sha(join(home, '.profile'))).toBe(profileBefore);
    expect(sha(join(home, '.config', 'pip', 'pip.conf'))).toBe(pipBefore);
    expect(existsSync(join(data, 'env.sh'))).toBe(false);
  });
});

describe('bad requests are refused with a clear message', () => {
  it('a path with ..', async () => {
    const bundle = copyOf('certifi-2021.10.08.pem', 'dotdot');
    const run = await trustfix([
      'append',
      '--to',
      `${dir}/dotdot/../dotdot/cacert.pem`,
      pki.rootPem,
      '--yes',
      ...common(join(dir, 'd1')),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('contains ".."');
    expect(sha(bundle)).toBe(sha(`${FIXTURES}certifi-2021.10.08.pem`));
  });

  it('a path outside the findings (not a CA bundle)', async () => {
    const other = join(dir, 'notes.txt');
    writeFileSync(other, 'hello\n');
    const run = await trustfix(['append', '--to', other, pki.rootPem, '--yes', ...common(join(dir, 'd2'))]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('is not a CA bundle that a scan found');
    expect(readFileSync(other, 'utf8')).toBe('hello\n');
  });

  it('a certificate that is not a CA', async () => {
    const bundle = copyOf('certifi-2021.10.08.pem', 'notca');
    const run = await trustfix(['append', '--to', bundle, pki.leafPem, '--yes', ...common(join(dir, 'd3'))]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('is not a CA certificate');
    expect(sha(bundle)).toBe(sha(`${FIXTURES}certifi-2021.10.08.pem`));
  });

  it('a symlink swapped in after planning', async () => {
    const real = copyOf('certifi-2022.12.07.pem', 'swap-real');
    const decoy = copyOf('certifi-2023.05.07.pem', 'swap-decoy');
    const link = join(dir, 'swap-link.pem');
    symlinkSync(real, link);
    const ctx = await createContext({ referenceFile: REF, systemStoreFile: STORE, at: new Date('2026-11-23') });
    const data = join(dir, 'd4');
    const pc: PlanContext = {
      ctx,
      dataDir: data,
      findings: new Set([real, decoy]),
      who: 'test',
      now: new Date(),
      os: 'linux',
      home: dir,
    };
    const action = await planAppend(
      pc,
      link,
      [{ der: splitBundle(readFileSync(pki.rootPem)).ders[0]!, from: 'test' }],
      msg('repair:why.userOsStore'),
    );
    expect(action).not.toBeNull();
    renameSync(link, `${link}.old`);
    symlinkSync(decoy, link);
    const before = [sha(real), sha(decoy)];
    const result = await applyPlan({ actions: [action!], refused: [] }, { dataDir: data, command: 'append' });
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.code).toBe('repair:refused.swapped');
    expect([sha(real), sha(decoy)]).toEqual(before);
    expect(await new Journal(data).list()).toEqual([]); // nothing changed: no history entry
  });

  it('a bundle changed by something else after planning', async () => {
    const bundle = copyOf('certifi-2024.07.04.pem', 'changed');
    const ctx = await createContext({ referenceFile: REF, systemStoreFile: STORE, at: new Date('2026-11-23') });
    const pc: PlanContext = {
      ctx,
      dataDir: join(dir, 'd5'),
      findings: new Set([bundle]),
      who: 'test',
      now: new Date(),
      os: 'linux',
      home: dir,
    };
    const action = await planRefresh(pc, bundle, { kind: 'reference' }, msg('repair:why.userRefresh'));
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n# edited\n`);
    const result = await applyPlan({ actions: [action!], refused: [] }, { dataDir: pc.dataDir, command: 'refresh' });
    expect(result.problems[0]?.code).toBe('repair:refused.changedSincePlan');
    expect(readFileSync(bundle, 'utf8')).toMatch(/# edited\n$/);
  });
});
