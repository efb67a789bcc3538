// Regenerates assets/trust/mozilla-root-history.json: every root that has appeared in a published
// Mozilla-derived bundle under test/fixtures/bundles (certifi releases, botocore, Debian, Node).
// TrustFix uses it to tell a public root Mozilla has since dropped ("removed") from a root the user
// added on purpose ("extra"), which a refresh must keep. Run with Node 24: node scripts/make-root-history.mjs
//
// Only published bytes count. The first copies of these fixtures came from a machine that had appended
// its own private CAs to its bundles, and this list took two of them for public roots (issue 11, item 9),
// so a refresh dropped them. Hence each input is named below with the SHA-256 of its published bytes and
// why it counts as published; the script refuses (exit 1) a file whose bytes differ (something appended),
// a file in the folder that is not listed, and any certificate that is not a self-issued CA.
// "In no other source" cannot be a rule: 9 genuine roots appear in one input only (old roots only
// botocore still carried, the newest only in certifi 2026.05.20); they are printed for review.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { CertIndex } from '../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../src-main/core/certs/readBundle.ts';

// All are Mozilla's root list, as repackaged by its users; SHA-256 of the file as published.
const SOURCES = [
  // certifi is Mozilla's list, extracted by its maintainers; the pip ones are pip/_vendor/certifi/cacert.pem
  // from pip's own wheels (the pyenv interpreters here carry these bytes plus an appended private CA).
  ['certifi-2016.02.28.pem', 'd54f2271b210cc646caa188617bee91493d61e2b2c752044b4a407f05015b5dd', 'certifi cacert.pem vendored by a cloud SDK'],
  ['certifi-2018.08.24.pem', '5c0fb81d506c3ab043e657e0f9bdcf894cc0bf051ddaa948cf05f2a483084463', "pip's vendored certifi (Python 3.6)"],
  ['certifi-2019.06.16.pem', '0dd74ebfba50c8c07cccd36089749216b3d59fb10df2a6deecfea1fc8632b9e9', "pip's vendored certifi (Python 2.7)"],
  ['certifi-2021.10.08.pem', 'fa883829ebb8cd2a602f9b21c1f85de24cf47949d520bceb1828b4cd1cb6906c', "pip's vendored certifi (Python 3.7)"],
  ['certifi-2022.12.07.pem', '2c11c3ce08ffc40d390319c72bc10d4f908e9c634494d65ed2cbc550731fd524', "pip's vendored certifi (Python 3.8-3.10, Debian's pip)"],
  ['certifi-2023.05.07.pem', 'b301535dca491d9814ea28faa320ac7a19d0f5d94237996fa0a3b5a936432514', "pip's vendored certifi (Python 3.11/3.12)"],
  ['certifi-2024.07.04.pem', '488ba960602bf07cc63f4ef7aec108692fec41820fc3328a8e3f3de038149aee', "pip's vendored certifi (Python 3.13)"],
  ['certifi-2024.08.30.pem', '94edeb66e91774fcae93a05650914e29096259a5c7e871a1f65d461ab5201b47', 'certifi 2024.08.30 from PyPI'],
  ['certifi-2026.05.20.pem', '7cef540c6af3bf0a3c7d0070bd3fd7aae34f8aa805b408d1c27a01c8aeb305df', 'certifi 2026.05.20 from PyPI'],
  // botocore ships its own copy of certifi's (Mozilla's) list.
  ['botocore-1.43.11.pem', 'ed93d6346236d4f0278f617f5245091f37d001806a49ce42ce0ad5bec858d28e', "botocore's cacert.pem from PyPI"],
  // Debian's ca-certificates package builds this file from Mozilla's certdata.txt (no local anchors).
  ['debian12-ca-certificates.crt', 'a3413a37a8e09cc21b2c11c9ffb23d92d2fc9d1933c9e7617f5c4fba4f72d37d', 'Debian 12 ca-certificates, generated from Mozilla certdata'],
  // Node compiles Mozilla's certdata.txt into its binary: tls.rootCertificates.
  ['node20-tls-rootCertificates.pem', '1ce54871c3e0e16c534d4cf464847113d55412fe48c3d5d881c600dd6932debd', 'tls.rootCertificates of Node 20.20'],
];

// A root from before X.509 v3 has no Basic Constraints, so it does not read as a CA; Mozilla listed it.
const V1_ROOTS = new Map([
  ['eb04cf5eb1f39afa762f2bb120f296cba520c1b97db1589565b81cb9a17b7244', 'VeriSign Class 3 Public Primary Certification Authority - G3'],
]);

const dir = new URL('../test/fixtures/bundles/', import.meta.url);
const problems = [];
const listed = new Set(SOURCES.map(([file]) => file));
for (const file of readdirSync(dir)) if (!listed.has(file)) problems.push(`${file}: not listed in SOURCES; say why it is published, with its SHA-256`);

const index = new CertIndex();
const reader = new BundleReader(index);
const seen = new Map();
for (const [file, sha256] of [...SOURCES].sort(([a], [b]) => a.localeCompare(b))) {
  const bytes = readFileSync(new URL(file, dir));
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) problems.push(`${file}: SHA-256 ${actual}, published ${sha256} (appended or edited?)`);
  for (const fp of reader.parse(bytes).fingerprints) {
    const r = index.record(fp);
    if (!r.selfIssued || !(r.isCA || V1_ROOTS.get(fp) === r.name)) problems.push(`${file}: ${r.name} ${fp} is not a root CA`);
    const entry = seen.get(fp) ?? { name: r.name, seenIn: [] };
    entry.seenIn.push(file.replace(/\.(pem|crt)$/, ''));
    seen.set(fp, entry);
  }
}
if (problems.length > 0) {
  console.error(`Refusing to write the root history:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
for (const [fp, v] of seen) if (v.seenIn.length === 1) console.log(`in one source only: ${v.name} (${v.seenIn[0]}) ${fp}`);
const out = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fingerprint, v]) => [fingerprint, v.name, v.seenIn.at(-1)]);
writeFileSync(new URL('../assets/trust/mozilla-root-history.json', import.meta.url), JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n[') + '\n');
console.log(`${out.length} roots`);
