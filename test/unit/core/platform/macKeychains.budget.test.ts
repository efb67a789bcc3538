// Issue 14, macOS bounded: "Keychain reads can take 10 s on managed Macs: time-box them and say so."
// The macOS backend is run here on Linux. Node's in-process read (tls.getCACertificates('system'),
// synchronous) is made slow by a mock, as it is on a managed Mac; `security` and the native read's
// task are fakes: programs in a folder this test owns, a task that never ends. Budgets are short
// (TRUSTFIX_KEYCHAIN_BUDGET_MS's job in real use); the time bounds asserted are generous.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupI18n, say } from '../../../../src-main/cli/i18n.ts';
import { createContext } from '../../../../src-main/core/context.ts';
import { darwinPlatform, darwinPlatformWith } from '../../../../src-main/core/platform/darwin.ts';
import { keychainBudgetMs, KEYCHAIN_BUDGET_MS, MAC_PROGRAMS } from '../../../../src-main/core/platform/macKeychains.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

/** How long the mocked in-process read blocks: a managed Mac's 10 s, shortened. */
const NATIVE_BLOCK_MS = 4000;
const GENEROUS_MS = 20_000;

vi.mock('node:tls', async (importOriginal) => {
  const tls = await importOriginal<typeof import('node:tls')>();
  return {
    ...tls,
    getCACertificates: (type?: string) => {
      if (type !== 'system') return tls.getCACertificates(type as 'default');
      const until = Date.now() + NATIVE_BLOCK_MS; // synchronous, as Security.framework's evaluation is
      while (Date.now() < until);
      return [];
    },
  };
});

const SECURITY = `#!/bin/sh
# Fake /usr/bin/security: find-certificate -a -p KEYCHAIN prints that keychain's PEM file; a keychain
# listed in slow.txt prints its certificates and then hangs, as on a managed Mac.
here=$(dirname "$0")
printf '%s\\n' "$*" >> "$here/calls.log"
[ "$1 $2 $3" = "find-certificate -a -p" ] || exit 64
name=$(basename "$4" .keychain)
[ -f "$here/$name.pem" ] && cat "$here/$name.pem"
grep -qx "$4" "$here/slow.txt" 2>/dev/null && exec sleep 60
exit 0
`;

let dir: string;
let cleanup: () => void;
let rootPem: string;
let n = 0;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-mac-keychain-'));
  mkdirSync(join(dir, 'pki'));
  rootPem = readFileSync(makePki(join(dir, 'pki')).rootPem, 'utf8');
});
afterAll(() => cleanup());

/** A folder of fake programs: `slow` keychains hang after printing their certificates. */
function fakeMac(slow: string[] = []): { security: string; profiles: string; calls: () => string[] } {
  const bin = join(dir, `bin${++n}`);
  mkdirSync(bin);
  writeFileSync(join(bin, 'security'), SECURITY);
  chmodSync(join(bin, 'security'), 0o755);
  writeFileSync(join(bin, 'SystemRootCertificates.pem'), rootPem);
  writeFileSync(join(bin, 'System.pem'), '');
  writeFileSync(join(bin, 'slow.txt'), slow.map((k) => `${k}\n`).join(''));
  return {
    security: join(bin, 'security'),
    profiles: join(bin, 'profiles'),
    calls: () => readFileSync(join(bin, 'calls.log'), 'utf8').trim().split('\n'),
  };
}

const EMPTY_NATIVE = "return '[]'";
const NEVER_ENDS = 'for (;;) {}';

describe('macOS keychain read, bounded', () => {
  it('does not block the event loop while Node reads the keychains (the read that takes 10 s on managed Macs)', async () => {
    let last = Date.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
    }, 20);
    try {
      await darwinPlatform.readSystemRoots();
    } finally {
      clearInterval(timer);
    }
    longestGap = Math.max(longestGap, Date.now() - last);
    // In-process, the read froze everything for NATIVE_BLOCK_MS; off the main thread timers keep running.
    expect(longestGap).toBeLessThan(NATIVE_BLOCK_MS / 2);
  });

  it("says the read was cut short when Node's read outlives the budget (child process and worker)", async () => {
    const fake = fakeMac();
    for (const runner of ['child', 'worker'] as const) {
      const mac = darwinPlatformWith({ programs: fake, nativeTask: NEVER_ENDS, runner, budgetMs: 800 });
      const started = Date.now();
      const roots = await mac.readSystemRoots();
      expect(Date.now() - started).toBeLessThan(GENEROUS_MS);
      expect(roots.problem).toEqual({ code: 'common:osStore.cutShort.native', params: { seconds: 0.8 } });
      expect(roots.ders).toEqual([]);
    }
  });

  it('gives `security` what is left of the budget, keeps what it read and names the keychain that hung', async () => {
    const fake = fakeMac(['/Library/Keychains/System.keychain']);
    writeFileSync(join(fake.security, '..', 'System.pem'), rootPem);
    const mac = darwinPlatformWith({ programs: fake, nativeTask: EMPTY_NATIVE, budgetMs: 1500 });
    const started = Date.now();
    const roots = await mac.readSystemRoots();
    expect(Date.now() - started).toBeLessThan(GENEROUS_MS);
    expect(roots.problem).toEqual({
      code: 'common:osStore.cutShort.keychain',
      params: { keychain: '/Library/Keychains/System.keychain', seconds: 1.5, count: 2 },
    });
    expect(roots.ders).toHaveLength(2);
    expect(fake.calls()).toEqual([
      'find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain',
      'find-certificate -a -p /Library/Keychains/System.keychain',
    ]);
  });

  it('reads every keychain and says nothing more when they answer in time', async () => {
    const fake = fakeMac();
    const roots = await darwinPlatformWith({
      programs: fake,
      nativeTask: EMPTY_NATIVE,
      budgetMs: GENEROUS_MS,
    }).readSystemRoots();
    expect(roots.problem).toBeUndefined();
    expect(roots.ders).toHaveLength(1);
    expect(roots.source).toContain('/Library/Keychains/System.keychain');
  });

  it("stops at a cancel, during Node's read and during `security`", async () => {
    const fake = fakeMac(['/System/Library/Keychains/SystemRootCertificates.keychain']);
    for (const nativeTask of [NEVER_ENDS, EMPTY_NATIVE]) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 400);
      const started = Date.now();
      await expect(
        darwinPlatformWith({ programs: fake, nativeTask, budgetMs: 120_000 }).readSystemRoots(controller.signal),
      ).rejects.toMatchObject({ name: 'AbortError' });
      expect(Date.now() - started).toBeLessThan(GENEROUS_MS);
    }
  });

  it("the scan reports the cut-short read as the OS store's problem, in English and Chinese", async () => {
    const ctx = await createContext({
      platform: darwinPlatformWith({ programs: fakeMac(), nativeTask: NEVER_ENDS, budgetMs: 500 }),
    });
    const problem = ctx.osStore.info.problem!;
    expect(problem.code).toBe('common:osStore.cutShort.native');
    setupI18n('en');
    const en = say(problem);
    expect(en).toContain('took longer than 0.5 s');
    expect(en).toContain('TRUSTFIX_KEYCHAIN_BUDGET_MS');
    expect(en).toContain('--system-store roots.pem');
    setupI18n('zh-CN');
    const zh = say(problem);
    expect(zh).toContain('0.5 秒');
    expect(zh).toContain('--system-store roots.pem');
    setupI18n('en');
  });

  it('takes its budget from TRUSTFIX_KEYCHAIN_BUDGET_MS, 10 s otherwise, and runs security by absolute path', () => {
    expect(KEYCHAIN_BUDGET_MS).toBe(10_000);
    expect(keychainBudgetMs({ TRUSTFIX_KEYCHAIN_BUDGET_MS: '2500' })).toBe(2500);
    expect(keychainBudgetMs({ TRUSTFIX_KEYCHAIN_BUDGET_MS: 'soon' })).toBe(10_000);
    expect(keychainBudgetMs({ TRUSTFIX_KEYCHAIN_BUDGET_MS: '-1' })).toBe(10_000);
    expect(MAC_PROGRAMS).toEqual({ security: '/usr/bin/security', profiles: '/usr/bin/profiles' });
  });
});
