// Finding client programs and the files around them: PATH lookup through the platform's places,
// pyenv shims resolved to what they run, a script's #! interpreter, site-packages under a prefix,
// settings files read as text (regular files only, size-capped), and paths' existence looked up once.
import { constants } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import type { ClientPlaces, Platform } from '../platform/types.ts';
import type { PythonInfo } from '../pythons/types.ts';
import { pythonId } from '../pythons/identity.ts';
import { homeAsTilde } from '../platform/homePath.ts';
import { isPyenvShim, resolvePyenvShim } from '../pythons/shims.ts';
import { openRegular, readRegularText } from '../certs/regularFile.ts';
import type { Existence } from './resolve.ts';
import type { ClientEnv, ConfigFile } from './types.ts';

export interface FindContext {
  env: ClientEnv;
  home: string;
  cwd: string;
  platform: Platform;
  places: ClientPlaces;
  pythons: PythonInfo[];
  /** A private temporary folder for this run (git's empty home for measuring defaults). */
  tmpDir: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function kindOf(path: string): Promise<'file' | 'dir' | 'none'> {
  return stat(path)
    .then((s): 'file' | 'dir' => (s.isDirectory() ? 'dir' : 'file'))
    .catch((): 'none' => 'none');
}

/** Existence of each path, looked up once, for a pure resolver. */
export async function existenceOf(paths: Iterable<string | undefined>): Promise<Existence> {
  const kinds = new Map<string, 'file' | 'dir' | 'none'>();
  await Promise.all(
    [...new Set([...paths].filter((p): p is string => !!p && p.trim() !== ''))].map(async (p) =>
      kinds.set(p, await kindOf(p)),
    ),
  );
  return (p) => kinds.get(p) ?? 'none';
}

/** The variables that name CA files or folders for some client: their values are paths to stat. */
export function caPathsInEnv(env: ClientEnv, separator: string): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (
      /^(SSL_CERT_FILE|CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE|NODE_EXTRA_CA_CERTS|GIT_SSL_CAINFO|GIT_SSL_CAPATH|AWS_CA_BUNDLE|CONDA_SSL_VERIFY|PIP_CERT)$/.test(
        name,
      ) ||
      /^POETRY_CERTIFICATES_.+_CERT$/.test(name)
    )
      out.push(value);
    if (name === 'SSL_CERT_DIR') out.push(value, ...value.split(separator));
  }
  return out;
}

async function isExecutableFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return false;
  return access(path, constants.X_OK)
    .then(() => true)
    .catch(() => false);
}

/** Every match for a program on PATH, in PATH order (the first is what a shell runs). */
export async function onPath(name: string, ctx: FindContext): Promise<string[]> {
  const out: string[] = [];
  for (const dir of ctx.places.pathDirs(ctx.env)) {
    for (const file of ctx.places.programNames(name)) {
      const path = ctx.places.join(dir, file);
      if (await isExecutableFile(path)) {
        out.push(path);
        break;
      }
    }
  }
  return out;
}

/** A pyenv shim runs whichever version pyenv selects: the program it would run now. */
export async function throughShims(path: string, ctx: FindContext): Promise<string> {
  const places = ctx.platform.pythons;
  const env = ctx.env as NodeJS.ProcessEnv;
  const shim = {
    env,
    cwd: ctx.cwd,
    home: ctx.home,
    win: places.windowsNames,
    pyenvRoot: places.pyenv(env, ctx.home).root,
  };
  if (!(await isPyenvShim(path, shim))) return path;
  return (await resolvePyenvShim(path, shim)) ?? path;
}

export async function real(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** The interpreter a script's first line names ("#!/venv/bin/python"), if it is a Python. */
export async function shebangPython(path: string): Promise<string | undefined> {
  const opened = await openRegular(path);
  if (!opened.ok) return undefined;
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await opened.handle.read(buf, 0, buf.length, 0);
    const first = buf.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (!m) return undefined;
    const interp = m[1]!.endsWith('/env') ? m[2] : m[1];
    return interp && /python[\d.]*$/.test(interp) && interp.startsWith('/') ? interp : undefined;
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}

/** The site-packages folders under an install prefix (a venv, conda's root, a pyenv version). */
export async function sitePackagesUnder(prefix: string, places: ClientPlaces): Promise<string[]> {
  const where = places.sitePackagesParent(prefix);
  if (!where.versioned) return (await kindOf(where.dir)) === 'dir' ? [where.dir] : [];
  const names = await readdir(where.dir).catch(() => [] as string[]);
  const dirs = names
    .filter((n) => /^python\d/.test(n))
    .sort()
    .reverse()
    .map((n) => places.join(where.dir, n, 'site-packages'));
  const out: string[] = [];
  for (const d of dirs) if ((await kindOf(d)) === 'dir') out.push(d);
  return out;
}

/** The first existing file named `rel` in those folders. */
export async function firstFileIn(dirs: string[], rel: string[], places: ClientPlaces): Promise<string | undefined> {
  for (const d of dirs) {
    const p = places.join(d, ...rel);
    if ((await kindOf(p)) === 'file') return p;
  }
  return undefined;
}

/** A settings file's text: only a regular file, at most 1 MiB. */
export async function readSettings(path: string): Promise<string | undefined> {
  return readRegularText(path).catch(() => undefined);
}

export async function configFile(path: string, scope: ConfigFile['scope']): Promise<ConfigFile> {
  return { path, scope, exists: (await kindOf(path)) === 'file' };
}

/** "cl-" + 12 hex of a hash of the client's name and real program (the home folder as `~`): stable
 * across runs, and across machines for the same program at the same place under the home. */
export function clientId(name: string, realExecutable: string): string {
  return `cl-${pythonId(`${name}|${homeAsTilde(realExecutable)}`).slice(3)}`;
}

/** The nearest folder, from `start` upward, that holds one of `names`; and which. */
export async function nearestUp(
  start: string,
  names: string[],
  places: ClientPlaces,
): Promise<{ dir: string; name: string } | undefined> {
  for (let dir = start; ; dir = places.dirname(dir)) {
    for (const name of names) if ((await kindOf(places.join(dir, name))) === 'file') return { dir, name };
    if (places.dirname(dir) === dir) return undefined;
  }
}

/** botocore's version from its __init__.py ("__version__ = '1.43.11'"). */
export async function moduleVersion(initPy: string): Promise<string | undefined> {
  const text = await readSettings(initPy);
  return text ? /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(text)?.[1] : undefined;
}
