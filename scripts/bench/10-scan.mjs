// Judging (issue 16): `trustfix scan DIR --json` on the twelve published bundles against certifi
// 2026.05.20, whole process, beside the anchor: a short Python script using the `cryptography`
// package computing the same three counts per bundle (certificates, expired, missing by SHA-256).
// Both are measured interleaved in the same run (so background load hits both alike), the compile
// cache warm, uncached otherwise: a scan of named files keeps no results between processes. Aim:
// ratio <= 1.0. Beside it, the in-process part of ours (the report's timing.totalMs, and parseMs of
// it) so loading the CLI and the work itself can be told apart.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, measured, median, NO_TIME_NOTE } from '../lib/measured.mjs';
import { reportRow } from '../lib/row.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test/fixtures/bundles');
const reference = join(fixtures, 'certifi-2026.05.20.pem');

// Measure the built CLI, as users run it (bin/trustfix.js runs the sources when dist/ is stale).
spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: 'inherit' });
if (!hasGnuTime) console.log(NO_TIME_NOTE);

const cli = join(root, 'bin/trustfix.js');
const ourArgs = [
  cli,
  'scan',
  fixtures,
  '--json',
  '--reference',
  reference,
  '--at',
  '2026-11-23',
  '--system-store',
  join(fixtures, 'debian12-ca-certificates.crt'),
];

const anchorScript = join(tmpdir(), 'trustfix-bench-anchor.py');
writeFileSync(
  anchorScript,
  `import sys, datetime, warnings
warnings.simplefilter("ignore")
from cryptography import x509
from cryptography.hazmat.primitives import hashes
at = datetime.datetime(2026, 11, 23, tzinfo=datetime.timezone.utc)
load = lambda p: x509.load_pem_x509_certificates(open(p, "rb").read())
ref = {c.fingerprint(hashes.SHA256()) for c in load(sys.argv[1])}
for p in sorted(sys.argv[2:]):
    certs = load(p)
    fps = {c.fingerprint(hashes.SHA256()) for c in certs}
    print(p, len(certs), sum(1 for c in certs if c.not_valid_after_utc < at), len(ref - fps))
`,
);
const pythons = [
  join(homedir(), '.pyenv/versions/3.11.7/bin/python'),
  join(homedir(), '.pyenv/versions/3.13.0/bin/python'),
  '/usr/bin/python3',
];
const python = pythons.find(
  (p) =>
    existsSync(p) &&
    spawnSync(p, ['-c', 'from cryptography import x509; x509.load_pem_x509_certificates']).status === 0,
);
const files = readdirSync(fixtures).map((f) => join(fixtures, f));
const anchorArgs = [anchorScript, reference, ...files];

// Once each first: the compile cache and the disk cache filled, as any second run would find them.
measured(process.execPath, ourArgs);
if (python) measured(python, anchorArgs);
const ours = [];
const anchor = [];
for (let i = 0; i < RUNS; i++) {
  const r = measured(process.execPath, ourArgs);
  const timing = JSON.parse(r.stdout).timing;
  ours.push({ ms: r.ms, peakMb: r.peakMb, totalMs: timing.totalMs, parseMs: timing.parseMs });
  if (python) anchor.push(measured(python, anchorArgs));
}
const med = (rs, k) => median(rs.map((r) => r[k]));
const peak = (rs) => Math.max(...rs.map((r) => r.peakMb));
const oursMs = med(ours, 'ms');
console.log(
  `trustfix scan (12 fixture bundles), whole process, median of ${RUNS}: ${oursMs.toFixed(0)} ms, of it in-process work (timing.totalMs) ${med(ours, 'totalMs')} ms, parsing (parseMs) ${med(ours, 'parseMs')} ms; loading the CLI and exiting: about ${(oursMs - med(ours, 'totalMs')).toFixed(0)} ms`,
);
if (!python) console.log('anchor: no Python with the cryptography package here; ratio not measured');
const python311 = python && python.includes('3.11') ? 'Python 3.11 + cryptography' : `${python} + cryptography`;
reportRow({
  goal: 'judging: 12 bundles',
  ours: { label: 'trustfix scan --json', ms: oursMs, peakMb: peak(ours) },
  ...(python ? { anchor: { label: python311, ms: med(anchor, 'ms'), peakMb: peak(anchor) } } : {}),
  aim: { ratio: 1 },
  note: `(medians of ${RUNS} interleaved runs; uncached: named files are judged afresh each run; in-process ${med(ours, 'totalMs')} ms, parsing ${med(ours, 'parseMs')} ms)`,
});
