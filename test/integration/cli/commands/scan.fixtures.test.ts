// The counts in test/fixtures/README.md (measured on 2026-11-23 against certifi-2026.05.20; the
// corrected table, without the private CAs the first copies had appended) must be what `trustfix scan`
// reports for the real published bundles.
import { describe, expect, it } from 'vitest';
import { FIXED_JUDGEMENT, FIXTURES, trustfix } from '../../../helpers/cli.ts';

const EXPECTED: Record<string, [certs: number, expired: number, notInRef: number, missing: number]> = {
  'botocore-1.43.11.pem': [127, 16, 73, 65],
  'certifi-2016.02.28.pem': [134, 1, 34, 19],
  'certifi-2018.08.24.pem': [128, 17, 72, 63],
  'certifi-2019.06.16.pem': [138, 16, 74, 55],
  'certifi-2021.10.08.pem': [131, 8, 53, 41],
  'certifi-2022.12.07.pem': [137, 4, 42, 24],
  'certifi-2023.05.07.pem': [139, 4, 42, 22],
  'certifi-2024.07.04.pem': [147, 1, 40, 12],
  'certifi-2024.08.30.pem': [151, 1, 40, 8],
  'certifi-2026.05.20.pem': [119, 0, 0, 0],
  'debian12-ca-certificates.crt': [142, 4, 45, 22],
  'node20-tls-rootCertificates.pem': [144, 0, 26, 1],
};

describe('trustfix scan on the real published bundles', () => {
  it('reports the measured counts against certifi 2026.05.20 as of 2026-11-23', async () => {
    const run = await trustfix(['scan', FIXTURES, '--json', ...FIXED_JUDGEMENT]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1); // stale bundles are problems found
    const report = JSON.parse(run.stdout);
    expect(report.reference).toMatchObject({ origin: 'file', certificates: 119 });
    expect(report.systemStore).toMatchObject({ certificates: 142 });
    const got = Object.fromEntries(
      report.bundles.map((b: any) => [
        b.path.split('/').pop(),
        [b.certificates, b.expired, b.notInReference, b.missing],
      ]),
    );
    expect(got).toEqual(EXPECTED);
    const byName = Object.fromEntries(report.bundles.map((b: any) => [b.path.split('/').pop(), b]));
    expect(byName['certifi-2026.05.20.pem'].status).toBe('current');
    expect(byName['certifi-2024.08.30.pem'].status).toBe('stale');
    // DST Root CA X3 is in the 2018 bundle and expired; Symantec roots are distrusted.
    const old = byName['certifi-2018.08.24.pem'];
    expect(old.details.expired.map((c: any) => c.name)).toContain('DST Root CA X3');
    expect(old.details.distrusted.map((c: any) => c.name)).toContain('GeoTrust Global CA');
    // Another issue of the same root (same subject and key) is recognised.
    expect(old.details.reissued.length).toBeGreaterThan(0);
    // Public roots Mozilla dropped are "removed", not "extra" (a refresh need not keep them).
    expect(old.extra).toBe(0);
    expect(old.removed).toBeGreaterThan(0);
  });

  it('judges with the built-in reference (the runtime root list) when none is given', async () => {
    const run = await trustfix([
      'scan',
      `${FIXTURES}certifi-2016.02.28.pem`,
      '--json',
      '--system-store',
      `${FIXTURES}debian12-ca-certificates.crt`,
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.reference.origin).toBe('builtin');
    expect(report.reference.label).toContain(process.versions.node);
    expect(report.reference.certificates).toBeGreaterThan(100);
    expect(report.bundles[0].status).toBe('stale');
  });

  it('prints a readable table for people, in English and in Chinese', async () => {
    const args = ['scan', `${FIXTURES}certifi-2018.08.24.pem`, `${FIXTURES}certifi-2026.05.20.pem`, ...FIXED_JUDGEMENT];
    const en = await trustfix(args);
    expect(en.stdout).toMatch(/stale\s+│ 128\s+│ 17\s+│ 63/);
    expect(en.stdout).toContain('2 file(s): 1 current, 1 stale, 0 broken, 0 not a bundle.');
    const zh = await trustfix([...args, '--lang', 'zh-CN']);
    expect(zh.stdout).toContain('共 2 个文件：1 个最新，1 个过时');
    expect(zh.stdout).toContain('过期');
  });

  it('exits 2 with a clear message for bad usage', async () => {
    const badDate = await trustfix(['scan', FIXTURES, '--at', 'yesterday-ish']);
    expect(badDate.exitCode).toBe(2);
    expect(badDate.stderr).toContain('--at expects a date');
    const badRef = await trustfix(['scan', FIXTURES, '--reference', '/nonexistent/ref.pem']);
    expect(badRef.exitCode).toBe(2);
    expect(badRef.stderr).toContain('Cannot read the reference bundle /nonexistent/ref.pem');
    const unknown = await trustfix(['frobnicate']);
    expect(unknown.exitCode).toBe(2);
  });
});
