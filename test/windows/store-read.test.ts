// Windows lane 7: the Windows root store, read for real. Wine's crypt32 builds its "Windows" root
// store from the host's /etc/ssl/certs/ca-certificates.crt when a process starts; the test puts its own
// CA into that store by bind-mounting a copy with the CA appended over the file inside a private
// mount namespace (unshare -m), never touching the real file, with the wineserver stopped before
// and after so no process of the other store is reused. TrustFix reads the store with Node's
// tls.getCACertificates('system') (platform/nativeStore.ts), so no --system-store here: `export`
// finds the test CA by fingerprint only when the store holds it.
import { X509Certificate, createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.ts';
import { makePki } from '../helpers/pki.ts';
import { HOST_CA_BUNDLE, json, onC, stopWineserver, toWin, trustfix } from './wine.ts';

const lane = inject('lane');
const REF = ['--reference', toWin(`${FIXTURES}certifi-2026.05.20.pem`), '--at', '2026-11-23'];
const canRun = !lane.skip && existsSync(HOST_CA_BUNDLE);
const why = lane.skip ?? `no ${HOST_CA_BUNDLE} on this machine for Wine to build its store from`;

describe.skipIf(!canRun)(
  canRun
    ? 'Windows lane: the Windows root store with a test CA present and absent'
    : `Windows lane: the store read (skipped: ${why})`,
  () => {
    let withCa = '';
    let fingerprint = '';
    beforeAll(async () => {
      const pki = join(lane.dir, 'pki-store-read');
      mkdirSync(pki, { recursive: true });
      const rootPem = makePki(pki, 'TrustFix Lane Windows Store Root').rootPem;
      fingerprint = createHash('sha256')
        .update(new X509Certificate(readFileSync(rootPem)).raw)
        .digest('hex');
      withCa = join(pki, 'ca-certificates-with-test-ca.crt');
      copyFileSync(HOST_CA_BUNDLE, withCa);
      writeFileSync(withCa, `\n${readFileSync(rootPem, 'utf8')}`, { flag: 'a' });
      await stopWineserver(lane);
    });
    afterAll(async () => {
      await stopWineserver(lane);
    });

    async function storeRead(hostCaBundle?: string) {
      const out = `C:\\lane\\store-read\\${hostCaBundle ? 'present' : 'absent'}.pem`;
      const opts = hostCaBundle ? { hostCaBundle } : {};
      mkdirSync(onC(lane, 'C:\\lane\\store-read'), { recursive: true });
      const scan = await trustfix(
        lane,
        ['scan', '--no-disk', '--no-pythons', '--no-clients', '--json', '--data-dir', 'C:\\lane\\data-store', ...REF],
        opts,
      );
      const exported = await trustfix(
        lane,
        ['export', fingerprint, '--out', out, '--yes', '--json', '--data-dir', 'C:\\lane\\data-store', ...REF],
        opts,
      );
      await stopWineserver(lane);
      return { store: json(scan).systemStore, exported, file: onC(lane, out) };
    }

    it('present: the store has one more root, and export writes exactly that CA to C:\\', async () => {
      const absent = await storeRead();
      const present = await storeRead(withCa);
      expect(present.store.source).toMatch(/^Windows certificate store/);
      expect(absent.store.certificates).toBeGreaterThan(100);
      expect(present.store.certificates).toBe(absent.store.certificates + 1);
      expect(json(present.exported).applied, present.exported.stderr).toBe(true);
      expect(
        createHash('sha256')
          .update(new X509Certificate(readFileSync(present.file)).raw)
          .digest('hex'),
      ).toBe(fingerprint);
      // Absent: the same fingerprint is not in the store, and nothing is written.
      expect(absent.exported.exitCode).not.toBe(0);
      expect(absent.exported.stderr + absent.exported.stdout).toContain(
        `No root in the OS store has the fingerprint ${fingerprint}`,
      );
      expect(existsSync(absent.file)).toBe(false);
    });
  },
);
