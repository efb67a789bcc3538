// The elevation command is built exactly (checked as arguments, never run); a refused prompt leaves
// the file untouched; the elevated verb checks its record again.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElevationCommand, exactCommand, type ElevationCommand } from '../../src-main/core/repair/elevation.ts';
import { elevatedApply } from '../../src-main/core/repair/elevatedApply.ts';
import { writeStep } from '../../src-main/core/repair/fileStep.ts';
import { Journal } from '../../src-main/core/repair/journal.ts';
import { identify } from '../../src-main/core/repair/pathGuard.ts';
import { FIXTURES } from '../helpers/cli.ts';
import { makePki } from '../helpers/pki.ts';
import { tempDir } from '../helpers/tmp.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('trustfix-elev-')));
afterAll(() => cleanup());

describe('the elevation command', () => {
  it('runs TrustFix itself with one narrow verb, every argument quoted (POSIX)', () => {
    const cmd = buildElevationCommand(['/opt/node24/bin/node', '/opt/trustfix/src-main/cli/main.ts'], '/home/ana/.local/share/TrustFix', '/home/ana/.local/share/TrustFix/journal/20261123-120000-ab12/elevated-0-0.json', 'linux');
    expect(cmd.argv).toEqual([
      '/opt/node24/bin/node',
      '/opt/trustfix/src-main/cli/main.ts',
      '--data-dir',
      '/home/ana/.local/share/TrustFix',
      'elevated-apply',
      '/home/ana/.local/share/TrustFix/journal/20261123-120000-ab12/elevated-0-0.json',
    ]);
    expect(cmd.commandLine).toBe(
      "'/opt/node24/bin/node' '/opt/trustfix/src-main/cli/main.ts' '--data-dir' '/home/ana/.local/share/TrustFix' 'elevated-apply' '/home/ana/.local/share/TrustFix/journal/20261123-120000-ab12/elevated-0-0.json'",
    );
  });

  it('quotes for Windows and refuses what a shell could misread', () => {
    const cmd = buildElevationCommand(['C:\\Program Files\\TrustFix\\TrustFix.exe'], 'C:\\Users\\李\\AppData\\Roaming\\TrustFix', 'C:\\Users\\李\\AppData\\Roaming\\TrustFix\\journal\\x\\elevated-0-0.json', 'win32');
    expect(cmd.commandLine).toBe('"C:\\Program Files\\TrustFix\\TrustFix.exe" "--data-dir" "C:\\Users\\李\\AppData\\Roaming\\TrustFix" "elevated-apply" "C:\\Users\\李\\AppData\\Roaming\\TrustFix\\journal\\x\\elevated-0-0.json"');
    expect(() => buildElevationCommand(['/usr/bin/node'], '/tmp/$(reboot)', '/tmp/r.json', 'linux')).toThrow(/refused\.unsafeForElevation/);
    expect(() => buildElevationCommand(['node.exe'], 'C:\\%PATH%', 'C:\\r.json', 'win32')).toThrow(/refused\.unsafeForElevation/);
    expect(exactCommand({ file: 'certutil.exe', args: ['-addstore', '-f', 'Root', 'C:\\d\\root.pem'] }, 'win32').commandLine).toBe('"certutil.exe" "-addstore" "-f" "Root" "C:\\d\\root.pem"');
  });

  it('a refused prompt leaves the file untouched; the record the elevated process gets is checked again', async () => {
    const bundle = join(dir, 'cacert.pem');
    copyFileSync(`${FIXTURES}certifi-2021.10.08.pem`, bundle);
    const before = await identify(bundle);
    const journal = new Journal(join(dir, 'data'));
    const entry = await journal.create('append', []);
    const seen: ElevationCommand[] = [];
    const pki = makePki(dir);
    const content = Buffer.concat([readFileSync(bundle), readFileSync(pki.rootPem)]);
    const change = { type: 'file' as const, path: bundle, realPath: bundle, before: before!.identity, after: null, verify: { kind: 'text' as const }, allowedAs: 'finding' as const };
    // A read-only folder: a normal user must go through the prompt. Root writes anyway, so as root
    // this test drives the elevated verb's own checks instead (the nobody test covers the prompt).
    chmodSync(dir, 0o555);
    const env = { journal, entry, self: ['/n', '/m.ts'], platform: 'linux' as const, elevate: async (c: ElevationCommand) => (seen.push(c), { ok: false as const, refused: true, detail: 'User did not grant permission.' }) };
    if (process.getuid?.() === 0) {
      const record = JSON.parse(JSON.stringify({ op: 'write-file', target: bundle, plannedRealPath: bundle, expectedSha256: before!.identity.sha256, purpose: 'append', allowedAs: 'finding' }));
      const contentFile = join(journal.entryDir(entry.id), 'c.bin');
      writeFileSync(contentFile, content);
      const sha = createHash('sha256').update(content).digest('hex');
      // A record whose content hash does not match is refused by the elevated process.
      writeFileSync(join(journal.entryDir(entry.id), 'bad.json'), JSON.stringify({ ...record, contentFile, contentSha256: '0'.repeat(64) }));
      await expect(elevatedApply(join(journal.entryDir(entry.id), 'bad.json'))).rejects.toThrow(/badRecord/);
      // A leaf (not a CA) smuggled into an append is refused.
      const leafContent = Buffer.concat([readFileSync(bundle), readFileSync(pki.leafPem)]);
      writeFileSync(contentFile, leafContent);
      writeFileSync(join(journal.entryDir(entry.id), 'leaf.json'), JSON.stringify({ ...record, contentFile, contentSha256: createHash('sha256').update(leafContent).digest('hex') }));
      await expect(elevatedApply(join(journal.entryDir(entry.id), 'leaf.json'))).rejects.toThrow(/notCa/);
      expect((await identify(bundle))!.identity.sha256).toBe(before!.identity.sha256);
      // The good record is applied, keeping mode and owner.
      writeFileSync(contentFile, content);
      writeFileSync(join(journal.entryDir(entry.id), 'good.json'), JSON.stringify({ ...record, contentFile, contentSha256: sha }));
      chmodSync(dir, 0o755);
      await elevatedApply(join(journal.entryDir(entry.id), 'good.json'));
      expect((await identify(bundle))!.identity.sha256).toBe(sha);
      expect((await identify(bundle))!.identity.mode).toBe(before!.identity.mode);
    } else {
      await expect(writeStep(env, change, content, before!.identity, 'append', '0-0')).rejects.toThrow(/elevation\.refused/);
      expect(seen[0]!.argv.slice(2, 4)).toEqual(['--data-dir', journal.dataDir]);
      expect((await identify(bundle))!.identity.sha256).toBe(before!.identity.sha256);
      chmodSync(dir, 0o755);
    }
  });
});

describe('the elevated verb through the Electron app binary', () => {
  it('starts the app binary with --trustfix-cli, then the verb (RunAsNode is fused off)', () => {
    const exe = 'C:\\Program Files\\TrustFix\\TrustFix.exe';
    const cmd = buildElevationCommand([exe, '--trustfix-cli'], 'C:\\Users\\me\\AppData\\Roaming\\TrustFix', 'C:\\Users\\me\\AppData\\Roaming\\TrustFix\\elevated-1-0.json', 'win32');
    expect(cmd.argv).toEqual([exe, '--trustfix-cli', '--data-dir', 'C:\\Users\\me\\AppData\\Roaming\\TrustFix', 'elevated-apply', 'C:\\Users\\me\\AppData\\Roaming\\TrustFix\\elevated-1-0.json']);
    expect(cmd.commandLine.startsWith(`"${exe}" "--trustfix-cli" "--data-dir"`)).toBe(true);
  });
});
