// Runs a command in a private mount namespace (`unshare -m --propagation private`, root only) with
// folders the test owns bind-mounted over system ones, so a subject that writes /etc/ssl/certs or
// /usr/local/share/ca-certificates writes the test's copies and the machine's own files never change.
import { execa } from 'execa';
import { existsSync } from 'node:fs';

export const canUnshare = process.getuid?.() === 0 && existsSync('/usr/bin/unshare');

/** `binds`: [copy, system folder] pairs, mounted in order; then `command` runs in that view. */
export async function inPrivateMounts(
  binds: Array<[string, string]>,
  command: string[],
  options: { env?: Record<string, string>; timeout?: number } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  // The mounts vanish with the namespace when the command exits.
  const script = 'set -e\nwhile [ "$1" != "--" ]; do mount --bind "$1" "$2"; shift 2; done\nshift\nexec "$@"';
  const r = await execa(
    'unshare',
    ['-m', '--propagation', 'private', '--', '/bin/sh', '-c', script, 'sh', ...binds.flat(), '--', ...command],
    {
      reject: false,
      timeout: options.timeout ?? 180_000,
      ...(options.env ? { env: options.env } : {}),
    },
  );
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}
