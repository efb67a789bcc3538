// Safety rule 6, "never follow a link at write time". Between TrustFix's last check of a bundle and the
// rename onto it, the bundle's path is swapped for a symlink to a protected file (a copy of /etc/shadow
// in a private tmpfs, inside `unshare -m --propagation private`, so nothing of this machine is
// touched). The test-only pause (src-main/core/repair/testHooks.ts) puts the swap exactly in that
// window, every try. Before the fix the write followed the link and replaced the protected file
// (write-file-atomic resolves the target's real path just before writing): 12 of 12 tries.
// Now: 0 writes land on it; each run either refuses with a clear message or wrote the real bundle.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const TRIES = 6;
const DRIVER = fileURLToPath(new URL('../../../helpers/linkRace.ts', import.meta.url));
const dir = tempDirForFile('trustfix-race-');

interface TryResult {
  kind: 'append' | 'refresh';
  try: number;
  how: string;
  pauses: number;
  exitCode: number;
  stderr: string;
  protectedUnchanged: boolean;
  bundleIsFile: boolean;
  bundleSha: string | null;
  entryState: string | null;
  planned: string | null;
}

describe('a link swapped in right before the rename', () => {
  it(`is never written through (${TRIES} appends, ${TRIES} refreshes, as root in a private mount)`, async (t) => {
    if (process.getuid?.() !== 0) t.skip('needs root for unshare and a private tmpfs (CI runs as root)');
    mkdirSync(join(dir, 'pki'));
    const pki = makePki(join(dir, 'pki'), 'TrustFix Race Root');
    mkdirSync(join(dir, 'mnt'));
    const job = {
      mount: join(dir, 'mnt'),
      bin: BIN,
      fixture: `${FIXTURES}certifi-2024.08.30.pem`,
      reference: `${FIXTURES}certifi-2026.05.20.pem`,
      store: `${FIXTURES}debian12-ca-certificates.crt`,
      rootPem: pki.rootPem,
      tries: TRIES,
    };
    const run = await execa(
      'unshare',
      ['-m', '--propagation', 'private', '--', process.execPath, DRIVER, JSON.stringify(job)],
      { reject: false, timeout: 540_000 },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as TryResult[];
    expect(results).toHaveLength(2 * TRIES);
    const landed = results.filter((r) => !r.protectedUnchanged).length;
    const refused = results.filter((r) => r.exitCode !== 0).length;
    process.stdout.write(
      `link race: ${results.length} tries (${TRIES} append, ${TRIES} refresh), swap in the window every time; ${landed} writes landed on the protected file; ${refused} refused, ${results.length - refused} wrote the real bundle\n`,
    );
    // Both outcomes occur: a link renamed over the bundle is itself replaced (the bundle's name gets the
    // planned bytes); a bundle moved aside is noticed afterwards (its file was not the one replaced).
    expect(refused).toBeGreaterThan(0);
    expect(results.length - refused).toBeGreaterThan(0);
    for (const r of results) {
      const label = `${r.kind} try ${r.try} (${r.how}): exit ${r.exitCode} ${r.stderr}`;
      expect(r.pauses, label).toBeGreaterThan(0); // the swap really happened inside the window
      expect(r.protectedUnchanged, label).toBe(true);
      if (r.exitCode === 0) {
        // Written to the bundle's own name: a regular file with exactly the planned bytes.
        expect(r.bundleIsFile, label).toBe(true);
        expect(r.bundleSha, label).toBe(r.planned);
        expect(r.entryState, label).toBe('applied');
      } else {
        expect(r.stderr, label).toMatch(/was replaced .* while TrustFix was writing it/);
        expect(r.entryState, label).not.toBe('applied');
      }
    }
  }, 600_000);
});
