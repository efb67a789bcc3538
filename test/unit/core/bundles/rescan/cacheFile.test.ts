// The scan cache file on its own (cacheFile.ts): bounded in size by dropping the files least recently
// met (and the contents and certificates only they needed), read back exactly, and a file whose
// entries point nowhere is ignored whole.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cachePath, emptyCache, loadCache, saveCache } from '../../../../../src-main/core/bundles/rescan/cacheFile.ts';
import type { ScanCacheData } from '../../../../../src-main/core/bundles/rescan/cacheShape.ts';
import { tempDir } from '../../../../helpers/tmp.ts';

const { dir, cleanup } = tempDir('trustfix-scan-cache-file-');
afterAll(() => cleanup());

const hash = (c: string): string => c.repeat(64);
const id = { dev: '1', ino: '2', size: '3', mtimeNs: '4', ctimeNs: '5' };

function sample(): ScanCacheData {
  const data = emptyCache();
  data.certs = ['QUFB', 'QkJC', 'Q0ND'];
  data.contents[hash('a')] = { size: 3, format: 'pem', certs: [0], duplicates: 0, skipped: {} };
  data.contents[hash('b')] = { size: 3, format: 'pem', certs: [1, 2], duplicates: 1, skipped: { 'bad-base64': 2 } };
  // In the order the certificates are numbered: written back, the numbering is the same.
  data.files['/new/cacert.pem'] = { id, readAt: 1, usedAt: 9000, content: hash('a') };
  data.files['/old/cacert.pem'] = { id, readAt: 1, usedAt: 1000, content: hash('b') };
  return data;
}

describe('the scan cache file', () => {
  it('reads back what was written', async () => {
    expect(await saveCache(dir, sample())).toBe(true);
    const loaded = await loadCache(dir);
    expect(loaded.ignored).toBeUndefined();
    expect(loaded.data).toEqual(sample());
  });

  it('drops the least recently met files, and what only they needed, to stay under its bound', async () => {
    const full = JSON.stringify(sample()).length;
    expect(await saveCache(dir, sample(), full - 40)).toBe(true);
    const { data } = await loadCache(dir);
    expect(Object.keys(data.files)).toEqual(['/new/cacert.pem']);
    expect(Object.keys(data.contents)).toEqual([hash('a')]);
    expect(data.certs).toEqual(['QUFB']);
    expect(readFileSync(cachePath(dir), 'utf8').length).toBeLessThan(full - 40);
  });

  it('ignores a file whose entry names a content or a certificate that is not there', async () => {
    const missingContent = sample();
    missingContent.files['/x'] = { id, readAt: 1, usedAt: 1, content: hash('c') };
    writeFileSync(cachePath(dir), JSON.stringify(missingContent));
    expect(await loadCache(dir)).toEqual({ data: emptyCache(), ignored: 'corrupt' });
    const missingCert = sample();
    missingCert.contents[hash('a')]!.certs = [7];
    writeFileSync(cachePath(dir), JSON.stringify(missingCert));
    expect(await loadCache(dir)).toEqual({ data: emptyCache(), ignored: 'corrupt' });
    writeFileSync(cachePath(dir), JSON.stringify({ ...sample(), extra: true }));
    expect((await loadCache(dir)).ignored).toBe('corrupt');
  });

  it('takes a file named __proto__ as a name like any other', async () => {
    const text = JSON.stringify(sample()).replace('"/old/cacert.pem"', '"__proto__"');
    writeFileSync(cachePath(dir), text);
    const { data, ignored } = await loadCache(dir);
    expect(ignored).toBeUndefined();
    expect(Object.hasOwn(data.files, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).usedAt).toBeUndefined();
    expect(await saveCache(dir, data)).toBe(true);
    expect(Object.hasOwn((await loadCache(dir)).data.files, '__proto__')).toBe(true);
  });
});
