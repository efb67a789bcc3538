// Tests never write TrustFix's state into the real per-user data folder: test/helpers/setup.ts points
// TRUSTFIX_DATA_DIR at a folder of the test file's own, so a CLI run without --data-dir (a `scan
// --root`, which keeps its scan cache) lands there.
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { describe, expect, it } from 'vitest';
import { SCAN_CACHE_NAME } from '../../../src-main/core/bundles/rescan/cacheFile.ts';
import { FIXTURES, trustfix } from '../../helpers/cli.ts';

/** The file's modification time, or null when there is none. */
function mtime(path: string): number | null {
  return existsSync(path) ? statSync(path).mtimeMs : null;
}

describe('the test setup', () => {
  it('gives every test file a data folder of its own, and a CLI run leaves the real one alone', async () => {
    const real = envPaths('TrustFix', { suffix: '' }).data;
    const own = process.env.TRUSTFIX_DATA_DIR;
    expect(own, 'TRUSTFIX_DATA_DIR is set by test/helpers/setup.ts').toBeTruthy();
    expect(own!.startsWith(tmpdir())).toBe(true);
    expect(own).not.toBe(real);
    const realCache = join(real, SCAN_CACHE_NAME);
    const before = mtime(realCache);
    const run = await trustfix(['scan', '--root', FIXTURES, '--json']);
    expect(run.stderr).toBe('');
    expect(existsSync(join(own!, SCAN_CACHE_NAME))).toBe(true);
    expect(mtime(realCache)).toBe(before);
  });
});
