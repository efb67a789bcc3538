// `scan` says what staleness means (issue 13): under the table, per stale bundle its grade and why
// (what it lacks, since when), and as the last line of the output the one next step. Real published
// bundles, judged against Node 24.21's list (NSS 3.126) as of 2026-12-03, so the figures are fixed.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';

// Node 24.21's tls.rootCertificates (NSS 3.126), published bytes: the reference, fixed whatever Node runs the tests.
const NODE24 = fileURLToPath(new URL('../../../fixtures/runtime/node24.21-tls-rootCertificates.pem', import.meta.url));

const JUDGE = [
  '--reference',
  NODE24,
  '--system-store',
  `${FIXTURES}debian12-ca-certificates.crt`,
  '--at',
  '2026-12-03',
  '--no-color',
];
const NEW = `${FIXTURES}certifi-2026.05.20.pem`;
const OLD = `${FIXTURES}certifi-2018.08.24.pem`;
const lastLine = (out: string): string => out.trimEnd().split('\n').at(-1) ?? '';

const dir = mkdtempSync(join(tmpdir(), 'tf-staleness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan tells what a stale bundle lacks and what to do next', () => {
  it('grades each stale bundle with its reason and ends with the refresh to run', async () => {
    const run = await trustfix(['scan', NEW, OLD, ...JUDGE]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1); // stale is still a problem found: the exit code does not change
    expect(run.stdout).toContain(
      `current enough  ${NEW}\n    lacks only 4 root(s) Mozilla added in the last 12 months (2026-07), too new for public sites to depend on.`,
    );
    expect(run.stdout).toContain(
      `outdated [distrusted roots]  ${OLD}\n    lacks 59 root(s) Mozilla has listed for over 12 months (added 2019-06 – 2025-10): public sites use roots that old.`,
    );
    expect(run.stdout).toContain('Still holds 26 root(s) Mozilla distrusted');
    expect(lastLine(run.stdout)).toBe(`Next: trustfix refresh ${OLD}`);
  });

  it('says nothing is urgent when the stale bundles lack only new roots, in English and in Chinese', async () => {
    const en = await trustfix(['scan', NEW, ...JUDGE]);
    expect(lastLine(en.stdout)).toBe(
      'Nothing urgent: the 1 stale bundle(s) lack only roots Mozilla added in the last 12 months.',
    );
    const zh = await trustfix(['scan', NEW, ...JUDGE, '--lang', 'zh-CN']);
    expect(zh.stdout).toContain(`够新  ${NEW}\n    只缺少 4 个 Mozilla 在最近 12 个月内新增的根证书（2026-07）`);
    expect(lastLine(zh.stdout)).toBe('不急：1 个过期的证书包只缺少 Mozilla 最近 12 个月内新增的根证书。');
  });

  it('quotes a path with a space in the command it proposes, and counts the other bundles to refresh', async () => {
    mkdirSync(join(dir, 'my venv'));
    const spaced = join(dir, 'my venv', 'cacert.pem');
    copyFileSync(OLD, spaced);
    const run = await trustfix(['scan', spaced, `${FIXTURES}certifi-2024.08.30.pem`, ...JUDGE]);
    expect(lastLine(run.stdout)).toBe(
      `Next: trustfix refresh '${spaced}' (1 more stale bundle(s) to refresh after it)`,
    );
  });

  it('--json carries the grade, the missing roots with their dates, and the next step', async () => {
    const run = await trustfix(['scan', NEW, OLD, ...JUDGE, '--json']);
    const report = JSON.parse(run.stdout);
    const [fresh, old] = report.bundles;
    expect(fresh.status).toBe('stale');
    expect(fresh.staleness).toMatchObject({
      grade: 'current-enough',
      settledMonths: 12,
      settledBefore: '2025-12-03',
      settledMissing: 0,
      newMissing: 4,
      newestMissingAddedAt: '2026-07-17',
    });
    expect(fresh.staleness.missing[0]).toMatchObject({
      addedToMozilla: '2026-07-17',
      addedPrecision: 'nss',
      addedFrom: 'NSS 3.126',
      standing: 'new',
    });
    expect(old.staleness).toMatchObject({ grade: 'outdated', settledMissing: 59, distrustedPresent: 26 });
    expect(old.staleness.expiredOrDistrusted.find((c: { name: string }) => c.name === 'DST Root CA X3')).toMatchObject({
      kind: 'expired',
      date: '2021-09-30',
    });
    expect(report.next).toEqual({
      kind: 'refresh',
      bundleId: old.id,
      path: OLD,
      grade: 'outdated',
      settledMissing: 59,
      distrustedPresent: 26,
      usedBy: 0,
      more: 0,
    });
    expect(report.summary).toEqual({ current: 0, stale: 2, broken: 0, 'not-a-bundle': 0 });
  });
});
