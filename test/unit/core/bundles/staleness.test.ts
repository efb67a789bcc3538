// A verdict people can act on (issue 13): a stale bundle is graded by how long Mozilla has listed the
// roots it lacks. "current-enough": it lacks only roots added in the last 12 months (or ones Mozilla
// dropped since, or another issue of which it holds); "outdated": it lacks a root Mozilla has listed
// for 12 months or more. Roots Mozilla distrusted that it still holds are counted on their own.
// Synthetic cases pin the rule; the real published bundles pin the figures of docs/staleness.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CertIndex } from '../../../../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../../../../src-main/core/certs/readBundle.ts';
import { judgeBundle, type BundleDetails, type CertSummary } from '../../../../src-main/core/bundles/judge.ts';
import { nextStep } from '../../../../src-main/core/bundles/nextStep.ts';
import { gradeStaleness, monthsBefore, releaseDateOf } from '../../../../src-main/core/bundles/staleness.ts';
import type { BundleVerdict } from '../../../../src-main/core/bundles/verdict.ts';
import { fileReference, type Reference } from '../../../../src-main/core/trust/reference.ts';
import { addedToMozilla } from '../../../../src-main/core/trust/rootHistory.ts';
import { FIXTURES } from '../../../helpers/cli.ts';

// Node 24.21's tls.rootCertificates (NSS 3.126), published bytes: the reference, fixed whatever Node runs the tests.
const NODE24 = fileURLToPath(new URL('../../../fixtures/runtime/node24.21-tls-rootCertificates.pem', import.meta.url));

const history = JSON.parse(
  readFileSync(new URL('../../../../assets/trust/mozilla-root-history.json', import.meta.url), 'utf8'),
) as string[][];
const fp = (name: string): string => {
  const rows = history.filter((r) => r[1] === name);
  expect(rows, name).toHaveLength(1);
  return rows[0]![0]!;
};
const root = (name: string): CertSummary => ({ fingerprint: fp(name), name, notAfter: '2040-01-01T00:00:00.000Z' });
const details = (d: Partial<Pick<BundleDetails, 'missing' | 'reissued' | 'expired' | 'distrusted'>>) => ({
  missing: [],
  reissued: [],
  expired: [],
  distrusted: [],
  ...d,
});

describe('the grading rule (synthetic)', () => {
  const secom = root('SECOM TLS RSA Root CA 2024'); // NSS 3.126, 2026-07-17
  const isrgX2 = root('ISRG Root X2'); // in Mozilla's list by certifi 2022.12.07

  it('lacking a root Mozilla added 12 months ago or more is outdated', () => {
    const s = gradeStaleness(details({ missing: [isrgX2] }), new Date('2026-12-03'));
    expect(s).toMatchObject({
      grade: 'outdated',
      settledMissing: 1,
      newMissing: 0,
      settledBefore: '2025-12-03',
      settledMonths: 12,
    });
    expect(s.missing[0]).toMatchObject({
      name: 'ISRG Root X2',
      addedToMozilla: '2022-12-07',
      addedPrecision: 'by',
      addedFrom: 'certifi-2022.12.07',
      standing: 'settled',
    });
    expect(s.summary[0]).toEqual({
      code: 'bundles:staleness.outdated',
      params: { count: 1, months: 12, when: '2022-12' },
    });
  });

  it('lacking only roots added in the last 12 months is current enough, until they are 12 months old', () => {
    const now = gradeStaleness(details({ missing: [secom] }), new Date('2026-12-03'));
    expect(now).toMatchObject({
      grade: 'current-enough',
      settledMissing: 0,
      newMissing: 1,
      newestMissingAddedAt: '2026-07-17',
    });
    expect(now.missing[0]).toMatchObject({
      addedToMozilla: '2026-07-17',
      addedPrecision: 'nss',
      addedFrom: 'NSS 3.126',
      standing: 'new',
    });
    expect(now.summary).toEqual([
      { code: 'bundles:staleness.currentEnough', params: { count: 1, months: 12, when: '2026-07' } },
    ]);
    // The boundary: exactly 12 months after its addition it is still new; the day after, settled.
    expect(gradeStaleness(details({ missing: [secom] }), new Date('2027-07-17')).grade).toBe('current-enough');
    expect(gradeStaleness(details({ missing: [secom] }), new Date('2027-07-18')).grade).toBe('outdated');
  });

  it('one settled root among new ones makes it outdated, and says how many are newer', () => {
    const s = gradeStaleness(details({ missing: [secom, isrgX2] }), new Date('2026-12-03'));
    expect(s).toMatchObject({
      grade: 'outdated',
      settledMissing: 1,
      newMissing: 1,
      oldestMissingAddedAt: '2022-12-07',
      newestMissingAddedAt: '2026-07-17',
    });
    expect(s.missing.map((m) => m.name)).toEqual(['ISRG Root X2', 'SECOM TLS RSA Root CA 2024']); // oldest first
    expect(s.summary[1]).toEqual({ code: 'bundles:staleness.alsoNew', params: { count: 1, when: '2026-07' } });
  });

  it('a root Mozilla has dropped since, another issue of a held root, or a root Mozilla never listed does not count', () => {
    const atos = root('Atos TrustedRoot 2011'); // dropped in NSS 3.126 (2026-07-17)
    const reissuedOld = root('DigiCert Global Root G2'); // settled, but the bundle holds another issue of it
    const privateRoot: CertSummary = {
      fingerprint: 'ab'.repeat(32),
      name: 'Corp Root',
      notAfter: '2040-01-01T00:00:00.000Z',
    };
    const present: CertSummary = {
      fingerprint: 'cd'.repeat(32),
      name: 'DigiCert Global Root G2',
      notAfter: '2046-01-01T00:00:00.000Z',
    };
    const s = gradeStaleness(
      details({ missing: [atos, reissuedOld, privateRoot], reissued: [{ missing: reissuedOld, present }] }),
      new Date('2026-12-03'),
    );
    expect(s.grade).toBe('current-enough');
    expect(Object.fromEntries(s.missing.map((m) => [m.name, m.standing]))).toEqual({
      'Atos TrustedRoot 2011': 'dropped',
      'DigiCert Global Root G2': 'covered',
      'Corp Root': 'undated',
    });
    expect(s.missing.find((m) => m.name === 'Atos TrustedRoot 2011')?.removedFromMozilla).toBe('2026-07-17');
    expect(s.summary).toEqual([
      { code: 'bundles:staleness.lacksNothingUsed' },
      { code: 'bundles:staleness.notCounted', params: { count: 3 } },
    ]);
    // Before Mozilla dropped it, the same root was settled: judged as of then, the bundle was outdated.
    expect(gradeStaleness(details({ missing: [atos] }), new Date('2026-06-01')).grade).toBe('outdated');
  });

  it('distrusted roots still held are counted apart from the grade; expired ones are listed', () => {
    const geotrust = {
      ...root('GeoTrust Global CA'),
      date: '2018-10-23',
      event: 'distrust.symantec',
      source: 'https://wiki.mozilla.org/CA/Symantec_Issues',
    };
    const dst = { ...root('DST Root CA X3'), notAfter: '2021-09-30T14:01:15.000Z' };
    const s = gradeStaleness(details({ distrusted: [geotrust], expired: [dst] }), new Date('2026-12-03'));
    expect(s).toMatchObject({ grade: 'current-enough', distrustedPresent: 1 });
    expect(s.expiredOrDistrusted).toEqual([
      {
        fingerprint: geotrust.fingerprint,
        name: 'GeoTrust Global CA',
        notAfter: geotrust.notAfter,
        kind: 'distrusted',
        date: '2018-10-23',
        event: 'distrust.symantec',
      },
      {
        fingerprint: dst.fingerprint,
        name: 'DST Root CA X3',
        notAfter: dst.notAfter,
        kind: 'expired',
        date: '2021-09-30',
      },
    ]);
    expect(s.summary.at(-1)).toEqual({
      code: 'bundles:staleness.distrusted',
      params: { count: 1, name: 'GeoTrust Global CA' },
    });
  });

  it('counts whole months back, the 31st falling to the end of a shorter month', () => {
    expect(monthsBefore(new Date('2026-12-03T10:00:00Z'), 12)).toBe('2025-12-03');
    expect(monthsBefore(new Date('2026-03-31'), 1)).toBe('2026-02-28');
    expect(monthsBefore(new Date('2024-02-29'), 12)).toBe('2023-02-28');
  });

  it("reads certifi's version as its release date, and nothing else", () => {
    expect(releaseDateOf({ kind: 'certifi', version: '2026.05.20' })).toBe('2026-05-20');
    expect(releaseDateOf({ kind: 'pip', version: '24.2', certifiVersion: '2024.07.04' })).toBe('2024-07-04');
    expect(releaseDateOf({ kind: 'pip', version: '24.2' })).toBeUndefined();
    expect(releaseDateOf({ kind: 'botocore', version: '1.43.11' })).toBeUndefined();
  });
});

describe('the real published bundles, against Node 24.21 (NSS 3.126) as of 2026-12-03', () => {
  const index = new CertIndex();
  const reader = new BundleReader(index);
  const at = new Date('2026-12-03');
  let reference: Reference;
  const judge = async (file: string, extra = '') => {
    if (!reference) {
      const r = await fileReference(NODE24, reader, index);
      if (!r.ok) throw new Error('reference');
      reference = r.reference;
    }
    const bytes = Buffer.concat([readFileSync(`${FIXTURES}${file}`), Buffer.from(extra)]);
    return judgeBundle(reader.parse(bytes), index, reference, at);
  };

  it('certifi 2026.05.20 is current enough: it lacks the 4 roots NSS 3.126 added on 2026-07-17', async () => {
    const j = await judge('certifi-2026.05.20.pem');
    expect(j.status).toBe('stale'); // status values stay as they were
    expect(j.staleness).toMatchObject({
      grade: 'current-enough',
      settledMissing: 0,
      newMissing: 4,
      distrustedPresent: 0,
      expiredOrDistrusted: [],
    });
    expect(j.staleness!.missing.map((m) => [m.name, m.addedToMozilla, m.addedFrom, m.standing]).sort()).toEqual([
      ['SECOM TLS ECC Root CA 2024', '2026-07-17', 'NSS 3.126', 'new'],
      ['SECOM TLS RSA Root CA 2024', '2026-07-17', 'NSS 3.126', 'new'],
      ['Telia EC TLS Root CA v3', '2026-07-17', 'NSS 3.126', 'new'],
      ['Telia RSA TLS Root CA v3', '2026-07-17', 'NSS 3.126', 'new'],
    ]);
  });

  it('certifi 2018.08.24 (pip in Python 3.6) is outdated: 59 settled roots missing, 26 distrusted held', async () => {
    const s = (await judge('certifi-2018.08.24.pem')).staleness!;
    expect(s).toMatchObject({
      grade: 'outdated',
      settledMissing: 59,
      newMissing: 5,
      distrustedPresent: 26,
      oldestMissingAddedAt: '2019-06-16',
      newestMissingAddedAt: '2026-07-17',
    });
    expect(s.missing).toHaveLength(66);
    expect(s.missing.filter((m) => m.standing === 'covered')).toHaveLength(2);
    expect(s.missing.find((m) => m.name === 'ISRG Root X2')?.standing).toBe('settled');
  });

  it('certifi 2021.10.08 (pip in Python 3.7) and 2024.08.30 are outdated, with their counts', async () => {
    expect((await judge('certifi-2021.10.08.pem')).staleness).toMatchObject({
      grade: 'outdated',
      settledMissing: 34,
      newMissing: 5,
    });
    // 2024.08.30 lacks D-TRUST 2023 (NSS 3.108, 2025-02), TrustAsia TLS and SwissSign 2022 (3.114, 2025-07),
    // OISTE (3.117, 2025-10): more than 12 months old on 2026-12-03.
    const s = (await judge('certifi-2024.08.30.pem')).staleness!;
    expect(s).toMatchObject({ grade: 'outdated', settledMissing: 7, newMissing: 5 });
    expect(s.missing.filter((m) => m.standing === 'settled').map((m) => m.addedFrom)).toEqual([
      'NSS 3.108',
      'NSS 3.108',
      'NSS 3.114',
      'NSS 3.114',
      'NSS 3.114',
      'NSS 3.117',
      'NSS 3.117',
    ]);
  });

  it('a private CA appended to a bundle (as on the pyenv interpreters here) is extra, not a reason', async () => {
    const j = await judge(
      'certifi-2026.05.20.pem',
      readFileSync(new URL('../../../fixtures/misc/appended-private-cas.pem', import.meta.url), 'utf8'),
    );
    expect(j.extra).toBe(2);
    expect(j.staleness).toMatchObject({ grade: 'current-enough', newMissing: 4, settledMissing: 0 });
  });

  it('every root of the reference has a date in the history', async () => {
    await judge('certifi-2026.05.20.pem');
    for (const f of reference.fingerprints) expect(addedToMozilla(f), f).toBeDefined();
  });
});

describe('the next step', () => {
  const verdict = (
    path: string,
    grade: 'outdated' | 'current-enough',
    settled: number,
    users: number,
    distrusted = 0,
  ): BundleVerdict =>
    ({
      id: `b-${path}`,
      path,
      status: 'stale',
      usedBy: Array.from({ length: users }, (_, i) => ({
        pythonId: `p${i}`,
        executable: '/usr/bin/python3',
        client: 'requests',
        as: 'source',
      })),
      staleness: { grade, settledMissing: settled, distrustedPresent: distrusted },
    }) as unknown as BundleVerdict;

  it('refreshes the outdated bundle most clients verify with, and counts the others', () => {
    const next = nextStep([
      verdict('/a', 'outdated', 50, 0),
      verdict('/b', 'outdated', 7, 3),
      verdict('/c', 'current-enough', 0, 9),
    ]);
    expect(next).toEqual({
      kind: 'refresh',
      bundleId: 'b-/b',
      path: '/b',
      grade: 'outdated',
      settledMissing: 7,
      distrustedPresent: 0,
      usedBy: 3,
      more: 1,
    });
  });

  it('a current-enough bundle that holds distrusted roots still needs a refresh', () => {
    expect(nextStep([verdict('/n', 'current-enough', 0, 0, 7)])).toMatchObject({
      kind: 'refresh',
      path: '/n',
      more: 0,
    });
  });

  it('never proposes to refresh a file the distribution rebuilds: another bundle first, else its package', () => {
    const system = verdict('/etc/ssl/certs/ca-certificates.crt', 'outdated', 6, 21);
    const generated = (b: BundleVerdict) =>
      b.path === system.path
        ? { family: 'debian', refreshedBy: 'update-ca-certificates', anchorDir: '/usr/local/share/ca-certificates' }
        : null;
    expect(nextStep([system, verdict('/venv/certifi/cacert.pem', 'outdated', 2, 1)], generated)).toMatchObject({
      kind: 'refresh',
      path: '/venv/certifi/cacert.pem',
      more: 1,
    });
    expect(nextStep([system], generated)).toEqual({
      kind: 'update-system',
      bundleId: `b-${system.path}`,
      path: system.path,
      refreshedBy: 'update-ca-certificates',
      more: 0,
    });
  });

  it('says nothing is urgent when every stale bundle is current enough, and nothing to do without stale ones', () => {
    expect(nextStep([verdict('/c', 'current-enough', 0, 2), verdict('/d', 'current-enough', 0, 0)])).toEqual({
      kind: 'nothing-urgent',
      stale: 2,
      months: 12,
    });
    expect(nextStep([])).toEqual({ kind: 'nothing' });
  });
});
