// With the disk search reused (scan cache), the known places are still looked at every time: a bundle
// that appears there (pip installs certifi in a user site, say) is in the very next scan, read and
// judged, while a file placed elsewhere waits for the next search. In process, with a home this test
// owns; the machine's own known places (/etc/ssl, /usr/lib/python3) may show up too and are not asserted on.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../../../src-main/core/context.ts';
import { cachedScanAll } from '../../../../../src-main/core/bundles/rescan/cachedScan.ts';
import { FIXTURES } from '../../../../helpers/cli.ts';
import { tempDirForFile } from '../../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const OLD = `${FIXTURES}certifi-2016.02.28.pem`;
const dir = tempDirForFile('trustfix-scan-cache-known-');

describe('known places under a reused search', () => {
  it('sees a new bundle in a known place at once, and a new file elsewhere only after a new search', async () => {
    const home = join(dir, 'home');
    const walked = join(dir, 'walked');
    const data = join(dir, 'data');
    mkdirSync(join(walked, 'x'), { recursive: true });
    copyFileSync(REF, join(walked, 'x', 'cacert.pem'));
    const site = join(home, '.local', 'lib', 'python3.12', 'site-packages', 'certifi');
    const options = { roots: [walked], knownPlaces: true, home, env: {}, index: 'off' as const };
    const ctx = await createContext({
      referenceFile: REF,
      systemStoreFile: `${FIXTURES}debian12-ca-certificates.crt`,
      at: new Date('2026-11-23T00:00:00Z'),
    });

    const first = await cachedScanAll(ctx, options, { dataDir: data });
    expect(first.discovery?.cache?.walk).toBe('fresh');
    expect(first.bundles.some((b) => b.path.startsWith(home))).toBe(false);

    mkdirSync(site, { recursive: true });
    copyFileSync(OLD, join(site, 'cacert.pem'));
    mkdirSync(join(walked, 'y'));
    copyFileSync(REF, join(walked, 'y', 'cacert.pem'));

    const second = await cachedScanAll(ctx, options, { dataDir: data });
    expect(second.discovery?.cache?.walk).toBe('reused');
    const known = second.bundles.find((b) => b.path === join(site, 'cacert.pem'));
    expect(known).toMatchObject({ status: 'stale', foundBy: ['known-place'] });
    expect(second.bundles.map((b) => b.path)).toContain(join(walked, 'x', 'cacert.pem'));
    expect(second.bundles.map((b) => b.path)).not.toContain(join(walked, 'y', 'cacert.pem'));

    const third = await cachedScanAll(ctx, options, { dataDir: data, rewalk: true });
    expect(third.discovery?.cache?.walk).toBe('fresh');
    expect(third.bundles.map((b) => b.path)).toContain(join(walked, 'y', 'cacert.pem'));
  });
});
