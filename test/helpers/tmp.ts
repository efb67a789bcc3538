import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A fresh folder that an unprivileged user can enter (mode 755), removed by the returned function. */
export function tempDir(prefix = 'trustfix-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh folder (as tempDir) for the whole test file, removed after its last test. */
export function tempDirForFile(prefix: string): string {
  const { dir, cleanup } = tempDir(prefix);
  afterAll(cleanup);
  return dir;
}
