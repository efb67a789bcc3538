// Whether a path lies inside a folder, and the real path of a file that does not exist yet, in one
// OS's path grammar. node:path on the running OS is that OS's grammar (path.win32 on Windows: drive
// letters, UNC shares, either slash, names compared without case); these functions take the grammar
// as an argument so Windows' cases (C:\NAME, \\server\share\NAME) are tested on any host.
import type { PlatformPath } from 'node:path';

/** `child` is `parent` or below it: relative() neither climbs (`..`) nor leaves the drive or share
 * (win32 answers an absolute path then). */
export function isInsideIn(p: PlatformPath, parent: string, child: string): boolean {
  const rel = p.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${p.sep}`) && !p.isAbsolute(rel));
}

/**
 * The real path of `path` when only its folder's real path (`realFolder`) is known: that folder plus
 * the last name of `path`. The name is taken by basename(), never by cutting dirname's length plus one
 * separator off `path`: a root's dirname keeps its separator (`C:\`, `\\server\share\`, `/`), and that
 * cut dropped the first letter of a folder made directly under it (`C:\NAME` became `C:\\AME`, outside
 * the data folder it is). Node's own realpath is used for everything that exists.
 */
export async function realPathIn(
  p: PlatformPath,
  realpath: (path: string) => Promise<string>,
  path: string,
): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const folder = p.dirname(path);
    const realFolder = await realpath(folder).catch(() => folder);
    return p.join(realFolder, p.basename(path));
  }
}
