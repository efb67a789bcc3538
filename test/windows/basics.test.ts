// Windows lane 0: what the other lane files stand on. The Windows node.exe runs as a win32 program on
// "Windows 10" (winecfg /v win10: Node 22 refuses older Windows), and `trustfix --version` through
// bin/trustfix.js runs the compiled CLI.
import { describe, expect, inject, it } from 'vitest';
import { trustfix, wine } from './wine.ts';

const lane = inject('lane');

describe.skipIf(!!lane.skip)(
  lane.skip ? `Windows lane: basics (skipped: ${lane.skip})` : 'Windows lane: node.exe under Wine',
  () => {
    it('is a win32 program on Windows 10, and TrustFix starts on it', async () => {
      const r = await wine(lane, lane.node, [
        '-p',
        '[process.platform, process.version, require("os").release()].join(" ")',
      ]);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^win32 v22\.\d+\.\d+ 10\.0\.\d+$/);
      const v = await trustfix(lane, ['--version']);
      expect(v.exitCode, v.stderr).toBe(0);
      expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    });
  },
);
