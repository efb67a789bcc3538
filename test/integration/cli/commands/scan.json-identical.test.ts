// Judging was made faster (issue 16: PEM split on bytes, fewer hashes, lazy tables, cheaper JSON
// writing); none of it may change a byte of what a scan reports. The expected files under
// test/fixtures/judge-golden/ were written by this test with the code as it was BEFORE those changes
// (commit "judge golden: today's --json output ..."), and are compared byte for byte since. Only
// what differs between checkouts and runs is normalised: the folder the fixtures sit in, the ids
// (a hash of that path) and the timing figures.
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CertIndex } from '../../../../src-main/core/certs/certIndex.ts';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { BundleReader } from '../../../../src-main/core/certs/readBundle.ts';
import { homeAsTilde } from '../../../../src-main/core/platform/homePath.ts';
import { FIXED_JUDGEMENT, FIXTURES, trustfix } from '../../../helpers/cli.ts';

const MESSY = fileURLToPath(new URL('../../../fixtures/messy-bundles/', import.meta.url));
const GOLDEN = '../../../fixtures/judge-golden/';
const common = ['--json', ...FIXED_JUDGEMENT];

/** The report with the checkout's folders, the path-derived ids and the timings made constant. */
function normalised(stdout: string): string {
  // A checkout under the home folder is written ~/... in the report (platform/homePath.ts).
  return stdout
    .replaceAll(homeAsTilde(FIXTURES), '<bundles>/')
    .replaceAll(homeAsTilde(MESSY), '<messy>/')
    .replace(/"(id|bundleId)": "b-[0-9a-f]{12}"/g, '"$1": "<id>"')
    .replace(/"(totalMs|parseMs)": \d+/g, '"$1": 0')
    .replace(/\n {2}"machine": \{[^}]*\},/, '');
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

describe('scan --json is byte-identical to the output before the speed-ups', () => {
  it('for the 12 published bundles', async () => {
    const run = await trustfix(['scan', FIXTURES, ...common]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).bundles).toHaveLength(12);
    await expect(normalised(run.stdout)).toMatchFileSnapshot(`${GOLDEN}scan-12-bundles.json`);
  });

  it('for messy files: garbage, CRLF, a BOM, duplicates, cut blocks, keys and CRLs, headers, DER, empty and binary files', async () => {
    // Against a small reference (two roots of the messy folder itself): the lists stay short.
    const run = await trustfix([
      'scan',
      MESSY,
      ...common.slice(0, 1),
      '--reference',
      `${MESSY}two-roots.pem`,
      ...common.slice(3),
    ]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      bundles: Array<{ details: { skipped: Record<string, number>; duplicates: number } }>;
    };
    // The fixture holds every kind of skip, so the comparison below covers each of them.
    const skipped = new Set(report.bundles.flatMap((b) => Object.keys(b.details.skipped)));
    expect([...skipped].sort()).toEqual([
      'bad-base64',
      'not-a-certificate-block',
      'truncated-block',
      'unparseable-certificate',
    ]);
    expect(report.bundles.some((b) => b.details.duplicates > 0)).toBe(true);
    await expect(normalised(run.stdout)).toMatchFileSnapshot(`${GOLDEN}scan-messy-bundles.json`);
  });
});

describe('splitting and indexing are unchanged on damaged copies', () => {
  /** One line per damaged copy: what the split and the reader make of it. */
  function damaged(name: string, bytes: Buffer, step: number): string[] {
    const reader = new BundleReader(new CertIndex());
    const lines: string[] = [];
    const describe = (what: string, copy: Buffer): void => {
      const split = splitBundle(copy);
      const parsed = reader.parse(copy);
      const ders = sha(split.ders.map((d) => d.toString('hex')).join(','));
      const fps = sha(parsed.fingerprints.join(','));
      lines.push(
        `${name} ${what} ${split.format} ${split.ders.length}:${ders} ${JSON.stringify(split.skipped)} | ${parsed.format} ${parsed.fingerprints.length}:${fps} ${parsed.duplicates} ${JSON.stringify(parsed.skipped)}`,
      );
    };
    for (let at = 0; at <= bytes.length; at += step) describe(`cut@${at}`, bytes.subarray(0, at));
    for (let at = 0; at < bytes.length; at += step)
      describe(`hole@${at}`, Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 50)]));
    return lines;
  }

  it('for every cut and hole in the messy bundle and a published one', async () => {
    const lines = [
      ...damaged('messy.pem', readFileSync(`${MESSY}messy.pem`), 41),
      ...damaged('crlf-dups.crt', readFileSync(`${MESSY}crlf-dups.crt`), 53),
      ...damaged('certifi-2016.02.28.pem', readFileSync(`${FIXTURES}certifi-2016.02.28.pem`), 997),
    ];
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(`${GOLDEN}split-damaged.txt`);
  });

  it("every certificate's record, field by field", async () => {
    const index = new CertIndex();
    const reader = new BundleReader(index);
    const fps = new Set<string>();
    for (const dir of [FIXTURES, MESSY]) {
      for (const name of readdirSync(dir).sort())
        for (const fp of reader.parse(readFileSync(`${dir}${name}`)).fingerprints) fps.add(fp);
    }
    const records = [...fps].sort().map((fp) => index.record(fp));
    expect(records.length).toBeGreaterThan(200);
    await expect(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`).toMatchFileSnapshot(`${GOLDEN}records.json`);
  });
});
