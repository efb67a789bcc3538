// What the whole-disk walk starts from and what it never enters, per OS.
//  - Linux: `/`, minus pseudo file systems (/proc, /sys, /dev and every mount of a pseudo type),
//    network file systems and removable media, read from /proc/self/mountinfo (proc(5)).
//  - macOS: `/`, minus /System/Volumes (firmlinked copies of what / already shows), /Volumes
//    (other disks), /dev, and network mounts listed by mount(8).
//  - Windows: every fixed drive (DriveType 3 in Win32_LogicalDisk); removable (2), network (4) and
//    optical (5) drives only when asked.
import { readFile } from 'node:fs/promises';
import type { CommandSpec, PlatformId } from './types.ts';
import { cancelledBy } from '../cancel.ts';

export interface Mount {
  mountPoint: string;
  fsType: string;
  source: string;
  /** major:minor of the device (Linux). */
  device?: string;
}

/** Kernel file systems with no files of their own (proc(5), and the kernel's Documentation/filesystems). */
const PSEUDO = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'securityfs',
  'debugfs',
  'tracefs',
  'pstore',
  'bpf',
  'mqueue',
  'hugetlbfs',
  'configfs',
  'fusectl',
  'autofs',
  'binfmt_misc',
  'efivarfs',
  'nsfs',
  'rpc_pipefs',
  'selinuxfs',
  'fuse.gvfsd-fuse',
  'fuse.portal',
  'overlay-pseudo',
  'ramfs',
  'devfs',
]);

/** File systems that live on another machine. */
const NETWORK =
  /^(nfs4?|cifs|smb3?|smbfs|ncpfs|afs|ceph|glusterfs|lustre|gpfs|9p|davfs|fuse\.(sshfs|rclone|s3fs|gcsfuse|davfs2|glusterfs|cephfs)|webdav|afpfs|ftp)$/i;

export const ALWAYS_SKIPPED: Readonly<Record<PlatformId, readonly string[]>> = {
  linux: ['/proc', '/sys', '/dev'],
  darwin: [
    '/dev',
    '/System/Volumes',
    '/Volumes',
    '/private/var/vm',
    '/.Spotlight-V100',
    '/.fseventsd',
    '/.DocumentRevisions-V100',
  ],
  win32: [],
};

/** proc(5) escapes space, tab, newline and backslash in paths as octal (\040 ...). */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** /proc/self/mountinfo: "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue". */
export function parseMountinfo(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const right = line.slice(dash + 3).split(' ');
    if (left.length < 5 || right.length < 2) continue;
    out.push({
      mountPoint: unescapeOctal(left[4]!),
      device: left[2]!,
      fsType: right[0]!,
      source: unescapeOctal(right[1]!),
    });
  }
  return out;
}

/** macOS mount(8): "//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by user)". */
export function parseMacMount(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const m = /^(.*) on (.*) \(([^,)]+)/.exec(line);
    if (m) out.push({ source: m[1]!, mountPoint: m[2]!, fsType: m[3]!.trim() });
  }
  return out;
}

export interface MountPolicy {
  includeNetwork: boolean;
  includeRemovable: boolean;
  /** For Linux: whether the block device major:minor is removable (from /sys). */
  isRemovable?: (mount: Mount) => boolean;
}

export type MountVerdict = 'walk' | 'pseudo' | 'network' | 'removable';

export function judgeMount(mount: Mount, policy: MountPolicy): MountVerdict {
  if (PSEUDO.has(mount.fsType)) return 'pseudo';
  if (NETWORK.test(mount.fsType) || /^\/\/|^[^/]+:\//.test(mount.source))
    return policy.includeNetwork ? 'walk' : 'network';
  const removable = policy.isRemovable?.(mount) || /^\/(media|run\/media)\//.test(mount.mountPoint);
  if (removable) return policy.includeRemovable ? 'walk' : 'removable';
  return 'walk';
}

/** Linux: /sys/dev/block/MAJ:MIN/removable, or the whole disk's flag for a partition. */
async function linuxRemovable(mounts: Mount[]): Promise<Set<string>> {
  const out = new Set<string>();
  await Promise.all(
    mounts.map(async (m) => {
      if (!m.device || m.device.startsWith('0:')) return;
      const own = await readFile(`/sys/dev/block/${m.device}/removable`, 'utf8').catch(() => undefined);
      const parent =
        own === undefined
          ? await readFile(`/sys/dev/block/${m.device}/../removable`, 'utf8').catch(() => undefined)
          : undefined;
      if ((own ?? parent)?.trim() === '1') out.add(m.device);
    }),
  );
  return out;
}

export interface WalkPlan {
  roots: string[];
  excluded: string[];
  /** Mount points left out and why, for the report. */
  left: Array<{ path: string; why: MountVerdict }>;
}

export const WINDOWS_DRIVES: CommandSpec = {
  file: 'powershell.exe',
  args: [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    'Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,DriveType | ConvertTo-Json -Compress',
  ],
};

/** Win32_LogicalDisk DriveType: 2 removable, 3 local disk, 4 network, 5 optical, 6 RAM disk. */
export function parseWindowsDrives(json: string, policy: MountPolicy): WalkPlan {
  const plan: WalkPlan = { roots: [], excluded: [], left: [] };
  let rows: Array<{ DeviceID?: string; DriveType?: number }> = [];
  try {
    const parsed = JSON.parse(json) as unknown;
    rows = (Array.isArray(parsed) ? parsed : [parsed]) as typeof rows;
  } catch {
    return plan;
  }
  for (const row of rows) {
    if (!row.DeviceID) continue;
    const root = `${row.DeviceID}\\`;
    const type = row.DriveType;
    if (type === 3 || type === 6) plan.roots.push(root);
    else if (type === 4) {
      if (policy.includeNetwork) plan.roots.push(root);
      else plan.left.push({ path: root, why: 'network' });
    } else if (policy.includeRemovable) plan.roots.push(root);
    else plan.left.push({ path: root, why: 'removable' });
  }
  return plan;
}

// execa is imported where a command runs (macOS, Windows): Linux reads a file, and the walk's
// start-up stays short (execa's module graph costs ~0.1 s to load).
/** Windows' walk: its drives as Win32_LogicalDisk lists them (the system drive if it lists none). */
export async function windowsWalkPlan(policy: MountPolicy, signal?: AbortSignal): Promise<WalkPlan> {
  const r = await (
    await import('execa')
  ).execa(WINDOWS_DRIVES.file, WINDOWS_DRIVES.args, { timeout: 15_000, reject: false, ...cancelledBy(signal) });
  const plan = parseWindowsDrives(String(r.stdout), policy);
  if (plan.roots.length === 0) plan.roots.push(`${process.env.SystemDrive ?? 'C:'}\\`);
  return plan;
}

/** Linux's and macOS's walk: `/`, less the mounts judged not worth entering. */
export async function posixWalkPlan(
  os: 'linux' | 'darwin',
  policy: MountPolicy,
  _signal?: AbortSignal,
): Promise<WalkPlan> {
  // Asked for other disks on macOS: look into /Volumes, judging each volume like any mount.
  const always = ALWAYS_SKIPPED[os].filter(
    (p) => p !== '/Volumes' || !(policy.includeNetwork || policy.includeRemovable),
  );
  const plan: WalkPlan = { roots: ['/'], excluded: [...always], left: [] };
  let mounts: Mount[];
  if (os === 'linux') {
    mounts = parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8').catch(() => ''));
    const removable = await linuxRemovable(mounts);
    policy = { ...policy, isRemovable: (m) => m.device !== undefined && removable.has(m.device) };
  } else {
    const r = await (await import('execa')).execa('/sbin/mount', [], { timeout: 10_000, reject: false });
    mounts = parseMacMount(String(r.stdout));
  }
  for (const m of mounts) {
    if (m.mountPoint === '/') continue;
    const why = judgeMount(m, policy);
    if (why === 'walk') continue;
    if (plan.excluded.some((e) => m.mountPoint === e || m.mountPoint.startsWith(`${e}/`))) continue;
    plan.excluded.push(m.mountPoint);
    plan.left.push({ path: m.mountPoint, why });
  }
  return plan;
}
