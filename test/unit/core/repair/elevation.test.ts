// The elevation command is built exactly (checked as arguments, never run). The elevated verb itself
// is tested in test/unit/core/repair/elevatedApply.batch.test.ts, the one prompt per plan in
// test/integration/core/repair/elevation.once.test.ts.
import { describe, expect, it } from 'vitest';
import { buildElevationCommand } from '../../../../src-main/core/repair/elevation.ts';

describe('the elevation command', () => {
  it('runs TrustFix itself with one narrow verb, every argument quoted (POSIX)', () => {
    const cmd = buildElevationCommand(
      ['/opt/node24/bin/node', '/opt/trustfix/src-main/cli/main.ts'],
      '/home/ana/.local/share/TrustFix',
      '/home/ana/.local/share/TrustFix/journal/20261123-120000-ab12/elevated-apply.json',
      'linux',
    );
    expect(cmd.argv).toEqual([
      '/opt/node24/bin/node',
      '/opt/trustfix/src-main/cli/main.ts',
      '--data-dir',
      '/home/ana/.local/share/TrustFix',
      'elevated-apply',
      '/home/ana/.local/share/TrustFix/journal/20261123-120000-ab12/elevated-apply.json',
    ]);
    expect(cmd.commandLine).toBe(
      "'/opt/node24/bin/node' '/opt/trustfix/src-main/cli/main.ts' '--data-dir' '/home/ana/.local/share/TrustFix' 'elevated-apply' '/home/ana/.local/share/TrustFix/journal/20261123-120000-ab12/elevated-apply.json'",
    );
  });

  it('quotes for Windows and refuses what a shell could misread', () => {
    const cmd = buildElevationCommand(
      ['C:\\Program Files\\TrustFix\\TrustFix.exe'],
      'C:\\Users\\李\\AppData\\Roaming\\TrustFix',
      'C:\\Users\\李\\AppData\\Roaming\\TrustFix\\journal\\x\\elevated-apply.json',
      'win32',
    );
    expect(cmd.commandLine).toBe(
      '"C:\\Program Files\\TrustFix\\TrustFix.exe" "--data-dir" "C:\\Users\\李\\AppData\\Roaming\\TrustFix" "elevated-apply" "C:\\Users\\李\\AppData\\Roaming\\TrustFix\\journal\\x\\elevated-apply.json"',
    );
    expect(() => buildElevationCommand(['/usr/bin/node'], '/tmp/$(reboot)', '/tmp/r.json', 'linux')).toThrow(
      /refused\.unsafeForElevation/,
    );
    expect(() => buildElevationCommand(['node.exe'], 'C:\\%PATH%', 'C:\\r.json', 'win32')).toThrow(
      /refused\.unsafeForElevation/,
    );
  });
});

describe('the elevated verb through the Electron app binary', () => {
  it('starts the app binary with --trustfix-cli, then the verb (RunAsNode is fused off)', () => {
    const exe = 'C:\\Program Files\\TrustFix\\TrustFix.exe';
    const cmd = buildElevationCommand(
      [exe, '--trustfix-cli'],
      'C:\\Users\\me\\AppData\\Roaming\\TrustFix',
      'C:\\Users\\me\\AppData\\Roaming\\TrustFix\\elevated-apply.json',
      'win32',
    );
    expect(cmd.argv).toEqual([
      exe,
      '--trustfix-cli',
      '--data-dir',
      'C:\\Users\\me\\AppData\\Roaming\\TrustFix',
      'elevated-apply',
      'C:\\Users\\me\\AppData\\Roaming\\TrustFix\\elevated-apply.json',
    ]);
    expect(cmd.commandLine.startsWith(`"${exe}" "--trustfix-cli" "--data-dir"`)).toBe(true);
  });
});
