// Who owns a bundle file, from where it sits: certifi (its own version), pip's vendored certifi
// (pip's version), requests, botocore, conda, Git, curl, a python.org framework, the system.
// The version is read from the package's files, never from the bundle's date, and it is only a
// label: verdicts judge the certificates themselves.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';

export type OwnerKind =
  | 'certifi'
  | 'pip'
  | 'requests'
  | 'botocore'
  | 'conda'
  | 'git'
  | 'curl'
  | 'python-framework'
  | 'homebrew'
  | 'system'
  | 'sdk'
  | 'unknown';

export interface Owner {
  kind: OwnerKind;
  version?: string;
  /** For pip's vendored copy: the certifi version vendored inside it. */
  certifiVersion?: string;
  /** For other SDKs recognised by path, their name. */
  name?: string;
}

const VERSION_RE = /__version__\s*=\s*["']([^"']+)["']/;

async function versionIn(file: string): Promise<string | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    return VERSION_RE.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** The folder names of a path, lower-cased, for matching by layout. */
function parts(path: string): string[] {
  return path.split(/[\\/]+/).map((p) => p.toLowerCase());
}

export async function detectOwner(path: string): Promise<Owner> {
  const dir = dirname(path);
  const file = basename(path).toLowerCase();
  const segs = parts(path);
  const parent = segs.at(-2);
  const grand = segs.at(-3);
  const great = segs.at(-4);

  if (parent === 'certifi' && grand === '_vendor' && great === 'pip') {
    const pipDir = dirname(dirname(dir));
    const certifiVersion = await versionIn(join(dir, '__init__.py'));
    const version = await versionIn(join(pipDir, '__init__.py'));
    return { kind: 'pip', ...(version ? { version } : {}), ...(certifiVersion ? { certifiVersion } : {}) };
  }
  if (parent === 'certifi') {
    const version = await versionIn(join(dir, '__init__.py'));
    return { kind: 'certifi', ...(version ? { version } : {}) };
  }
  if (parent === 'requests' && file === 'cacert.pem') {
    const version = (await versionIn(join(dir, '__version__.py'))) ?? (await versionIn(join(dir, '__init__.py')));
    return { kind: 'requests', ...(version ? { version } : {}) };
  }
  if (parent === 'botocore' && file === 'cacert.pem') {
    const version = await versionIn(join(dir, '__init__.py'));
    return { kind: 'botocore', ...(version ? { version } : {}) };
  }
  if (segs.some((s) => s === 'python.framework')) return { kind: 'python-framework' };
  if (segs.includes('mingw64') || segs.includes('mingw32') || segs.some((s) => s === 'git')) {
    if (file === 'ca-bundle.crt' || file === 'cert.pem' || file === 'ca-bundle.trust.crt') return { kind: 'git' };
  }
  if (file === 'curl-ca-bundle.crt') return { kind: 'curl' };
  if (segs.includes('homebrew') || segs.includes('cellar')) return { kind: 'homebrew' };
  if (parent === 'ssl' && (segs.includes('conda') || segs.some((s) => /^(ana|mini)conda|^miniforge|^mambaforge/.test(s))))
    return { kind: 'conda' };
  if (path.startsWith(`${sep}etc${sep}`) || path.startsWith(`${sep}usr${sep}`) || path.startsWith(`${sep}System${sep}`))
    return { kind: 'system' };
  return { kind: 'unknown' };
}
