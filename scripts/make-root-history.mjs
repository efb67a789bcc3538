// Regenerates assets/trust/mozilla-root-history.json: every root that has appeared in a published
// Mozilla-derived bundle under test/fixtures/bundles and test/fixtures/runtime (certifi releases,
// botocore, Debian, Node), and
// when it entered Mozilla's list. TrustFix uses it to tell a public root Mozilla has since dropped
// ("removed") from a root the user added on purpose ("extra"), which a refresh must keep, and to say how
// old a missing root is (docs/staleness.md). Run with Node 24: node scripts/make-root-history.mjs
//
// Each row: [fingerprint, name, lastSeenIn, addedAt, addedFrom, removedAt, removedFrom]. `addedFrom` is
// either an NSS release ("NSS 3.126": the root entered Mozilla's list in that release, `addedAt` its
// release date, from NSS_ADDITIONS below) or the earliest dated copy that holds it ("certifi-2018.08.24":
// in Mozilla's list by that date at the latest); both null for a root only undated copies hold and no
// NSS entry names. `removedFrom` is the first dated copy, after the last dated one that holds the root,
// that lacks it (Mozilla had dropped it by `removedAt`); both null while the newest list holds it, or
// when no dated copy ever held it.
//
// Only published bytes count. The first copies of these fixtures came from a machine that had appended
// its own private CAs to its bundles, and this list took two of them for public roots,
// so a refresh dropped them. Hence each input is named below with the SHA-256 of its published bytes and
// why it counts as published; the script refuses (exit 1) a file whose bytes differ (something appended),
// a file in the folder that is not listed, and any certificate that is not a self-issued CA.
// "In no other source" cannot be a rule: 9 genuine roots appear in one input only (old roots only
// botocore still carried, the newest only in certifi 2026.05.20); they are printed for review.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { CertIndex } from '../src-main/core/certs/certIndex.ts';
import { BundleReader } from '../src-main/core/certs/readBundle.ts';

// All are Mozilla's root list, as repackaged by its users; SHA-256 of the file as published; the date
// the copy was made when it is known (a certifi version is its release date), else null: a vendored or
// packaged copy can be older than its package, and certifi-2016.02.28's contents are newer than its label.
const SOURCES = [
  // certifi is Mozilla's list, extracted by its maintainers; the pip ones are pip/_vendor/certifi/cacert.pem
  // from pip's own wheels (the pyenv interpreters here carry these bytes plus an appended private CA).
  [
    'bundles/certifi-2016.02.28.pem',
    'd54f2271b210cc646caa188617bee91493d61e2b2c752044b4a407f05015b5dd',
    'certifi cacert.pem vendored by a cloud SDK',
    null,
  ],
  [
    'bundles/certifi-2018.08.24.pem',
    '5c0fb81d506c3ab043e657e0f9bdcf894cc0bf051ddaa948cf05f2a483084463',
    "pip's vendored certifi (Python 3.6)",
    '2018-08-24',
  ],
  [
    'bundles/certifi-2019.06.16.pem',
    '0dd74ebfba50c8c07cccd36089749216b3d59fb10df2a6deecfea1fc8632b9e9',
    "pip's vendored certifi (Python 2.7)",
    '2019-06-16',
  ],
  [
    'bundles/certifi-2021.10.08.pem',
    'fa883829ebb8cd2a602f9b21c1f85de24cf47949d520bceb1828b4cd1cb6906c',
    "pip's vendored certifi (Python 3.7)",
    '2021-10-08',
  ],
  [
    'bundles/certifi-2022.12.07.pem',
    '2c11c3ce08ffc40d390319c72bc10d4f908e9c634494d65ed2cbc550731fd524',
    "pip's vendored certifi (Python 3.8-3.10, Debian's pip)",
    '2022-12-07',
  ],
  [
    'bundles/certifi-2023.05.07.pem',
    'b301535dca491d9814ea28faa320ac7a19d0f5d94237996fa0a3b5a936432514',
    "pip's vendored certifi (Python 3.11/3.12)",
    '2023-05-07',
  ],
  [
    'bundles/certifi-2024.07.04.pem',
    '488ba960602bf07cc63f4ef7aec108692fec41820fc3328a8e3f3de038149aee',
    "pip's vendored certifi (Python 3.13)",
    '2024-07-04',
  ],
  [
    'bundles/certifi-2024.08.30.pem',
    '94edeb66e91774fcae93a05650914e29096259a5c7e871a1f65d461ab5201b47',
    'certifi 2024.08.30 from PyPI',
    '2024-08-30',
  ],
  [
    'bundles/certifi-2026.05.20.pem',
    '7cef540c6af3bf0a3c7d0070bd3fd7aae34f8aa805b408d1c27a01c8aeb305df',
    'certifi 2026.05.20 from PyPI',
    '2026-05-20',
  ],
  // botocore ships its own copy of certifi's (Mozilla's) list.
  [
    'bundles/botocore-1.43.11.pem',
    'ed93d6346236d4f0278f617f5245091f37d001806a49ce42ce0ad5bec858d28e',
    "botocore's cacert.pem from PyPI",
    null,
  ],
  // Debian's ca-certificates package builds this file from Mozilla's certdata.txt (no local anchors).
  [
    'bundles/debian12-ca-certificates.crt',
    'a3413a37a8e09cc21b2c11c9ffb23d92d2fc9d1933c9e7617f5c4fba4f72d37d',
    'Debian 12 ca-certificates, generated from Mozilla certdata',
    null,
  ],
  // Node compiles Mozilla's certdata.txt into its binary: tls.rootCertificates.
  [
    'bundles/node20-tls-rootCertificates.pem',
    '1ce54871c3e0e16c534d4cf464847113d55412fe48c3d5d881c600dd6932debd',
    'tls.rootCertificates of Node 20.20',
    null,
  ],
  // The reference TrustFix's CLI judges with: tls.rootCertificates of Node 24.21.0, written as node20's
  // is (the PEMs joined by a newline, and a final newline). It is NSS 3.126's list (121 roots: its four
  // additions in, Atos TrustedRoot 2011 out; NSS 3.127 and 3.128 changed no server roots), so it is
  // dated by NSS 3.126's release.
  [
    'runtime/node24.21-tls-rootCertificates.pem',
    '1f20173c6c5bd4e836fbd5d025ec4eb7464e1521439cde2fea0aca3122c7a1a9',
    'tls.rootCertificates of Node 24.21.0',
    '2026-07-17',
  ],
];

// When Mozilla added the roots that no dated copy above pins closely (the newest certifi here is
// 2026.05.20, the one before it 2024.08.30): [NSS release, its release date, roots added, source].
// Sources: NSS's release notes (firefox/security/nss/doc/src/releases/nss_3_*.md) and Node's
// "crypto: update root certificates to NSS 3.x" commits, which list the certificates added.
const NSS_ADDITIONS = [
  [
    'NSS 3.108',
    '2025-02-03',
    ['D-TRUST BR Root CA 2 2023', 'D-TRUST EV Root CA 2 2023'],
    'https://github.com/nodejs/node/commit/323e3ac93c',
  ],
  [
    'NSS 3.114',
    '2025-07-17',
    ['TrustAsia TLS ECC Root CA', 'TrustAsia TLS RSA Root CA', 'SwissSign RSA TLS Root CA 2022 - 1'],
    'nss_3_114.md: Bug 1972391, Bug 1974511',
  ],
  ['NSS 3.117', '2025-10-03', ['OISTE Server Root ECC G1', 'OISTE Server Root RSA G1'], 'nss_3_117.md: Bug 1988913'],
  ['NSS 3.121', '2026-02-19', ['e-Szigno TLS Root CA 2023'], 'https://github.com/nodejs/node/commit/ac4b485698'],
  [
    'NSS 3.126',
    '2026-07-17',
    ['SECOM TLS RSA Root CA 2024', 'SECOM TLS ECC Root CA 2024', 'Telia EC TLS Root CA v3', 'Telia RSA TLS Root CA v3'],
    'nss_3_126.md: Bug 2047800, Bug 2047804',
  ],
];
// The newest list here: every root in it must get a date, or the history cannot say how old it is.
const NEWEST = 'runtime/node24.21-tls-rootCertificates.pem';

// A root from before X.509 v3 has no Basic Constraints, so it does not read as a CA; Mozilla listed it.
const V1_ROOTS = new Map([
  [
    'eb04cf5eb1f39afa762f2bb120f296cba520c1b97db1589565b81cb9a17b7244',
    'VeriSign Class 3 Public Primary Certification Authority - G3',
  ],
]);

// Inputs are named relative to test/fixtures: bundles/ (what `scan` tests judge) and runtime/ (the
// reference lists of runtimes, kept apart so tests that scan bundles/ see the same files as before).
const dir = new URL('../test/fixtures/', import.meta.url);
const problems = [];
const listed = new Set(SOURCES.map(([file]) => file));
for (const folder of ['bundles', 'runtime']) {
  for (const file of readdirSync(new URL(`${folder}/`, dir))) {
    if (!listed.has(`${folder}/${file}`))
      problems.push(`${folder}/${file}: not listed in SOURCES; say why it is published, with its SHA-256`);
  }
}
const label = (file) => file.replace(/^.*\//, '').replace(/\.(pem|crt)$/, '');

const index = new CertIndex();
const reader = new BundleReader(index);
const seen = new Map();
const dated = SOURCES.filter(([, , , date]) => date).sort(([, , , a], [, , , b]) => a.localeCompare(b));
for (const [file, sha256] of [...SOURCES].sort(([a], [b]) => a.localeCompare(b))) {
  const bytes = readFileSync(new URL(file, dir));
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) problems.push(`${file}: SHA-256 ${actual}, published ${sha256} (appended or edited?)`);
  for (const fp of reader.parse(bytes).fingerprints) {
    const r = index.record(fp);
    if (!r.selfIssued || !(r.isCA || V1_ROOTS.get(fp) === r.name))
      problems.push(`${file}: ${r.name} ${fp} is not a root CA`);
    const entry = seen.get(fp) ?? { name: r.name, seenIn: [], files: new Set() };
    entry.seenIn.push(label(file));
    entry.files.add(file);
    seen.set(fp, entry);
  }
}
// When each root was added: its NSS release if listed, else the earliest dated copy that holds it. An
// NSS date must agree with the dated copies: none made before it holds the root, all made after it
// (while the root is still in the newest list) do.
const added = new Map();
for (const [release, date, names, source] of NSS_ADDITIONS) {
  for (const name of names) {
    const fps = [...seen].filter(([, v]) => v.name === name).map(([fp]) => fp);
    if (fps.length !== 1) problems.push(`${release} (${source}): "${name}" matches ${fps.length} root(s), not one`);
    for (const fp of fps) {
      const { files } = seen.get(fp);
      for (const [file, , , copyDate] of dated) {
        if (copyDate < date && files.has(file)) problems.push(`${release} ${date}: ${name} is already in ${file}`);
        if (copyDate >= date && !files.has(file))
          problems.push(`${release} ${date}: ${name} is not in ${file}, made after it`);
      }
      added.set(fp, [date, release]);
    }
  }
}
for (const [fp, v] of seen) {
  if (added.has(fp)) continue;
  const first = dated.find(([file]) => v.files.has(file));
  if (first) added.set(fp, [first[3], label(first[0])]);
  else if (v.files.has(NEWEST))
    problems.push(`${v.name} ${fp}: in ${NEWEST} but in no dated copy and no NSS_ADDITIONS entry`);
}
// When Mozilla dropped a root no longer in the newest list.
const removed = new Map();
for (const [fp, v] of seen) {
  if (v.files.has(NEWEST)) continue;
  const lastHeld = dated.findLastIndex(([file]) => v.files.has(file));
  if (lastHeld < 0) continue; // only undated copies hold it: when it left (or whether it was ever listed) is unknown
  const gone = dated.slice(lastHeld + 1).find(([file]) => !v.files.has(file));
  if (gone) removed.set(fp, [gone[3], label(gone[0])]);
}
if (problems.length > 0) {
  console.error(`Refusing to write the root history:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
for (const [fp, v] of seen)
  if (v.seenIn.length === 1) console.log(`in one source only: ${v.name} (${v.seenIn[0]}) ${fp}`);
const out = [...seen.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([fingerprint, v]) => [
    fingerprint,
    v.name,
    v.seenIn.at(-1),
    ...(added.get(fingerprint) ?? [null, null]),
    ...(removed.get(fingerprint) ?? [null, null]),
  ]);
writeFileSync(
  new URL('../assets/trust/mozilla-root-history.json', import.meta.url),
  JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n[') + '\n',
);
console.log(`${out.length} roots`);
