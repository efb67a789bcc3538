// CI runs as root, and root reads every file: a permission test must run its subject as an
// unprivileged user or it proves nothing.
import { execaSync } from 'execa';

export function canRunAsNobody(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execaSync('runuser', ['-u', 'nobody', '--', 'true'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export function asNobody(file: string, args: string[]): [string, string[]] {
  return ['runuser', ['-u', 'nobody', '--', file, ...args]];
}
