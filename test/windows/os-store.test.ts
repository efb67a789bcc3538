// Windows lane 4: `os-store add` on a fresh data folder, and the refused elevation. The root's PEM goes
// into <data folder>\store\ (written by the user's own process: on a fresh data folder that folder
// does not exist yet: the first Wine bug was ENOENT there), then certutil -addstore needs the
// administrator. TrustFix asks through @vscode/sudo-prompt (PowerShell's Start-Process -Verb RunAs);
// Wine's PowerShell stub starts nothing, which sudo-prompt reads as "User did not grant permission":
// a refused prompt, for real, in the real code path. What the plan did before must be put back.
// A granted prompt: grantElevation (wine.ts) starts the elevated command as Windows would after a yes,
// and TrustFix's elevated verb runs as a Windows program with administrator rights.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.ts';
import { makePki } from '../helpers/pki.ts';
import { grantElevation, json, onC, toWin, trustfix, windowsEnv } from './wine.ts';

const lane = inject('lane');
const REF = [
  '--reference',
  toWin(`${FIXTURES}certifi-2026.05.20.pem`),
  '--at',
  '2026-11-23',
  '--system-store',
  toWin(`${FIXTURES}debian12-ca-certificates.crt`),
];

describe.skipIf(!!lane.skip)(
  lane.skip
    ? `Windows lane: os-store (skipped: ${lane.skip})`
    : 'Windows lane: os-store on a fresh data folder, elevation refused and granted',
  () => {
    let rootPem = '';
    beforeAll(() => {
      const pki = join(lane.dir, 'pki-store');
      mkdirSync(pki, { recursive: true });
      rootPem = makePki(pki, 'TrustFix Lane Store Root').rootPem;
    });

    it("writes the root's PEM into a fresh data folder, asks for the administrator, and puts everything back when refused", async () => {
      const data = 'C:\\lane\\fresh-data';
      expect(existsSync(onC(lane, data))).toBe(false);
      const r = await trustfix(lane, [
        'os-store',
        'add',
        toWin(rootPem),
        '--yes',
        '--json',
        '--data-dir',
        data,
        ...REF,
      ]);
      const out = json(r);
      expect(out.applied).toBe(false);
      // The failure is the refused prompt (then everything put back), not a missing folder (ENOENT)
      // before it.
      expect(out.problems.map((p: { code: string }) => p.code)).toEqual([
        'repair:elevation.refused',
        'repair:rolledBack',
      ]);
      expect(out.problems[0].params.detail).toMatch(/User did not grant permission/);
      expect(JSON.stringify(out.problems)).not.toMatch(/ENOENT/);
      expect(r.exitCode).toBe(1);
      // The root's PEM written into the data folder was taken back: no .pem is left anywhere in it.
      const left = readdirSync(onC(lane, data), { recursive: true }).map(String);
      expect(
        left.filter((f) => f.endsWith('.pem')),
        left.join('\n'),
      ).toEqual([]);
    });

    it("granted: the elevated TrustFix runs certutil, reads LocalMachine\\Root back, finds nothing (Wine's certutil is a stub), puts everything back", async () => {
      const data = 'C:\\lane\\fresh-data-granted';
      const admin = grantElevation(lane, onC(lane, (await windowsEnv(lane)).TEMP!));
      const r = await trustfix(lane, [
        'os-store',
        'add',
        toWin(rootPem),
        '--yes',
        '--json',
        '--data-dir',
        data,
        ...REF,
      ]).finally(admin.stop);
      // One prompt for the change, one for taking it back.
      expect(admin.granted).toHaveLength(2);
      const out = json(r);
      expect(out.applied).toBe(false);
      expect(out.problems.map((p: { code: string }) => p.code)).toEqual([
        'repair:verify.readBackFailed',
        'repair:rolledBack',
      ]);
      expect(out.problems[0].params.command).toMatch(/^powershell\.exe .*Cert:\\LocalMachine\\Root\\[0-9A-F]{40}/);
      expect(r.exitCode).toBe(1);
      const left = readdirSync(onC(lane, data), { recursive: true }).map(String);
      expect(
        left.filter((f) => f.endsWith('.pem')),
        left.join('\n'),
      ).toEqual([]);
    });

    it("granted refresh on a fresh data folder: store\\ is there before certutil runs; Wine's stubs write and import nothing, so it is not done", async () => {
      const data = 'C:\\lane\\fresh-data-refresh';
      const admin = grantElevation(lane, onC(lane, (await windowsEnv(lane)).TEMP!));
      const r = await trustfix(lane, ['os-store', 'refresh', '--yes', '--json', '--data-dir', data, ...REF]).finally(
        admin.stop,
      );
      expect(admin.granted).toHaveLength(1);
      const out = json(r);
      expect(JSON.stringify(out.problems)).not.toMatch(/ENOENT|cannot find the path/i);
      // The real certutil -generateSSTFromWU fails with 0x80070003 when this folder is missing (Wine's
      // stub does not): the folder is what the lane can see.
      expect(existsSync(onC(lane, `${data}\\store`))).toBe(true);
      // Read back: Wine's certutil exits 0 and writes no roots.sst, so nothing can be in LocalMachine\Root.
      expect(out.applied).toBe(false);
      expect(out.problems.map((p: { code: string }) => p.code)).toEqual([
        'repair:verify.refreshNoList',
        'repair:rolledBack',
      ]);
      expect(out.problems[0].params).toMatchObject({ path: `${data}\\store\\roots.sst`, store: 'LocalMachine\\Root' });
      expect(r.exitCode).toBe(1);
    });

    it("a data folder directly under the drive root (C:\\NAME) is TrustFix's data folder: its store\\ PEM is not refused as outside it", async () => {
      const data = 'C:\\tf-lane-rootdata';
      expect(existsSync(onC(lane, data))).toBe(false);
      const r = await trustfix(lane, [
        'os-store',
        'add',
        toWin(rootPem),
        '--yes',
        '--json',
        '--data-dir',
        data,
        ...REF,
      ]);
      const out = json(r);
      expect(JSON.stringify(out.problems)).not.toMatch(/outsideDataDir/);
      // It got as far as the administrator prompt, which Wine refuses, and was put back.
      expect(out.problems.map((p: { code: string }) => p.code)).toEqual([
        'repair:elevation.refused',
        'repair:rolledBack',
      ]);
    });
  },
);
