// Issue 14, macOS bounded: "where the Mac is managed, name the MDM route (a com.apple.security.root
// profile) beside `security add-trusted-cert`, which needs an administrator's password since macOS 11."
// `profiles status -type enrollment` is a fake here (a program in a folder this test owns) printing the
// documented lines (see platform/macManaged.ts for the sources), or hanging as on a slow managed Mac.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupI18n, say } from '../../../../src-main/cli/i18n.ts';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { createContext } from '../../../../src-main/core/context.ts';
import { msg } from '../../../../src-main/core/messages.ts';
import { darwinPlatformWith } from '../../../../src-main/core/platform/darwin.ts';
import { parseEnrollment } from '../../../../src-main/core/platform/macManaged.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { planOsStoreAdd } from '../../../../src-main/core/repair/planStore.ts';
import { sha256Hex } from '../../../../src-main/core/certs/record.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const MANAGED =
  'Enrolled via DEP: No\nMDM enrollment: Yes (User Approved)\nMDM server: https://mdm.example.com/mdm/ServerURL\n';
const UNMANAGED = 'Enrolled via DEP: No\nMDM enrollment: No\n';

let dir: string;
let cleanup: () => void;
let der: Buffer;
let n = 0;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-mac-managed-'));
  mkdirSync(join(dir, 'pki'));
  der = splitBundle(readFileSync(makePki(join(dir, 'pki')).rootPem)).ders[0]!;
});
afterAll(() => cleanup());

/** A fake `profiles` that prints `answer` for `status -type enrollment`, or hangs when `answer` is null. */
function fakeProfiles(answer: string | null): { security: string; profiles: string } {
  const bin = join(dir, `bin${++n}`);
  mkdirSync(bin);
  writeFileSync(join(bin, 'enrollment.txt'), answer ?? '');
  const body = answer === null ? 'exec sleep 60' : 'exec cat "$(dirname "$0")/enrollment.txt"';
  writeFileSync(join(bin, 'profiles'), `#!/bin/sh\n[ "$*" = "status -type enrollment" ] || exit 64\n${body}\n`);
  chmodSync(join(bin, 'profiles'), 0o755);
  return { security: join(bin, 'security'), profiles: join(bin, 'profiles') };
}

async function planFor(answer: string | null, budgetMs = 15_000) {
  const ctx = await createContext({ systemStoreFile: `${FIXTURES}debian12-ca-certificates.crt` });
  ctx.platform = darwinPlatformWith({ programs: fakeProfiles(answer), budgetMs });
  const sub = join(dir, `run${++n}`);
  mkdirSync(join(sub, 'home'), { recursive: true });
  const pc: PlanContext = {
    ctx,
    dataDir: join(sub, 'TrustFix'),
    findings: new Set(),
    who: 'test',
    now: new Date(),
    os: 'darwin',
    home: join(sub, 'home'),
  };
  return planOsStoreAdd(pc, der, 'root.pem', msg('repair:why.userOsStore'));
}

const codes = (notes: { code: string }[]): string[] => notes.map((m) => m.code);

describe('os-store add on a Mac', () => {
  it('on a managed Mac names the MDM route (com.apple.security.root) and the admin password, in English and Chinese', async () => {
    const action = await planFor(MANAGED);
    expect(codes(action.notes)).toEqual([
      'repair:note.neverDeletes',
      'repair:note.macAdminPassword',
      'repair:note.macManaged',
    ]);
    const managed = action.notes[2]!;
    expect(managed.params).toEqual({ evidence: 'MDM enrollment: Yes (User Approved)', fingerprint: sha256Hex(der) });
    // The commands are still the local route, beside the MDM one.
    expect(action.changes.some((c) => c.type === 'command' && c.run.args[0] === 'add-trusted-cert')).toBe(true);
    setupI18n('en');
    const en = action.notes.map(say).join('\n');
    expect(en).toContain('PayloadType com.apple.security.root');
    expect(en).toContain('configuration profile');
    expect(en).toContain("administrator's password");
    expect(en).toContain('macOS 11');
    expect(en).toContain(sha256Hex(der));
    setupI18n('zh-CN');
    const zh = action.notes.map(say).join('\n');
    expect(zh).toContain('com.apple.security.root');
    expect(zh).toContain('配置描述文件');
    expect(zh).toContain('管理员密码');
    setupI18n('en');
  });

  it('on a Mac that is not managed still says the admin password is needed, and no MDM', async () => {
    const action = await planFor(UNMANAGED);
    expect(codes(action.notes)).toEqual(['repair:note.neverDeletes', 'repair:note.macAdminPassword']);
  });

  it('time-boxes `profiles` and says when it could not tell', async () => {
    const started = Date.now();
    const action = await planFor(null, 700);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(action.notes.at(-1)).toEqual({ code: 'repair:note.macManagedUnknown.timeout', params: { seconds: 0.7 } });
  });
});

describe('profiles status -type enrollment, read', () => {
  it('is managed when either line says Yes, with that line as evidence', () => {
    expect(parseEnrollment(MANAGED)).toEqual({ state: 'managed', evidence: 'MDM enrollment: Yes (User Approved)' });
    expect(parseEnrollment('Enrolled via DEP: Yes\nMDM enrollment: Yes\n')).toEqual({
      state: 'managed',
      evidence: 'MDM enrollment: Yes',
    });
    expect(parseEnrollment('Enrolled via DEP: Yes\r\nMDM enrollment: No\r\n')).toEqual({
      state: 'managed',
      evidence: 'Enrolled via DEP: Yes',
    });
  });

  it('is not managed when the lines say No, and unknown when there are no such lines', () => {
    expect(parseEnrollment(UNMANAGED)).toEqual({ state: 'unmanaged' });
    expect(parseEnrollment('')).toEqual({ state: 'unknown', why: 'failed' });
    expect(parseEnrollment('profiles: unknown option\n')).toEqual({ state: 'unknown', why: 'failed' });
  });
});
