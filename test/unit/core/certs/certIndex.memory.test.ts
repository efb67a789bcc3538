// What the certificate index keeps (issue 12, bounded memory): a record and the DER per certificate,
// the X509Certificate only once asked for, and nothing of a file given up as too slow, unless another
// file met the same certificate meanwhile.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CertIndex, derToPem } from '../../../../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../../../../src-main/core/certs/readBundle.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const { dir, cleanup } = tempDir('trustfix-index-');
afterAll(() => cleanup());
const root = readFileSync(new URL('../../../fixtures/misc/single-root.der', import.meta.url));

/** `count` distinct certificates: the root with its last four bytes (inside the signature, which
 * parsing does not check) numbered from `from`. */
function distinct(count: number, from = 0): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const der = Buffer.from(root);
    der.writeUInt32BE(from + i, der.length - 4);
    out.push(derToPem(der));
  }
  return out.join('');
}

describe('the certificate index', () => {
  it('parses an X509Certificate only when asked, once', () => {
    const index = new CertIndex();
    const fp = index.add(root)!;
    const entry = index.get(fp)!;
    expect(Object.values(entry).some((v) => v?.constructor?.name === 'X509Certificate')).toBe(false);
    expect(entry.record.isCA).toBe(true);
    expect(entry.x509.fingerprint256.replaceAll(':', '').toLowerCase()).toBe(fp);
    expect(entry.x509).toBe(entry.x509);
  });

  it('a file given up as too slow leaves none of its certificates behind', async () => {
    const index = new CertIndex();
    const reader = new BundleReader(index, { budgetMs: 1 });
    const file = join(dir, 'flood.pem');
    writeFileSync(file, distinct(5000));
    const read = await reader.read(file);
    expect(read).toMatchObject({ ok: false, failure: 'too-slow' });
    expect(index.size).toBe(0);
  });

  it('keeps a certificate another file met while the slow one was parsed', async () => {
    const index = new CertIndex();
    const reader = new BundleReader(index, { budgetMs: 500 });
    const shared = distinct(1, 999_999);
    const flood = join(dir, 'flood-shared.pem');
    const small = join(dir, 'small.pem');
    writeFileSync(flood, shared + distinct(20_000));
    writeFileSync(small, shared);
    // The flood brings the shared certificate first; the small file is read while the flood is still
    // being parsed (in turns) and meets it; then the flood is given up.
    let settled = false;
    const reading = reader.read(flood).finally(() => (settled = true));
    while (index.size < 10 && !settled) await new Promise((r) => setTimeout(r, 1));
    expect(settled, 'the flood was still being parsed').toBe(false);
    const one = await reader.read(small);
    const big = await reading;
    expect(big).toMatchObject({ ok: false, failure: 'too-slow' });
    expect(one.ok && one.bundle.fingerprints).toHaveLength(1);
    const fp = one.ok ? one.bundle.fingerprints[0]! : '';
    expect(index.get(fp)?.record.fingerprint).toBe(fp);
    expect(index.size).toBe(1);
  });

  it('a certificate taken back with a slow file is indexed again by a later file that holds it', async () => {
    // The reader remembers what each block's text came to (bodyMemo.ts); an answer whose certificate
    // the index has since let go must not be reused as if it were still there.
    const index = new CertIndex();
    const reader = new BundleReader(index, { budgetMs: 1 });
    const flood = join(dir, 'flood-again.pem');
    writeFileSync(flood, distinct(5000, 500_000));
    expect(await reader.read(flood)).toMatchObject({ ok: false, failure: 'too-slow' });
    expect(index.size).toBe(0);
    const later = join(dir, 'later.pem');
    writeFileSync(later, distinct(3, 500_000));
    const read = await reader.read(later);
    expect(read.ok && read.bundle.fingerprints).toHaveLength(3);
    const fps = read.ok ? read.bundle.fingerprints : [];
    for (const fp of fps) expect(index.record(fp).fingerprint).toBe(fp);
    expect(index.size).toBe(3);
  });

  it('a file judged in full keeps its certificates', async () => {
    const index = new CertIndex();
    const read = await new BundleReader(index).read(`${FIXTURES}certifi-2026.05.20.pem`);
    expect(read.ok && read.bundle.fingerprints.length).toBe(119);
    expect(index.size).toBe(119);
  });
});
