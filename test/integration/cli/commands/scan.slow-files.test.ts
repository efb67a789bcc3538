// Issue 12, "per-file judging has a time limit": files made to be slow to judge, planted in a tree
// beside a real bundle, and the whole-tree scan (`scan --root`) run over them:
//  - 40 MB of distinct small certificates (about 70,000; each one costs an X.509 parse, about 10 s
//    here): judged `broken` with the too-slow reason once its budget of busy time is spent, while the
//    walk and the other files go on. The budget is set to 200 ms with TRUSTFIX_JUDGE_BUDGET_MS (the
//    knob is a documented setting, default 2000 ms), far below this file's seconds of work.
//  - 4 MB of BEGIN lines that never end (150,000 blocks), with a 60 s budget: judged in full, each block counted as cut
//    short, in one pass (a block that searched the rest of the file for its END would make it
//    quadratic: minutes for this file, hours for 64 MB).
//  - a real certifi bundle: judged as usual.
// Without the budget and the one pass, the scan spends its time on the first file (and judges it a
// bundle) and runs for minutes on the second.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

interface Verdict {
  path: string;
  status: string;
  certificates: number;
  reason: { code: string; params?: Record<string, unknown> };
  details: { skipped: Record<string, number> };
}

let dir: string;
let cleanup: () => void;
const GARBAGE_BLOCKS = 150_000;

/** `count` distinct certificates: one small EC CA certificate made with openssl, its last four
 * bytes (inside the signature, which parsing does not check) numbered, so each has its own fingerprint. */
function manyCertificates(count: number): Buffer {
  execaSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ec.key',
      '-out',
      'ec.pem',
      '-days',
      '3650',
      '-subj',
      '/CN=TrustFix Slow Test',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ],
    { cwd: dir, timeout: 60_000 },
  );
  const der = splitBundle(readFileSync(join(dir, 'ec.pem'))).ders[0]!;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const copy = Buffer.from(der);
    copy.writeUInt32BE(i, copy.length - 4);
    parts.push(
      `-----BEGIN CERTIFICATE-----\n${copy.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`,
    );
  }
  return Buffer.from(parts.join(''));
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-slow-'));
  for (const sub of ['tree/many', 'tree/garbage', 'tree/real']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'tree/many/cacert.pem'), manyCertificates(70_000));
  writeFileSync(join(dir, 'tree/garbage/ca-bundle.crt'), '-----BEGIN CERTIFICATE-----\n'.repeat(GARBAGE_BLOCKS));
  writeFileSync(join(dir, 'tree/real/cacert.pem'), readFileSync(`${FIXTURES}certifi-2024.08.30.pem`));
}, 120_000);
afterAll(() => cleanup());

describe('files made to be slow to judge', () => {
  // Two scans, so that neither needs an idle or a busy machine: a budget far below the 40 MB file's
  // work (it trips on any machine, and the walk goes on past it), and one far above the garbage
  // file's single pass (which a quadratic pass would still blow: minutes for this file).
  const scan = (budgetMs: number, targets: string[]) =>
    trustfix(
      [
        'scan',
        ...targets,
        '--no-index',
        '--no-pythons',
        '--json',
        '--reference',
        `${FIXTURES}certifi-2026.05.20.pem`,
        '--system-store',
        `${FIXTURES}debian12-ca-certificates.crt`,
        '--at',
        '2026-11-23',
      ],
      { env: { TRUSTFIX_JUDGE_BUDGET_MS: String(budgetMs) }, timeout: 240_000 },
    );
  const verdicts = (stdout: string) => (JSON.parse(stdout) as { bundles: Verdict[] }).bundles;

  it('are judged within a time budget each, and the scan goes on', async () => {
    const r = await scan(200, ['--root', join(dir, 'tree')]);
    expect(r.exitCode, r.stderr).toBe(1); // problems found (the broken file), not a failure of the tool
    const bundles = verdicts(r.stdout);
    const at = (p: string): Verdict | undefined => bundles.find((b) => b.path === join(dir, 'tree', p));
    const many = at('many/cacert.pem');
    expect(many?.status).toBe('broken');
    expect(many?.reason).toEqual({
      code: 'bundles:verdict.read.too-slow',
      params: { path: join(dir, 'tree/many/cacert.pem'), seconds: '0.2' },
    });
    // The walk went on past it: the other two files were found and judged too.
    expect(at('garbage/ca-bundle.crt')).toBeDefined();
    expect(at('real/cacert.pem')).toBeDefined();
  }, 300_000);

  it('a file of BEGIN lines that never end is judged in one pass', async () => {
    const garbagePath = join(dir, 'tree/garbage/ca-bundle.crt');
    const realPath = join(dir, 'tree/real/cacert.pem');
    const r = await scan(60_000, [garbagePath, realPath]);
    expect(r.exitCode, r.stderr).toBe(1);
    const bundles = verdicts(r.stdout);
    const garbage = bundles.find((b) => b.path === garbagePath)!;
    expect(garbage.status).toBe('broken');
    expect(garbage.reason.code).toBe('bundles:verdict.noValidCertificates');
    expect(garbage.details.skipped).toEqual({ 'truncated-block': GARBAGE_BLOCKS });
    const real = bundles.find((b) => b.path === realPath)!;
    expect(real.status).toBe('stale');
    expect(real.certificates).toBeGreaterThan(100);
  }, 300_000);

  it('the too-slow reason reads as a sentence in both languages', async () => {
    const args = [
      'scan',
      join(dir, 'tree/many/cacert.pem'),
      '--reference',
      `${FIXTURES}certifi-2026.05.20.pem`,
      '--system-store',
      `${FIXTURES}debian12-ca-certificates.crt`,
      '--no-color',
    ];
    const en = await trustfix([...args, '--lang', 'en'], { env: { TRUSTFIX_JUDGE_BUDGET_MS: '300' } });
    expect(en.stdout).toContain('took more than 0.3 s to read as a bundle');
    const zh = await trustfix([...args, '--lang', 'zh-CN'], { env: { TRUSTFIX_JUDGE_BUDGET_MS: '300' } });
    expect(zh.stdout).toContain('作为证书包读取超过了 0.3 秒');
  }, 120_000);
});
