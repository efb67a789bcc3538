// macOS: the system roots and the System keychain (where admins and MDM add corporate roots), read
// within a time budget. On managed Macs reading the keychains can take 10 s and more (many profiles,
// trust settings evaluated per certificate), and Node's read cannot be interrupted in-process: it runs
// as a bounded task (boundedTask.ts), then `security find-certificate -a -p KEYCHAIN` gets what is
// left of the budget. When the budget runs out the roots read so far are kept and the result says the
// list was cut short (common:osStore.cutShort.*): a person is never left waiting, and never misled.
// Source: security(1), "find-certificate ... -a Find all matching certificates ... -p Output
// certificate in pem format": https://ss64.com/mac/security-find-cert.html (Apple's man page).
import { splitBundle } from '../certs/pem.ts';
import { cancelledBy } from '../cancel.ts';
import { msg } from '../messages.ts';
import { runBounded, type TaskRunner } from './boundedTask.ts';
import { NATIVE_READ_TASK, parseNativeRead } from './nativeStore.ts';
import type { CommandSpec, SystemRoots } from './types.ts';

export const MACOS_KEYCHAINS = [
  '/System/Library/Keychains/SystemRootCertificates.keychain',
  '/Library/Keychains/System.keychain',
] as const;

/** The programs the macOS backend runs, by absolute path (never whatever PATH finds first). */
export interface MacPrograms {
  security: string;
  profiles: string;
}

export const MAC_PROGRAMS: MacPrograms = { security: '/usr/bin/security', profiles: '/usr/bin/profiles' };

/** How long reading the keychains (and asking whether the Mac is managed) may take in all. */
export const KEYCHAIN_BUDGET_MS = 10_000;

/** The budget from TRUSTFIX_KEYCHAIN_BUDGET_MS when it is a positive number of milliseconds: tests
 * make it short; on a Mac that is slow but must be read whole, a person makes it long (docs/macos.md). */
export function keychainBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.TRUSTFIX_KEYCHAIN_BUDGET_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : KEYCHAIN_BUDGET_MS;
}

export function findCertificatesCommand(keychain: string, security = MAC_PROGRAMS.security): CommandSpec {
  return { file: security, args: ['find-certificate', '-a', '-p', keychain] };
}

export interface KeychainRead {
  programs: MacPrograms;
  budgetMs: number;
  /** The native read's task source (boundedTask.ts); tests give a slow or empty one. */
  nativeTask?: string;
  runner?: TaskRunner;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/** Node's read first; `security find-certificate` per keychain where it finds nothing or fails. */
export async function readMacKeychains(o: KeychainRead, signal?: AbortSignal): Promise<SystemRoots> {
  const deadline = Date.now() + o.budgetMs;
  const native = await runBounded(o.nativeTask ?? NATIVE_READ_TASK, o.budgetMs, signal, o.runner);
  if (native.kind === 'out-of-time') {
    return {
      source: 'macOS keychains',
      ders: [],
      problem: msg('common:osStore.cutShort.native', { seconds: seconds(o.budgetMs) }),
    };
  }
  if (native.kind === 'done') {
    const ders = parseNativeRead(native.output);
    if (ders.length > 0) return { source: 'macOS keychains', ders };
  }
  const { execa } = await import('execa'); // loaded only on this OS
  const ders: Buffer[] = [];
  for (const keychain of MACOS_KEYCHAINS) {
    const left = deadline - Date.now();
    const cmd = findCertificatesCommand(keychain, o.programs.security);
    const r =
      left > 0 ? await execa(cmd.file, cmd.args, { timeout: left, reject: false, ...cancelledBy(signal) }) : null;
    if (r?.isCanceled) signal?.throwIfAborted();
    // What a stopped command printed before it was stopped is whole certificates or nothing:
    // splitBundle keeps only complete PEM blocks.
    if (r) ders.push(...splitBundle(Buffer.from(r.stdout)).ders);
    if (!r || r.timedOut) {
      const problem = msg('common:osStore.cutShort.keychain', {
        keychain,
        seconds: seconds(o.budgetMs),
        count: ders.length,
      });
      return { source: MACOS_KEYCHAINS.join(', '), ders, problem };
    }
  }
  return { source: MACOS_KEYCHAINS.join(', '), ders };
}
