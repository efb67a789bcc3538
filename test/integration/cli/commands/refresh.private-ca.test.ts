// A private CA appended to a published bundle (as on the machine the fixtures were first copied
// from, and in the certifi copies of the Pythons under ~/.pyenv) is one somebody added: `scan` calls
// it "extra", and a refresh from the reference keeps it. Issue 11, item 9: the root history once
// listed these two as public roots, so a refresh called them "removed" and dropped them.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertIndex } from '../../../../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../../../../src-main/core/certs/readBundle.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const PRIVATE = new URL('../../../fixtures/misc/appended-private-cas.pem', import.meta.url);
const reader = new BundleReader(new CertIndex());
const fingerprints = (bytes: Buffer): string[] => reader.parse(bytes).fingerprints;
const privateFps = fingerprints(readFileSync(PRIVATE));

const dir = tempDirForFile('trustfix-private-ca-');

describe('a private CA appended to a published bundle', () => {
  it('is "extra" to scan and kept by refresh from the reference', async () => {
    expect(privateFps).toHaveLength(2);
    const bundle = join(dir, 'cacert.pem');
    copyFileSync(`${FIXTURES}certifi-2022.12.07.pem`, bundle);
    writeFileSync(bundle, Buffer.concat([readFileSync(bundle), readFileSync(PRIVATE)]));
    const common = ['--reference', REF, '--system-store', STORE, '--at', '2026-11-23'];

    const scan = await trustfix(['scan', bundle, '--json', ...common]);
    expect(scan.stderr).toBe('');
    const judged = JSON.parse(scan.stdout).bundles[0];
    expect(judged.details.extra.map((c: any) => c.fingerprint).sort()).toEqual([...privateFps].sort());
    expect(judged.details.removed.map((c: any) => c.fingerprint)).not.toContain(privateFps[0]);

    const run = await trustfix(['refresh', bundle, '--yes', '--data-dir', join(dir, 'data'), ...common]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Kept sandboxing-egress-ca');
    expect(run.stdout).toContain('Kept Custom Artifactory CA');
    const after = fingerprints(readFileSync(bundle));
    for (const fp of privateFps) expect(after).toContain(fp);
    expect(after).toHaveLength(fingerprints(readFileSync(REF)).length + 2);
  });
});
