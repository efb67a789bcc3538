// `trustfix scan --json` is the per-machine report IT collects (issue 18): no person's home folder in
// it (every path under the home written `~/...`, in every section), ids that are the same for the same
// bundle, interpreter and client on any machine and in any run, and a `machine` block.
import { hostname, arch, release } from 'node:os';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFakeHome, scanWithHome } from '../../../helpers/fakeHomeScan.ts';
import { ROOT } from '../../../helpers/repoRoot.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

interface Report {
  schema: number;
  machine: Record<string, unknown>;
  bundles: Array<{ id: string; path: string; realPath: string }>;
  pythons: Array<{ id: string; executable: string; sitePackages: string[] }>;
  clients: Array<{ id: string; name: string; configFiles: Array<{ path: string }> }>;
  discovery: { cache: { file: string } };
}

const root = tempDirForFile('trustfix-portable-');
const homeA = join(root, 'a', 'home-of-ann');
const homeB = join(root, 'b', 'users', 'bob-the-second');
let runA1: { stdout: string; report: Report };
let runA2: Report;
let runB: Report;

const ids = (r: Report): string[] =>
  [
    ...r.bundles.map((b) => `${b.id} ${b.path}`),
    ...r.pythons.map((p) => `${p.id} ${p.executable}`),
    ...r.clients.map((c) => `${c.id} ${c.name}`),
  ].sort();

beforeAll(async () => {
  for (const home of [homeA, homeB]) {
    mkdirSync(home, { recursive: true });
    await makeFakeHome(home);
  }
  const [a1, a2, b] = await Promise.all([scanWithHome(homeA), scanWithHome(homeA), scanWithHome(homeB)]);
  for (const run of [a1, a2, b]) expect(run.stderr).toBe('');
  runA1 = { stdout: a1.stdout, report: JSON.parse(a1.stdout) as Report };
  runA2 = JSON.parse(a2.stdout) as Report;
  runB = JSON.parse(b.stdout) as Report;
}, 180_000);

describe('scan --json: the per-machine report', () => {
  it('never names the home folder: every path under it is written ~/...', () => {
    expect(runA1.stdout).not.toContain(homeA);
    expect(runA1.stdout).not.toContain('home-of-ann');
    const r = runA1.report;
    // Each section that holds paths under the home holds them as ~/...
    expect(r.bundles.map((b) => b.path)).toContain('~/.local/lib/python3.11/site-packages/certifi/cacert.pem');
    expect(r.bundles.map((b) => b.realPath)).toContain(
      '~/.virtualenvs/proj/lib/python3.11/site-packages/certifi/cacert.pem',
    );
    expect(r.pythons.map((p) => p.executable)).toContain('~/.virtualenvs/proj/bin/python3');
    expect(r.pythons.flatMap((p) => p.sitePackages)).toContain('~/.local/lib/python3.11/site-packages');
    expect(r.clients.find((c) => c.name === 'curl')?.configFiles.map((f) => f.path)).toContain('~/.curlrc');
    expect(r.discovery.cache.file).toBe('~/.local/share/trustfix/scan-cache.json');
    // Paths outside the home stay as they are.
    expect(r.bundles.map((b) => b.path)).toContain('/etc/ssl/certs/ca-certificates.crt');
  });

  it('gives the same ids to the same things under two different homes, and in two runs', () => {
    expect(ids(runA1.report).some((line) => line.includes('~/.virtualenvs/proj'))).toBe(true);
    expect(ids(runB)).toEqual(ids(runA1.report));
    expect(ids(runA2)).toEqual(ids(runA1.report));
  });

  it('says which machine, and no user name', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runA1.report.schema).toBe(2);
    expect(runA1.report.machine).toEqual({
      hostname: hostname(),
      os: process.platform,
      arch: arch(),
      release: release(),
      trustfixVersion: pkg.version,
    });
  });
});
