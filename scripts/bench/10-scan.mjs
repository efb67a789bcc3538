// Issue 3's benchmark: judge the twelve fixture bundles against certifi 2026.05.20, whole process
// from a cold start, side by side with the anchor: a short Python script using the `cryptography`
// package computing the same three counts (certificates, expired, missing). Peak memory of each
// process beside its time (GNU time, scripts/lib/measured.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, measured, median, NO_TIME_NOTE } from '../lib/measured.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test/fixtures/bundles');
const reference = join(fixtures, 'certifi-2026.05.20.pem');
const RUNS = 9;

const time = measured;

// Measure the built CLI, as users run it (bin/trustfix.js runs the sources when dist/ is stale).
spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: 'inherit' });

const cli = join(root, 'bin/trustfix.js');
const args = [cli, 'scan', fixtures, '--json', '--reference', reference, '--at', '2026-11-23', '--system-store', join(fixtures, 'debian12-ca-certificates.crt')];
time(process.execPath, args); // fill the compile cache, as any second run of the CLI would find it
const runs = [];
const peaks = [];
let parseMs = [];
for (let i = 0; i < RUNS; i++) {
  const r = time(process.execPath, args);
  runs.push(r.ms);
  peaks.push(r.peakMb);
  parseMs.push(JSON.parse(r.stdout).timing.parseMs);
}

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
const pythons = [join(homedir(), '.pyenv/versions/3.13.0/bin/python'), join(homedir(), '.pyenv/versions/3.11.7/bin/python'), '/usr/bin/python3'];
const python = pythons.find((p) => existsSync(p) && spawnSync(p, ['-c', 'from cryptography import x509; x509.load_pem_x509_certificates']).status === 0);
const files = readdirSync(fixtures).map((f) => join(fixtures, f));
let anchor;
let anchorPeak;
if (python) {
  time(python, [anchorScript, reference, ...files]);
  const a = [];
  const p = [];
  for (let i = 0; i < RUNS; i++) {
    const r = time(python, [anchorScript, reference, ...files]);
    a.push(r.ms);
    p.push(r.peakMb);
  }
  anchor = median(a);
  anchorPeak = Math.max(...p);
}
const ours = median(runs);
if (!hasGnuTime) console.log(NO_TIME_NOTE);
console.log(`trustfix scan (12 fixture bundles), whole process, median of ${RUNS}: ${ours.toFixed(0)} ms (parsing ${median(parseMs)} ms), peak ${Math.max(...peaks).toFixed(0)} MB`);
if (anchor) {
  console.log(`anchor: ${python} + cryptography, same three counts, median of ${RUNS}: ${anchor.toFixed(0)} ms, peak ${anchorPeak.toFixed(0)} MB`);
  console.log(`ratio trustfix / anchor: ${(ours / anchor).toFixed(2)} (aim <= 1.00)`);
} else {
  console.log('anchor: no Python with the cryptography package here; ratio not measured');
}
