// Windows lane 3: `point` read back by the real reg.exe. Wine's powershell.exe is a stub that exits 0
// and changes nothing (../shared/WINDOWS-LANE.md), exactly the PowerShell that must not be believed:
// TrustFix sets the variable through PowerShell, then reads HKCU\Environment back with reg.exe, and
// must fail and put back when the value is not there. The registry is checked from outside TrustFix
// with `reg query`. (The success path needs a PowerShell that works: no Windows program here can
// stand in for powershell.exe, so it is covered by test/unit/core/repair/planPoint.windows-verify.test.ts.)
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.ts';
import { json, layOnC, reg, toWin, trustfix } from './wine.ts';

const lane = inject('lane');
const REF = [
  '--reference',
  toWin(`${FIXTURES}certifi-2026.05.20.pem`),
  '--at',
  '2026-11-23',
  '--system-store',
  toWin(`${FIXTURES}debian12-ca-certificates.crt`),
];
const BUNDLE = 'C:\\lane\\point\\cacert.pem';

describe.skipIf(!!lane.skip)(
  lane.skip ? `Windows lane: point (skipped: ${lane.skip})` : 'Windows lane: point, read back by reg.exe',
  () => {
    beforeAll(() => {
      layOnC(lane, BUNDLE, readFileSync(`${FIXTURES}certifi-2026.05.20.pem`));
    });

    it('a PowerShell that changed nothing: not done, reg query finds no value, exit 1', async () => {
      expect((await reg(lane, ['query', 'HKCU\\Environment', '/v', 'SSL_CERT_FILE'])).exitCode).toBe(1);
      const r = await trustfix(lane, [
        'point',
        'SSL_CERT_FILE',
        BUNDLE,
        '--yes',
        '--json',
        '--data-dir',
        'C:\\lane\\data-point1',
        ...REF,
      ]);
      const out = json(r);
      expect(out.applied).toBe(false);
      expect(out.problems.map((p: { code: string }) => p.code)).toContain('repair:verify.variableNotSet');
      expect(r.exitCode).toBe(1);
      // Nothing was left behind in the registry.
      const q = await reg(lane, ['query', 'HKCU\\Environment', '/v', 'SSL_CERT_FILE']);
      expect(q.exitCode).toBe(1);
    });

    it('a value already there stays as it was, and TrustFix names it', async () => {
      expect(
        (
          await reg(lane, [
            'add',
            'HKCU\\Environment',
            '/v',
            'REQUESTS_CA_BUNDLE',
            '/t',
            'REG_SZ',
            '/d',
            'C:\\old\\ca.pem',
            '/f',
          ])
        ).exitCode,
      ).toBe(0);
      const r = await trustfix(lane, [
        'point',
        'REQUESTS_CA_BUNDLE',
        BUNDLE,
        '--yes',
        '--json',
        '--data-dir',
        'C:\\lane\\data-point2',
        ...REF,
      ]);
      const out = json(r);
      expect(out.applied).toBe(false);
      expect(out.problems).toContainEqual(expect.objectContaining({ code: 'repair:verify.variableUnchanged' }));
      expect(r.exitCode).toBe(1);
      const q = await reg(lane, ['query', 'HKCU\\Environment', '/v', 'REQUESTS_CA_BUNDLE']);
      expect(q.stdout).toMatch(/REQUESTS_CA_BUNDLE\s+REG_SZ\s+C:\\old\\ca\.pem/);
    });
  },
);
