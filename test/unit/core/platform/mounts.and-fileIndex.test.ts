// Mount filtering (Linux mountinfo, macOS mount(8), Windows drive types) and the OS file indexes
// (commands as argument arrays, output parsers, a real locate when this machine has a database).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  esCommand,
  locateCommand,
  mdfindCommand,
  parsePathList,
} from '../../../../src-main/core/platform/fileIndex.ts';
import { linuxPlatform } from '../../../../src-main/core/platform/linux.ts';
import {
  judgeMount,
  parseMacMount,
  parseMountinfo,
  parseWindowsDrives,
} from '../../../../src-main/core/platform/mounts.ts';

const MOUNTINFO = [
  '21 26 0:20 / /proc rw,relatime - proc proc rw',
  '22 26 0:21 / /sys rw,relatime - sysfs sysfs rw',
  '26 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
  '40 26 0:40 / /mnt/nas rw,relatime - nfs4 nas.corp:/export rw,vers=4.2',
  '41 26 0:41 / /mnt/share rw,relatime - cifs //fileserver/share rw',
  '42 26 8:17 / /media/alice/USB\\040STICK rw,nosuid - vfat /dev/sdb1 rw',
  '43 26 0:43 / /home/alice/remote rw - fuse.sshfs alice@host:/srv rw',
  '44 26 8:2 / /data rw - xfs /dev/sda2 rw',
  '45 26 0:45 / /tmp rw - tmpfs tmpfs rw',
].join('\n');

describe('mount filtering', () => {
  it('parses mountinfo, unescaping octal in paths', () => {
    const m = parseMountinfo(MOUNTINFO);
    expect(m).toHaveLength(9);
    expect(m[5]).toEqual({ mountPoint: '/media/alice/USB STICK', device: '8:17', fsType: 'vfat', source: '/dev/sdb1' });
  });

  it('leaves out pseudo, network and removable mounts unless asked', () => {
    const verdicts = Object.fromEntries(
      parseMountinfo(MOUNTINFO).map((m) => [
        m.mountPoint,
        judgeMount(m, { includeNetwork: false, includeRemovable: false }),
      ]),
    );
    expect(verdicts).toEqual({
      '/proc': 'pseudo',
      '/sys': 'pseudo',
      '/': 'walk',
      '/mnt/nas': 'network',
      '/mnt/share': 'network',
      '/media/alice/USB STICK': 'removable',
      '/home/alice/remote': 'network',
      '/data': 'walk',
      '/tmp': 'walk',
    });
    const nas = parseMountinfo(MOUNTINFO)[3]!;
    expect(judgeMount(nas, { includeNetwork: true, includeRemovable: false })).toBe('walk');
    const usb = parseMountinfo(MOUNTINFO)[5]!;
    expect(
      judgeMount(
        { ...usb, mountPoint: '/mnt/usb' },
        { includeNetwork: false, includeRemovable: false, isRemovable: (x) => x.device === '8:17' },
      ),
    ).toBe('removable');
  });

  it('parses macOS mount output', () => {
    const text =
      '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n//alice@nas/share on /Volumes/share (smbfs, nodev, nosuid, mounted by alice)\nmap auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)\n';
    const m = parseMacMount(text);
    expect(m.map((x) => [x.mountPoint, x.fsType])).toEqual([
      ['/', 'apfs'],
      ['/Volumes/share', 'smbfs'],
      ['/System/Volumes/Data/home', 'autofs'],
    ]);
    expect(judgeMount(m[1]!, { includeNetwork: false, includeRemovable: false })).toBe('network');
    expect(judgeMount(m[2]!, { includeNetwork: false, includeRemovable: false })).toBe('pseudo');
  });

  it('walks fixed Windows drives only, unless asked', () => {
    const json = JSON.stringify([
      { DeviceID: 'C:', DriveType: 3 },
      { DeviceID: 'D:', DriveType: 5 },
      { DeviceID: 'E:', DriveType: 2 },
      { DeviceID: 'Z:', DriveType: 4 },
      { DeviceID: 'F:', DriveType: 3 },
    ]);
    expect(parseWindowsDrives(json, { includeNetwork: false, includeRemovable: false })).toEqual({
      roots: ['C:\\', 'F:\\'],
      excluded: [],
      left: [
        { path: 'D:\\', why: 'removable' },
        { path: 'E:\\', why: 'removable' },
        { path: 'Z:\\', why: 'network' },
      ],
    });
    expect(parseWindowsDrives(json, { includeNetwork: true, includeRemovable: false }).roots).toEqual([
      'C:\\',
      'Z:\\',
      'F:\\',
    ]);
    expect(
      parseWindowsDrives(JSON.stringify({ DeviceID: 'C:', DriveType: 3 }), {
        includeNetwork: false,
        includeRemovable: false,
      }).roots,
    ).toEqual(['C:\\']);
  });

  it.skipIf(process.platform !== 'linux')('on this machine: walks / and never /proc, /sys, /dev', async () => {
    const plan = await linuxPlatform.walkPlan({ includeNetwork: false, includeRemovable: false });
    expect(plan.roots).toEqual(['/']);
    expect(plan.excluded).toEqual(expect.arrayContaining(['/proc', '/sys', '/dev']));
  });
});

describe('OS file indexes', () => {
  const names = ['cacert.pem', 'ca-bundle.crt'];
  it('states each command as an argument array', () => {
    expect(locateCommand('plocate', names)).toEqual({
      file: 'plocate',
      args: ['-0', '-b', '-i', '-r', '^(cacert\\.pem|ca-bundle\\.crt)$'],
    });
    expect(mdfindCommand(names)).toEqual({
      file: '/usr/bin/mdfind',
      args: ['-0', "kMDItemFSName == 'cacert.pem'c || kMDItemFSName == 'ca-bundle.crt'c"],
    });
    expect(esCommand(names, 'C:\\t\\out.txt')).toEqual({
      file: 'es.exe',
      args: ['/a-d', '-export-txt', 'C:\\t\\out.txt', 'wfn:"cacert.pem"|wfn:"ca-bundle.crt"'],
    });
  });

  it('parses NUL- and line-separated answers, keeping only the names asked for', () => {
    expect(parsePathList('/a/cacert.pem\0/b/CA-Bundle.crt\0/c/cacert.pem.bak\0', names, '\0')).toEqual([
      '/a/cacert.pem',
      '/b/CA-Bundle.crt',
    ]);
    expect(parsePathList('\uFEFFC:\\Python\\certifi\\cacert.pem\r\nD:\\x\\other.txt\r\n', names, '\n')).toEqual([
      'C:\\Python\\certifi\\cacert.pem',
    ]);
  });

  it('asks locate only when its database exists', async (ctx) => {
    ctx.skip(process.platform !== 'linux', 'locate is the Linux index');
    const answer = await linuxPlatform.askIndex(names);
    const db = ['/var/lib/plocate/plocate.db', '/var/lib/mlocate/mlocate.db', '/var/cache/locate/locatedb'].find((f) =>
      existsSync(f),
    );
    if (!db) {
      expect(answer).toBeUndefined(); // nothing to ask: the walk alone answers
      return;
    }
    expect(answer).toBeDefined();
    if (!answer) return;
    expect(['plocate', 'locate']).toContain(answer.info.tool);
    expect(answer.info.found).toBe(answer.paths.length);
  });
});
