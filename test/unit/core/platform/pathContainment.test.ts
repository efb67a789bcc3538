// Issue 14, found by the Windows lane: `os-store add --data-dir C:\NAME` (a new folder directly under a
// drive root) was refused, "...\store\<x>.pem is outside TrustFix's data folder", while C:\lane\NAME
// worked. The real path of the data folder that does not exist yet was built by cutting dirname's
// length plus one separator off the path, and a root's dirname keeps its separator: C:\NAME became
// C:\\AME. The same cut broke /NAME on Linux and \\server\share\NAME. Checked here in Windows' path
// grammar (path.win32, whatever the host) and on this host's own paths.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInsideIn, realPathIn } from '../../../../src-main/core/platform/pathContainment.ts';
import { isInside, realPathOf } from '../../../../src-main/core/repair/pathGuard.ts';

const w = path.win32;
/** A Windows disk where only these folders exist: realpath gives their canonical (stored) case. */
function fakeRealpath(existing: string[]): (p: string) => Promise<string> {
  return async (p) => {
    const hit = existing.find((e) => e.toLowerCase() === w.resolve(p).toLowerCase());
    if (!hit) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return hit;
  };
}
const disk = fakeRealpath(['C:\\', 'C:\\lane', '\\\\srv\\share\\', 'D:\\']);

describe('data-folder containment on Windows paths (path.win32)', () => {
  it('a new data folder directly under a drive root keeps its name, and its store file is inside it', async () => {
    const data = await realPathIn(w, disk, 'C:\\NAME');
    expect(data).toBe('C:\\NAME');
    const pem = await realPathIn(w, disk, 'C:\\NAME\\store\\0123456789abcdef.pem');
    expect(isInsideIn(w, data, pem)).toBe(true);
  });

  it('the same under a UNC share root and under a folder (C:\\lane\\NAME, which always worked)', async () => {
    expect(await realPathIn(w, disk, '\\\\srv\\share\\NAME')).toBe('\\\\srv\\share\\NAME');
    expect(isInsideIn(w, await realPathIn(w, disk, '\\\\srv\\share\\NAME'), '\\\\srv\\share\\NAME\\store\\x.pem')).toBe(
      true,
    );
    expect(await realPathIn(w, disk, 'C:\\lane\\NAME')).toBe('C:\\lane\\NAME');
    expect(await realPathIn(w, disk, 'c:\\LANE\\NAME')).toBe('C:\\lane\\NAME');
  });

  it('still refuses what is outside: a sibling with the same prefix, another drive or share, a parent', () => {
    expect(isInsideIn(w, 'C:\\NAME', 'C:\\NAME2\\store\\x.pem')).toBe(false);
    expect(isInsideIn(w, 'C:\\NAME', 'D:\\NAME\\store\\x.pem')).toBe(false);
    expect(isInsideIn(w, '\\\\srv\\share\\NAME', '\\\\srv\\other\\NAME\\x.pem')).toBe(false);
    expect(isInsideIn(w, 'C:\\NAME', 'C:\\')).toBe(false);
    expect(isInsideIn(w, 'C:\\NAME', 'C:\\name\\Store\\x.pem')).toBe(true); // Windows names ignore case
    expect(isInsideIn(w, 'C:\\', 'C:\\NAME\\x.pem')).toBe(true);
  });
});

describe('data-folder containment on this host', () => {
  it('a data folder directly under / that does not exist yet keeps its name (it lost its first letter)', async () => {
    const name = `/trustfix-missing-${randomBytes(4).toString('hex')}`;
    expect(await realPathOf(name)).toBe(name);
    expect(isInside(await realPathOf(name), await realPathOf(`${name}/store/x.pem`))).toBe(true);
  });
});
