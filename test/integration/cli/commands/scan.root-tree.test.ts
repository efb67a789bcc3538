// `trustfix scan --root TREE --json` over the generated tree, run as an unprivileged user so the
// private folder really is unreadable: exact findings, owners, verdicts and discovery counts.
import { execa } from 'execa';
import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../../../src-main/core/bundles/scanReport.ts';
import { CLI, FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { makeTree, type TestTree } from '../../../helpers/discoverTree.ts';

const isRoot = process.getuid?.() === 0;
const hasRunuser = await execa('runuser', ['--help'], { reject: false }).then(
  (r) => r.exitCode === 0,
  () => false,
);
const canDropPrivileges = isRoot && hasRunuser;

let tree: TestTree;
beforeAll(() => {
  tree = makeTree();
});
afterAll(() => rmSync(tree.base, { recursive: true, force: true }));

const judgeArgs = [
  '--no-pythons',
  '--reference',
  `${FIXTURES}certifi-2026.05.20.pem`,
  '--system-store',
  `${FIXTURES}debian12-ca-certificates.crt`,
  '--at',
  '2026-06-01',
];

function rows(report: ScanReport, root: string): Array<[string, string, string, string]> {
  return report.bundles
    .map(
      (b) =>
        [
          relative(root, b.path).replace(/^links\/outside-again\//, 'links/outside/'),
          b.status,
          b.owner.kind,
          b.owner.version ?? '',
        ] as [string, string, string, string],
    )
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

const site = 'venvs/app/lib/python3.11/site-packages';
const EXPECTED: Array<[string, string, string, string]> = [
  ['Python27/Lib/site-packages/requests/cacert.pem', 'stale', 'requests', '2.10.0'],
  ['Zertifikate-äöü/证书/ca-bundle.crt', 'stale', 'unknown', ''],
  ['condawin/Library/ssl/cacert.pem', 'stale', 'conda', ''],
  // The link sorts before its target, so the one verdict carries the link's path; its owner comes from the target.
  ['links/ca-certificates.crt', 'stale', 'certifi', '2024.08.30'],
  ['links/outside/sdk/curl-ca-bundle.crt', 'stale', 'curl', ''],
  ['miniconda3/ssl/cacert.pem', 'stale', 'conda', ''],
  ['photos/cacert.pem', 'broken', 'unknown', ''],
  ['testca/cacert.pem', 'not-a-bundle', 'unknown', ''],
  ['usr/lib/python3/dist-packages/botocore/cacert.pem', 'stale', 'botocore', '1.43.11'],
  [`${site}/pip/_vendor/certifi/cacert.pem`, 'stale', 'pip', '23.0.1'],
  [`${site}/tool/.venv/lib/python3.12/site-packages/certifi/cacert.pem`, 'current', 'certifi', ''],
];

describe('scan --root over a generated tree', () => {
  it('as an unprivileged user: exact findings, the private folder counted as unreadable', async (ctx) => {
    ctx.skip(!canDropPrivileges, 'needs root and runuser to run the walk as nobody');
    const r = await execa(
      'runuser',
      ['-u', 'nobody', '--', process.execPath, CLI, 'scan', '--root', tree.root, '--json', ...judgeArgs],
      { reject: false, timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    const report = JSON.parse(String(r.stdout)) as ScanReport;
    expect(rows(report, tree.root)).toEqual(EXPECTED);
    const d = report.discovery!;
    expect(d.unreadable).toBe(1);
    expect(d.unreadableSample).toEqual([tree.unreadableDir]);
    expect(d.aborted).toBe(false);
    expect(d.accelerator).toBeNull(); // an explicit root is walked, never answered from an index
    expect(d.visited).toBeGreaterThan(30);
    expect(d.roots).toEqual([tree.root]);
    expect(d.venvs.map((v) => relative(tree.root, v)).sort()).toEqual([...tree.expectedVenvs].sort());
    const pip = report.bundles.find((b) => b.owner.kind === 'pip')!;
    expect(pip.owner.certifiVersion).toBe('2022.12.07');
    const link = report.bundles.find((b) => b.path.endsWith('links/ca-certificates.crt'))!;
    expect(link.realPath).toBe(`${tree.root}/${site}/certifi/cacert.pem`);
    expect(link.foundBy).toEqual(['walk']);
    expect(r.exitCode).toBe(1); // stale and broken bundles found
  });

  it('as the owner of the tree: the private folder is read too', async () => {
    const r = await trustfix(['scan', '--root', tree.root, '--json', ...judgeArgs]);
    const report = JSON.parse(r.stdout) as ScanReport;
    const paths = rows(report, tree.root).map((x) => x[0]);
    if (isRoot) {
      expect(report.discovery!.unreadable).toBe(0);
      // Same content as the venv's certifi: judged once per real file, but a different file.
      expect(paths).toContain('private/cacert.pem');
    }
    expect(paths).toEqual(expect.arrayContaining(EXPECTED.map((x) => x[0])));
  });

  it('prints a human summary of the search', async () => {
    const r = await trustfix(['scan', '--root', tree.root, ...judgeArgs]);
    expect(r.stdout).toMatch(/Searched \d+ folders in [\d.]+ s/);
    expect(r.stdout).toContain('requests 2.10.0');
  });
});
