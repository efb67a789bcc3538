// Regenerates assets/trust/mozilla-root-history.json: every root that has appeared in a published
// Mozilla-derived bundle under test/fixtures/bundles (certifi releases, botocore, Debian, Node).
// TrustFix uses it to tell a public root Mozilla has since dropped ("removed") from a root the user
// added on purpose ("extra"), which a refresh must keep. Run with Node 24: node scripts/make-root-history.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { CertIndex } from '../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../src-main/core/certs/readBundle.ts';

const dir = new URL('../test/fixtures/bundles/', import.meta.url);
const index = new CertIndex();
const reader = new BundleReader(index);
const seen = new Map();
for (const file of readdirSync(dir).sort()) {
  const parsed = reader.parse(readFileSync(new URL(file, dir)));
  for (const fp of parsed.fingerprints) {
    const entry = seen.get(fp) ?? { name: index.record(fp).name, seenIn: [] };
    entry.seenIn.push(file.replace(/\.(pem|crt)$/, ''));
    seen.set(fp, entry);
  }
}
const out = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fingerprint, v]) => [fingerprint, v.name, v.seenIn.at(-1)]);
writeFileSync(new URL('../assets/trust/mozilla-root-history.json', import.meta.url), JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n[') + '\n');
console.log(`${out.length} roots`);
