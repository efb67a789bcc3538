import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CertIndex } from '../../../../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../../../../src-main/core/certs/readBundle.ts';
import { DISTRUST_EVENTS, distrustAt } from '../../../../src-main/core/trust/distrust.ts';
import { isKnownPublicRoot } from '../../../../src-main/core/trust/rootHistory.ts';
import { FIXTURES } from '../../../helpers/cli.ts';

const index = new CertIndex();
const reader = new BundleReader(index);
// The published bundles and the runtimes' root lists (test/fixtures/runtime) that the history is made from.
const RUNTIME = new URL('../../../fixtures/runtime/', import.meta.url);
const all = new Set([
  ...readdirSync(FIXTURES).flatMap((f) => reader.parse(readFileSync(FIXTURES + f)).fingerprints),
  ...readdirSync(RUNTIME).flatMap((f) => reader.parse(readFileSync(new URL(f, RUNTIME))).fingerprints),
]);

type HistoryRow = [fingerprint: string, name: string, lastSeenIn: string];
const history = JSON.parse(
  readFileSync(new URL('../../../../assets/trust/mozilla-root-history.json', import.meta.url), 'utf8'),
) as HistoryRow[];
// Two private CAs that a machine had appended to its bundles (test/fixtures/README.md, "Correction").
const privateCas = reader.parse(
  readFileSync(new URL('../../../fixtures/misc/appended-private-cas.pem', import.meta.url)),
).fingerprints;

describe('distrust table', () => {
  it('names real roots: every fingerprint is in a published bundle, with the name it claims', () => {
    for (const event of DISTRUST_EVENTS.values()) {
      expect(all.has(event.fingerprint), event.name).toBe(true);
      const name = index.record(event.fingerprint).name;
      expect(event.name === name || event.name.startsWith(name), `${event.name} vs ${name}`).toBe(true);
      expect(event.source).toMatch(/^https:\/\//);
    }
  });

  it('covers DST Root CA X3, Symantec, TrustCor, Camerfirma and Entrust', () => {
    const names = [...DISTRUST_EVENTS.values()].map((e) => e.name).join('|');
    for (const n of [
      'DST Root CA X3',
      'GeoTrust Global CA',
      'VeriSign',
      'thawte',
      'TrustCor',
      'Chambers of Commerce',
      'Entrust Root',
      'AffirmTrust',
    ])
      expect(names).toContain(n);
  });

  it('takes effect on its date, not before', () => {
    const entrust = '73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c';
    expect(distrustAt(entrust, new Date('2024-06-01'))).toBeUndefined();
    expect(distrustAt(entrust, new Date('2025-01-01'))?.event).toBe('distrust.entrust');
  });
});

describe('Mozilla root history', () => {
  it('knows every root of the published bundles, and not a private one', () => {
    for (const fp of all) expect(isKnownPublicRoot(fp)).toBe(true);
    expect(isKnownPublicRoot('00'.repeat(32))).toBe(false);
  });

  it('lists no private CA: the two once appended to the fixture copies are not public roots', () => {
    expect([...privateCas].sort()).toEqual([
      'e4416e87094579ff42347787619530699311cbc211052b87bb3566bc8f43d95d',
      'f2a9e0037b792c2dd923436931a7234dc4eaa37d69ff2e4a35f30518534d9160',
    ]);
    const listed = history.map((row) => row[0]);
    for (const fp of privateCas) {
      expect(listed, fp).not.toContain(fp);
      expect(isKnownPublicRoot(fp), fp).toBe(false);
    }
  });

  it('lists only roots found in a published Mozilla-derived bundle of test/fixtures/bundles or runtime', () => {
    const unpublished = history.filter(([fp]) => !all.has(fp)).map(([fp, name]) => `${name} ${fp}`);
    expect(unpublished).toEqual([]);
  });
});
