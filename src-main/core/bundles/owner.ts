// Who owns a bundle file, from where it sits: certifi (its own version), pip's vendored certifi
// (pip's version), requests, botocore, httplib2, conda, Git, curl, a python.org framework, Homebrew,
// the system, a cloud SDK recognised by path, or unknown. The version is read from the package's
// files (`__version__`, else the `.dist-info`/`.egg-info` folder name next to it), never from the
// bundle's date, and it is only a label: verdicts judge the certificates themselves, so a copy
// someone refreshed or trimmed is judged by what it holds, whatever its label says.
import { access, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readRegularText } from '../certs/regularFile.ts';

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
  /** A package copy that lives inside a bigger product (the Google Cloud SDK, the AWS CLI, ...). */
  within?: string;
}

const VERSION_RE = /__version__\s*(?::\s*str\s*)?=\s*["']([^"']+)["']/;

async function versionIn(file: string): Promise<string | undefined> {
  try {
    // Beside a bundle somebody else may have placed: a FIFO named __init__.py is not waited on.
    return VERSION_RE.exec((await readRegularText(file)) ?? '')?.[1];
  } catch {
    return undefined;
  }
}

/** `certifi-2024.7.4.dist-info` (or `.egg-info`) next to the package folder. */
async function distInfoVersion(sitePackages: string, project: string): Promise<string | undefined> {
  const names = await readdir(sitePackages).catch(() => [] as string[]);
  const re = new RegExp(`^${project}-([^-]+?)(?:-py[\\d.]+)?\\.(?:dist|egg)-info$`, 'i');
  for (const n of names) {
    const m = re.exec(n);
    if (m) return m[1];
  }
  return undefined;
}

async function packageVersion(pkgDir: string, files: string[]): Promise<string | undefined> {
  for (const f of files) {
    const v = await versionIn(join(pkgDir, f));
    if (v) return v;
  }
  return distInfoVersion(dirname(pkgDir), basename(pkgDir));
}

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

/** The folder names of a path, lower-cased, for matching by layout. */
function parts(path: string): string[] {
  return path.split(/[\\/]+/).map((p) => p.toLowerCase());
}

/** Products that carry their own copy of a Python package (recognised by path). */
const PRODUCTS: Array<[RegExp, string]> = [
  [/(^|\/)google-cloud-sdk\//, 'Google Cloud SDK'],
  [/(^|\/)(opt\/az|microsoft sdks\/azure\/cli2)\//, 'Azure CLI'],
  [/(^|\/)(aws-cli|amazon\/awscliv2)\//, 'AWS CLI'],
  [/(^|\/)jetbrains\//, 'JetBrains IDE'],
  [/(^|\/)\.vscode[^/]*\/extensions\//, 'VS Code extension'],
];

function productOf(path: string): string | undefined {
  const lower = path.replace(/\\/g, '/').toLowerCase();
  return PRODUCTS.find(([re]) => re.test(lower))?.[1];
}

function withProduct(owner: Owner, path: string): Owner {
  const within = productOf(path);
  return within ? { ...owner, within } : owner;
}

function compact(o: Owner): Owner {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as unknown as Owner;
}

export async function detectOwner(path: string): Promise<Owner> {
  const dir = dirname(path);
  const segs = parts(path);
  const file = segs.at(-1) ?? '';
  const parent = segs.at(-2);
  const grand = segs.at(-3);
  const great = segs.at(-4);

  if (parent === 'certifi' && grand === '_vendor' && great === 'pip') {
    const pipDir = dirname(dirname(dir));
    const certifiVersion = await versionIn(join(dir, '__init__.py'));
    const version = await packageVersion(pipDir, ['__init__.py']);
    return compact(withProduct({ kind: 'pip', version, certifiVersion }, path));
  }
  if (parent === 'requests' && grand === '_vendor' && great === 'pip' && file === 'cacert.pem') {
    return compact(
      withProduct({ kind: 'pip', version: await packageVersion(dirname(dirname(dir)), ['__init__.py']) }, path),
    );
  }
  if (parent === 'certifi')
    return compact(withProduct({ kind: 'certifi', version: await packageVersion(dir, ['__init__.py']) }, path));
  if (parent === 'requests' && file === 'cacert.pem')
    return compact(
      withProduct({ kind: 'requests', version: await packageVersion(dir, ['__version__.py', '__init__.py']) }, path),
    );
  if (parent === 'botocore' && file === 'cacert.pem')
    return compact(withProduct({ kind: 'botocore', version: await packageVersion(dir, ['__init__.py']) }, path));
  if (parent === 'httplib2' && file === 'cacerts.txt')
    return compact(
      withProduct({ kind: 'sdk', name: 'httplib2', version: await packageVersion(dir, ['__init__.py']) }, path),
    );

  const frameworkAt = segs.indexOf('python.framework');
  if (frameworkAt >= 0) {
    const version = segs[frameworkAt + 1] === 'versions' ? path.split(/[\\/]+/)[frameworkAt + 2] : undefined;
    return compact({ kind: 'python-framework', version });
  }
  // conda: PREFIX/ssl/cacert.pem on Unix, PREFIX\Library\ssl\cacert.pem on Windows; a conda prefix
  // (base or env) has a conda-meta folder, and package caches are pkgs/ca-certificates-*.
  if (parent === 'ssl') {
    const prefix = grand === 'library' ? dirname(dirname(dir)) : dirname(dir);
    if (
      (await exists(join(prefix, 'conda-meta'))) ||
      segs.some((s) => /^(ana|mini)conda\d?$|^miniforge|^mambaforge|^ca-certificates-\d/.test(s))
    )
      return { kind: 'conda' };
  }
  if (segs.includes('mingw64') || segs.includes('mingw32') || segs.includes('git')) {
    if (
      file === 'ca-bundle.crt' ||
      file === 'cert.pem' ||
      file === 'ca-bundle.trust.crt' ||
      file === 'curl-ca-bundle.crt'
    )
      return { kind: 'git' };
  }
  if (file === 'curl-ca-bundle.crt') return { kind: 'curl' };
  if (
    segs.includes('homebrew') ||
    segs.includes('cellar') ||
    segs.includes('.linuxbrew') ||
    segs.some((s) => /^openssl@/.test(s))
  )
    return { kind: 'homebrew' };
  const product = productOf(path);
  if (product) return { kind: 'sdk', name: product };
  const unix = path.replace(/\\/g, '/');
  if (/^\/(etc|usr|System|private\/etc|Library\/Keychains)\//.test(unix)) return { kind: 'system' };
  if (/^[a-z]:\/windows\//i.test(unix)) return { kind: 'system' };
  return { kind: 'unknown' };
}
