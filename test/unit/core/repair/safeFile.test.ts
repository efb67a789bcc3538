// safeFile.ts on its own (safety rule 6), where the race can be set up without a pause: the folder or
// the name changed between the check and the write. What is replaced is what was checked, or nothing.
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINUX_FILES } from '../../../../src-main/core/platform/linux.ts';
import { Folder, openNoFollow, removeAt, replaceAt } from '../../../../src-main/core/repair/safeFile.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const dir = tempDirForFile('trustfix-safefile-');
let n = 0;

/** A folder with one file `f`, and an elsewhere folder holding a "protected" `f`. */
function setup(): { here: string; elsewhere: string } {
  const here = join(dir, `here-${++n}`);
  const elsewhere = join(dir, `elsewhere-${n}`);
  mkdirSync(here);
  mkdirSync(elsewhere);
  writeFileSync(join(here, 'f'), 'old bytes\n');
  writeFileSync(join(elsewhere, 'f'), 'protected\n');
  return { here, elsewhere };
}

describe('safeFile', () => {
  it('writes into the folder it opened, even when its path became a link to another folder', async () => {
    const { here, elsewhere } = setup();
    const folder = await Folder.open(here, LINUX_FILES);
    const old = await openNoFollow(folder, 'f');
    renameSync(here, `${here}.moved`);
    symlinkSync(elsewhere, here);
    await replaceAt(folder, 'f', old, Buffer.from('new bytes\n'), { mode: 0o644 }, false);
    await folder.close();
    expect(readFileSync(join(elsewhere, 'f'), 'utf8')).toBe('protected\n');
    expect(readFileSync(join(`${here}.moved`, 'f'), 'utf8')).toBe('new bytes\n');
  });

  it('refuses a link at the name, and a file swapped in after the check, writing nothing', async () => {
    const { here, elsewhere } = setup();
    const linked = join(here, 'linked');
    symlinkSync(join(elsewhere, 'f'), linked);
    const folder = await Folder.open(here, LINUX_FILES);
    await expect(openNoFollow(folder, 'linked')).rejects.toThrow(/notAFile/);
    const old = await openNoFollow(folder, 'f');
    writeFileSync(join(here, 'g'), 'someone else\n');
    renameSync(join(here, 'g'), join(here, 'f')); // another file now has the name
    await expect(replaceAt(folder, 'f', old, Buffer.from('new bytes\n'), { mode: 0o644 }, false)).rejects.toThrow(
      /swappedAtWrite/,
    );
    await folder.close();
    expect(readFileSync(join(here, 'f'), 'utf8')).toBe('someone else\n');
    expect(readFileSync(join(elsewhere, 'f'), 'utf8')).toBe('protected\n');
  });

  it('keeps the mode and owner of the file it replaces, and leaves no temp file', async (t) => {
    if (process.getuid?.() !== 0) t.skip("changing a file's owner needs root (CI runs as root)");
    const { here } = setup();
    chownSync(join(here, 'f'), 65534, 65534);
    chmodSync(join(here, 'f'), 0o640);
    const folder = await Folder.open(here, LINUX_FILES);
    await replaceAt(folder, 'f', await openNoFollow(folder, 'f'), Buffer.from('new bytes\n'), { mode: 0o644 }, false);
    await folder.close();
    const info = statSync(join(here, 'f'));
    expect([info.mode & 0o777, info.uid, info.gid]).toEqual([0o640, 65534, 65534]);
    expect(readFileSync(join(here, 'f'), 'utf8')).toBe('new bytes\n');
    expect(readdirSync(here)).toEqual(['f']);
  });

  it('a new file never replaces one that appeared; a removal takes only the file checked', async () => {
    const { here } = setup();
    const folder = await Folder.open(here, LINUX_FILES);
    writeFileSync(join(here, 'new'), 'appeared\n');
    await expect(replaceAt(folder, 'new', null, Buffer.from('mine\n'), { mode: 0o644 }, false)).rejects.toThrow(
      /appeared/,
    );
    expect(readFileSync(join(here, 'new'), 'utf8')).toBe('appeared\n');
    const old = (await openNoFollow(folder, 'f'))!;
    writeFileSync(join(here, 'g'), 'someone else\n');
    renameSync(join(here, 'g'), join(here, 'f'));
    await expect(removeAt(folder, 'f', old, false)).rejects.toThrow(/swappedAtWrite/);
    expect(readFileSync(join(here, 'f'), 'utf8')).toBe('someone else\n');
    const now = (await openNoFollow(folder, 'f'))!;
    await removeAt(folder, 'f', now, false);
    expect(existsSync(join(here, 'f'))).toBe(false);
    expect(lstatSync(here).isDirectory()).toBe(true);
    await folder.close();
  });
});
