// Windows lane 1: the known places, found by TrustFix running as a Windows program. Real published
// bundles (test/fixtures/bundles, byte for byte) are laid where each installer puts them on C:
// (src-main/core/bundles/discover/knownPlaces.ts names the folders and their sources), and
// `scan --no-disk --json` must find each one, say who owns it, and judge it with the counts measured
// on Linux (test/fixtures/README.md) against certifi 2026.05.20 on 2026-11-23.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.ts';
import { json, layOnC, toWin, trustfix, windowsEnv } from './wine.ts';

const lane = inject('lane');
const REF = [
  '--reference',
  toWin(`${FIXTURES}certifi-2026.05.20.pem`),
  '--at',
  '2026-11-23',
  '--system-store',
  toWin(`${FIXTURES}debian12-ca-certificates.crt`),
];

/** Where each installer leaves a bundle (Windows paths, from the prefix's own folders), and which
 * published bundle stands there. */
function places(env: Record<string, string>): Array<{ path: string; fixture: string; owner: string; what: string }> {
  const local = env.LOCALAPPDATA!;
  const home = env.USERPROFILE!;
  const pf = env.ProgramFiles!;
  return [
    {
      what: "Git for Windows' bundle",
      path: `${pf}\\Git\\mingw64\\etc\\ssl\\certs\\ca-bundle.crt`,
      fixture: 'certifi-2024.08.30.pem',
      owner: 'git',
    },
    {
      what: 'python.org, per user: certifi',
      path: `${local}\\Programs\\Python\\Python312\\Lib\\site-packages\\certifi\\cacert.pem`,
      fixture: 'certifi-2024.07.04.pem',
      owner: 'certifi',
    },
    {
      what: "python.org, per user: pip's vendored certifi",
      path: `${local}\\Programs\\Python\\Python312\\Lib\\site-packages\\pip\\_vendor\\certifi\\cacert.pem`,
      fixture: 'certifi-2023.05.07.pem',
      owner: 'pip',
    },
    {
      what: "python.org, all users: pip's vendored certifi",
      path: `${pf}\\Python311\\Lib\\site-packages\\pip\\_vendor\\certifi\\cacert.pem`,
      fixture: 'certifi-2022.12.07.pem',
      owner: 'pip',
    },
    {
      what: 'python.org, all users: botocore',
      path: `${pf}\\Python311\\Lib\\site-packages\\botocore\\cacert.pem`,
      fixture: 'botocore-1.43.11.pem',
      owner: 'botocore',
    },
    {
      what: "the Store Python's user packages",
      path: `${local}\\Packages\\PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0\\LocalCache\\local-packages\\Python312\\site-packages\\certifi\\cacert.pem`,
      fixture: 'certifi-2021.10.08.pem',
      owner: 'certifi',
    },
    {
      what: "conda's Library\\ssl",
      path: `${home}\\miniconda3\\Library\\ssl\\cacert.pem`,
      fixture: 'certifi-2026.05.20.pem',
      owner: 'conda',
    },
    {
      what: 'pyenv-win',
      path: `${home}\\.pyenv\\pyenv-win\\versions\\3.10.11\\Lib\\site-packages\\certifi\\cacert.pem`,
      fixture: 'certifi-2019.06.16.pem',
      owner: 'certifi',
    },
  ];
}

// certificates, expired, missing vs certifi 2026.05.20 (test/fixtures/README.md, corrected counts).
const COUNTS: Record<string, [number, number, number]> = {
  'certifi-2024.08.30.pem': [151, 1, 8],
  'certifi-2024.07.04.pem': [147, 1, 12],
  'certifi-2023.05.07.pem': [139, 4, 22],
  'certifi-2022.12.07.pem': [137, 4, 24],
  'botocore-1.43.11.pem': [127, 16, 65],
  'certifi-2021.10.08.pem': [131, 8, 41],
  'certifi-2026.05.20.pem': [119, 0, 0],
  'certifi-2019.06.16.pem': [138, 16, 55],
};

describe.skipIf(!!lane.skip)(
  lane.skip ? `Windows lane: known places (skipped: ${lane.skip})` : 'Windows lane: known places on C:',
  () => {
    let laid: ReturnType<typeof places> = [];
    let home = '';
    beforeAll(async () => {
      const env = await windowsEnv(lane);
      home = env.USERPROFILE!;
      laid = places(env);
      for (const p of laid) layOnC(lane, p.path, readFileSync(`${FIXTURES}${p.fixture}`));
    });

    it("scan --no-disk finds every installer's bundle, names its owner and judges it as on Linux", async () => {
      const r = await trustfix(lane, [
        'scan',
        '--no-disk',
        '--no-pythons',
        '--no-clients',
        '--json',
        '--data-dir',
        'C:\\lane\\data-scan',
        ...REF,
      ]);
      expect(r.stderr).toBe('');
      const report = json(r);
      expect(report.reference).toMatchObject({ origin: 'file', certificates: 119 });
      const byPath = new Map<string, any>(report.bundles.map((b: any) => [String(b.path).toLowerCase(), b]));
      for (const p of laid) {
        // scan --json is the per-machine report: paths under the home are written `~\...` (docs/fleet.md).
        const underHome = p.path.toLowerCase().startsWith(`${home.toLowerCase()}\\`);
        const b = byPath.get((underHome ? `~${p.path.slice(home.length)}` : p.path).toLowerCase());
        expect(b, `${p.what}: ${p.path} not found; found: ${[...byPath.keys()].join(', ')}`).toBeDefined();
        const [certificates, expired, missing] = COUNTS[p.fixture]!;
        expect({
          what: p.what,
          owner: b.owner.kind,
          certificates: b.certificates,
          expired: b.expired,
          missing: b.missing,
          status: b.status,
        }).toEqual({
          what: p.what,
          owner: p.owner,
          certificates,
          expired,
          missing,
          status: missing === 0 && expired === 0 ? 'current' : 'stale',
        });
      }
      expect(r.exitCode).toBe(1); // stale bundles are problems found
    });
  },
);
