// macOS: is this Mac managed (enrolled in an MDM)? Then a root for everyone is IT's to deploy, as a
// configuration profile, and `trustfix os-store add` says so beside `security add-trusted-cert`.
//
// `profiles status -type enrollment` (macOS 10.13.4+) prints two lines, plus the server when enrolled:
//   Enrolled via DEP: No
//   MDM enrollment: Yes (User Approved)
//   MDM server: https://mdm.example.com/mdm/ServerURL
// "MDM enrollment:" reads "No", "Yes" or "Yes (User Approved)"; "Enrolled via DEP:" "Yes" or "No".
// Sources: fleetdm/fleet orbit/pkg/profiles/profiles_darwin.go (IsEnrolledIntoMatchingURL, which runs
// `/usr/bin/profiles status -type enrollment` and documents this output) and its tests, which also
// give "Enrolled via DEP: No / MDM enrollment: No"; micromdm's "How to troubleshoot your DEP/MDM
// Enrollments" (https://micromdm.io/blog/troubleshoot-dep/). The tool's labels are not localized.
// It is asked with the keychain budget (macKeychains.ts): `profiles` talks to system daemons, which
// are slow on exactly the Macs that are managed.
import { cancelledBy } from '../cancel.ts';
import { msg, type Message } from '../messages.ts';
import type { CommandSpec } from './types.ts';

export type Enrollment =
  /** `evidence`: the line that says so, as the tool printed it. */
  { state: 'managed'; evidence: string } | { state: 'unmanaged' } | { state: 'unknown'; why: 'timeout' | 'failed' };

export function enrollmentCommand(profiles: string): CommandSpec {
  return { file: profiles, args: ['status', '-type', 'enrollment'] };
}

/** Managed when either line says Yes; unmanaged when a line says No and none says Yes. */
export function parseEnrollment(stdout: string): Enrollment {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim());
  const answer = (label: string): { line: string; yes: boolean } | null => {
    const line = lines.find((l) => l.startsWith(label));
    return line ? { line, yes: /^yes\b/i.test(line.slice(label.length).trim()) } : null;
  };
  const answers = [answer('MDM enrollment:'), answer('Enrolled via DEP:')].filter((a) => a !== null);
  const yes = answers.find((a) => a.yes);
  if (yes) return { state: 'managed', evidence: yes.line };
  return answers.length > 0 ? { state: 'unmanaged' } : { state: 'unknown', why: 'failed' };
}

export async function macEnrollment(profiles: string, budgetMs: number, signal?: AbortSignal): Promise<Enrollment> {
  const { execa } = await import('execa'); // loaded only on this OS
  const cmd = enrollmentCommand(profiles);
  const r = await execa(cmd.file, cmd.args, { timeout: budgetMs, reject: false, ...cancelledBy(signal) });
  if (r.isCanceled) signal?.throwIfAborted();
  if (r.timedOut) return { state: 'unknown', why: 'timeout' };
  if (r.exitCode !== 0) return { state: 'unknown', why: 'failed' };
  return parseEnrollment(r.stdout);
}

/**
 * What `os-store add` says on a Mac beside `security add-trusted-cert`: that it asks for an
 * administrator's password (always), and the MDM route where the Mac is managed or may be.
 *
 * Since macOS 11 a trust-settings change in the admin domain (`add-trusted-cert -d`) needs an
 * administrator's authorization, and running as root alone is no longer enough: Apple's macOS Big Sur
 * 11 release notes, quoted in https://twocanoes.com/trusting-certificates-in-system-keychain-without-prompting/
 * ("requiring an administrator password when a certificate trust settings change is made in the admin
 * trust domain. Running as the root user alone is no longer sufficient"); SecTrustSettingsDomain.admin:
 * "Administrator privileges are required" (https://developer.apple.com/documentation/security/sectrustsettingsdomain/admin).
 * The MDM route: a Certificate payload of PayloadType com.apple.security.root, device channel on macOS
 * (https://developer.apple.com/documentation/devicemanagement/certificateroot).
 */
export function macStoreAddNotes(enrollment: Enrollment, fingerprint: string, budgetMs: number): Message[] {
  const notes = [msg('repair:note.macAdminPassword')];
  if (enrollment.state === 'managed')
    notes.push(msg('repair:note.macManaged', { evidence: enrollment.evidence, fingerprint }));
  if (enrollment.state === 'unknown')
    notes.push(msg(`repair:note.macManagedUnknown.${enrollment.why}`, { seconds: Math.round(budgetMs / 100) / 10 }));
  return notes;
}
