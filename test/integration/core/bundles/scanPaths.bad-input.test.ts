// Bad input yields a clear per-file verdict, and the scan goes on.
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../../src-main/core/context.ts';
import { judgeFiles } from '../../../../src-main/core/bundles/scanPaths.ts';
import { CLI, FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { asNobody, canRunAsNobody } from '../../../helpers/nobody.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { execa } from 'execa';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  writeFileSync(join(dir, 'empty.pem'), '');
  // A JPEG named like a bundle.
  writeFileSync(
    join(dir, 'cacert.pem'),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(4000)]),
  );
  const pem = readFileSync(REF, 'latin1');
  writeFileSync(join(dir, 'truncated.pem'), pem.slice(0, pem.length - 700));
  // 50 MB of noise.
  const fd = openSync(join(dir, 'noise.crt'), 'w');
  for (let i = 0; i < 50; i++) writeSync(fd, randomBytes(1024 * 1024));
  closeSync(fd);
  mkdirSync(join(dir, 'dossier avec espaces', '证书'), { recursive: true });
  copyFileSync(REF, join(dir, 'dossier avec espaces', '证书', 'cacert.pem'));
});
afterAll(() => cleanup());

describe('scan on bad input', () => {
  it('gives each file a clear verdict and goes on', async () => {
    const run = await trustfix([
      'scan',
      dir,
      '--json',
      '--reference',
      REF,
      '--at',
      '2026-11-23',
      '--system-store',
      STORE,
    ]);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    const by = Object.fromEntries(report.bundles.map((b: any) => [b.path.slice(dir.length + 1), b]));
    expect(by['empty.pem']).toMatchObject({ status: 'broken', reason: { code: 'bundles:verdict.empty' } });
    expect(by['cacert.pem']).toMatchObject({ status: 'broken', reason: { code: 'bundles:verdict.binary' } });
    expect(by['noise.crt']).toMatchObject({ status: 'broken', reason: { code: 'bundles:verdict.binary' } });
    // The truncated file keeps what it had and says what it skipped.
    expect(by['truncated.pem'].status).toBe('stale');
    expect(by['truncated.pem'].certificates).toBe(118);
    expect(by['truncated.pem'].details.skipped).toEqual({ 'truncated-block': 1 });
    expect(by['dossier avec espaces/证书/cacert.pem']).toMatchObject({ status: 'current', certificates: 119 });
  });

  it('says so in plain words on the terminal', async () => {
    const run = await trustfix([
      'scan',
      join(dir, 'cacert.pem'),
      join(dir, 'empty.pem'),
      '--reference',
      REF,
      '--system-store',
      STORE,
    ]);
    expect(run.stdout).toContain('This is a binary file, not a list of certificates');
    expect(run.stdout).toContain('The file is empty.');
  });

  it('reports a file that vanished between discovery and reading', async () => {
    const ctx = await createContext({ referenceFile: REF, systemStoreFile: STORE });
    const gone = join(dir, 'gone.pem');
    copyFileSync(REF, gone);
    const list = [gone, join(dir, 'dossier avec espaces', '证书', 'cacert.pem')];
    unlinkSync(gone);
    const verdicts = await judgeFiles(list, ctx);
    expect(verdicts[0]).toMatchObject({
      status: 'broken',
      format: 'unreadable',
      reason: { code: 'bundles:verdict.read.not-found' },
    });
    expect(verdicts[1]!.status).toBe('current');
  });

  it('reports a file it may not read, as an unprivileged user', async (t) => {
    if (!canRunAsNobody()) t.skip('needs root to run the scan as the unprivileged user "nobody"');
    const locked = join(dir, 'locked.pem');
    copyFileSync(REF, locked);
    chmodSync(locked, 0o600);
    chmodSync(REF, 0o644);
    const [file, args] = asNobody(process.execPath, [
      CLI,
      'scan',
      locked,
      join(dir, 'dossier avec espaces'),
      '--json',
      '--reference',
      REF,
      '--system-store',
      STORE,
    ]);
    const run = await execa(file, args, { reject: false, timeout: 60_000, env: { HOME: dir } });
    const report = JSON.parse(String(run.stdout));
    expect(report.bundles[0]).toMatchObject({
      status: 'broken',
      reason: { code: 'bundles:verdict.read.permission-denied' },
    });
    expect(report.bundles[1].status).toBe('current');
    expect(run.exitCode).toBe(1);
  });
});
