// Windows lane 5: export, append, refresh and undo on C:\ paths, byte for byte. The files are read
// from the Linux side (the prefix's drive_c), hashed before and after: TrustFix's atomic write,
// backups and journal run on Windows' file semantics (no O_NOFOLLOW, MoveFileEx, CRLF-agnostic).
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.ts';
import { makePki } from '../helpers/pki.ts';
import { json, layOnC, onC, toWin, trustfix } from './wine.ts';

const lane = inject('lane');
const REF = [
  '--reference',
  toWin(`${FIXTURES}certifi-2026.05.20.pem`),
  '--at',
  '2026-11-23',
  '--system-store',
  toWin(`${FIXTURES}debian12-ca-certificates.crt`),
];
const DATA = ['--data-dir', 'C:\\lane\\data-edit'];
const BUNDLE = 'C:\\lane\\edit\\Lib\\site-packages\\certifi\\cacert.pem';
// ISRG Root X1, in Debian 12's list (the store named by --system-store).
const ISRG = '96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(!!lane.skip)(
  lane.skip
    ? `Windows lane: export/append/refresh/undo (skipped: ${lane.skip})`
    : 'Windows lane: export, append, refresh, undo on C:\\',
  () => {
    let rootPem = '';
    let original = '';
    beforeAll(() => {
      const pki = join(lane.dir, 'pki-edit');
      mkdirSync(pki, { recursive: true });
      rootPem = makePki(pki, 'TrustFix Lane Private Root').rootPem;
      layOnC(lane, BUNDLE, readFileSync(`${FIXTURES}certifi-2024.07.04.pem`));
      original = sha(onC(lane, BUNDLE));
    });

    it('export writes the store root to a new file in a C:\\ folder', async () => {
      const out = 'C:\\lane\\exported\\isrg.pem';
      mkdirSync(onC(lane, 'C:\\lane\\exported'), { recursive: true }); // a folder the user picked (export makes none, on any OS)
      const r = await trustfix(lane, ['export', ISRG, '--out', out, '--yes', '--json', ...DATA, ...REF]);
      expect(json(r).applied, r.stdout + r.stderr).toBe(true);
      expect(new X509Certificate(readFileSync(onC(lane, out))).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(
        ISRG,
      );
    });

    it('export into a C:\\ folder that does not exist is refused, naming the folder (no raw ENOENT)', async () => {
      const r = await trustfix(lane, [
        'export',
        ISRG,
        '--out',
        'C:\\lane\\no-such-folder\\isrg.pem',
        '--yes',
        '--lang',
        'en',
        ...DATA,
        ...REF,
      ]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toContain('the folder C:\\lane\\no-such-folder does not exist');
      expect(r.stdout + r.stderr).not.toMatch(/ENOENT/);
      expect(existsSync(onC(lane, 'C:\\lane\\no-such-folder'))).toBe(false);
    });

    it('append, then refresh, then undo both: the bundle is back byte for byte', async () => {
      const a = await trustfix(lane, ['append', toWin(rootPem), '--to', BUNDLE, '--yes', '--json', ...DATA, ...REF]);
      const appended = json(a);
      expect(appended.applied, JSON.stringify(appended.problems) + a.stderr).toBe(true);
      const afterAppend = readFileSync(onC(lane, BUNDLE), 'utf8');
      expect(afterAppend).toContain(readFileSync(rootPem, 'utf8').trim().split('\n')[1]);

      const f = await trustfix(lane, ['refresh', BUNDLE, '--yes', '--json', ...DATA, ...REF]);
      const refreshed = json(f);
      expect(refreshed.applied, JSON.stringify(refreshed.problems) + f.stderr).toBe(true);
      const afterRefresh = readFileSync(onC(lane, BUNDLE), 'utf8');
      // The reference's 119 roots, and the private root appended before is kept.
      expect(afterRefresh.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(120);
      expect(afterRefresh).toContain(readFileSync(rootPem, 'utf8').trim().split('\n')[1]);

      for (const entry of [refreshed.entry, appended.entry]) {
        const u = await trustfix(lane, ['undo', String(entry), '--yes', ...DATA]);
        expect(u.exitCode, u.stdout + u.stderr).toBe(0);
      }
      expect(sha(onC(lane, BUNDLE))).toBe(original);
    });
  },
);
