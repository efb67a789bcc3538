// Permissions: a bundle owned by root and not writable by an unprivileged user. Run as that user,
// the plan says elevation is needed and why; with elevation refused the file is untouched. The
// elevation command itself is checked as arguments (never run) in test/unit/core/repair/elevation.test.ts.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from '../../../helpers/cli.ts';
import { asNobody, canRunAsNobody } from '../../../helpers/nobody.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const dir = tempDirForFile('trustfix-perm-');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('a bundle this user cannot write', () => {
  it('plans with elevation and why; refused elevation leaves the file untouched', async (t) => {
    if (!canRunAsNobody()) t.skip('needs root to run the subject as nobody (runuser)');
    makePki(dir);
    chmodSync(join(dir, 'root.pem'), 0o644);
    const site = join(dir, 'site-packages', 'certifi');
    mkdirSync(site, { recursive: true });
    const bundle = join(site, 'cacert.pem');
    copyFileSync(`${FIXTURES}certifi-2022.12.07.pem`, bundle);
    chmodSync(bundle, 0o644); // root's, readable by all, writable by root only
    const data = join(dir, 'nobody-data');
    mkdirSync(data);
    chmodSync(data, 0o777);
    const before = sha(bundle);
    const args = [
      'append',
      '--to',
      bundle,
      join(dir, 'root.pem'),
      '--data-dir',
      data,
      '--reference',
      REF,
      '--system-store',
      STORE,
    ];

    const [file, plan] = asNobody(process.execPath, [CLI, ...args]);
    const planned = await execa(file, plan, { reject: false, timeout: 120_000 });
    expect(planned.exitCode, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('needs administrator');
    expect(planned.stdout).toContain(
      `${bundle} belongs to another user (usually the administrator) and this account cannot write it`,
    );

    const [file2, apply] = asNobody(process.execPath, [CLI, ...args, '--yes']);
    const refused = await execa(file2, apply, { reject: false, timeout: 120_000 });
    expect(refused.exitCode).toBe(1);
    // There is no pkexec/kdesudo here, so the OS prompt cannot be shown: that is a refusal.
    expect(refused.stderr).toMatch(/The system will now ask for an administrator's permission/);
    expect(refused.stderr).toMatch(
      /Administrator permission was not given; nothing was changed|The administrator step failed; nothing was changed/,
    );
    expect(sha(bundle)).toBe(before);
    expect(statSync(bundle).uid).toBe(0);
    expect(statSync(bundle).mode & 0o777).toBe(0o644);
  }, 300_000);
});
