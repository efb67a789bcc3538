// Where interpreters live, per source, as candidate paths with how each was found. Nothing here
// runs Python; only the Windows launcher/registry and `conda env list` are commands (see discover.ts).
// What differs by OS (folders, names) is the backend's answer: ctx.platform.pythons.
import { readdir, stat } from 'node:fs/promises';
import { basename, delimiter, dirname, join } from 'node:path';
import { readRegularText } from '../certs/regularFile.ts';
import type { Platform } from '../platform/types.ts';

export interface Candidate {
  path: string;
  foundBy: string;
}

export interface LocationContext {
  env: NodeJS.ProcessEnv;
  home: string;
  cwd: string;
  platform: Platform;
}

/** python, python3, python3.12, python3.13t, python2.7 (and .exe on Windows); not python3-config. */
const NAME = /^python(\d+(\.\d+)?t?)?(\.exe)?$/i;

export function isPythonName(name: string, win: boolean): boolean {
  return NAME.test(name) && (!win || name.toLowerCase().endsWith('.exe'));
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function isFile(p: string): Promise<boolean> {
  return stat(p)
    .then((s) => s.isFile())
    .catch(() => false);
}

async function isDir(p: string): Promise<boolean> {
  return stat(p)
    .then((s) => s.isDirectory())
    .catch(() => false);
}

/** The interpreter of a prefix (a conda env, a venv, an install folder), if there is one. */
export async function interpreterIn(prefix: string, ctx: LocationContext): Promise<string | undefined> {
  for (const n of ctx.platform.pythons.interpreterInPrefix) if (await isFile(join(prefix, n))) return join(prefix, n);
  return undefined;
}

export async function pythonsInDir(dir: string, foundBy: string, win: boolean): Promise<Candidate[]> {
  return (await entries(dir)).filter((n) => isPythonName(n, win)).map((n) => ({ path: join(dir, n), foundBy }));
}

export async function fromPath(ctx: LocationContext): Promise<Candidate[]> {
  const places = ctx.platform.pythons;
  const dirs = [...new Set((ctx.env.PATH ?? ctx.env.Path ?? '').split(delimiter).filter(Boolean))];
  const found = await Promise.all(dirs.map((d) => pythonsInDir(d, 'PATH', places.windowsNames)));
  return found.flat().filter((c) => !places.isStoreAlias(c.path));
}

/** Interpreters under each subfolder of `parent` (pyenv versions, uv installs, conda envs). */
async function prefixesUnder(parent: string, foundBy: string, ctx: LocationContext): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const name of await entries(parent)) {
    const exe = await interpreterIn(join(parent, name), ctx);
    if (exe) out.push({ path: exe, foundBy });
  }
  return out;
}

export async function fromPyenv(ctx: LocationContext): Promise<Candidate[]> {
  const { root, foundBy } = ctx.platform.pythons.pyenv(ctx.env, ctx.home);
  return prefixesUnder(join(root, 'versions'), foundBy, ctx);
}

export async function fromUv(ctx: LocationContext): Promise<Candidate[]> {
  return prefixesUnder(ctx.platform.pythons.uvPythonDir(ctx.env, ctx.home), 'uv', ctx);
}

/** Conda's own list of environments (conda and mamba append to it when they create one). */
export async function condaEnvironmentsTxt(ctx: LocationContext): Promise<string[]> {
  try {
    const text = (await readRegularText(join(ctx.home, '.conda', 'environments.txt'))) ?? '';
    return text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Base installs of conda, Miniforge, Mambaforge, micromamba in their usual folders. */
export function condaBaseDirs(ctx: LocationContext): string[] {
  return ctx.platform.pythons.condaBaseDirs(ctx.env, ctx.home);
}

export async function fromCondaPrefixes(prefixes: string[], ctx: LocationContext): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const all = new Set(prefixes);
  for (const base of condaBaseDirs(ctx)) {
    if (!(await isDir(base))) continue;
    all.add(base);
    for (const env of await entries(join(base, 'envs'))) all.add(join(base, 'envs', env));
  }
  await Promise.all(
    [...all].map(async (prefix) => {
      const exe = await interpreterIn(prefix, ctx);
      if (exe) out.push({ path: exe, foundBy: 'conda' });
    }),
  );
  return out;
}

export async function fromHomebrewAndFrameworks(ctx: LocationContext): Promise<Candidate[]> {
  const places = ctx.platform.pythons;
  const out: Candidate[] = [];
  for (const prefix of places.unixPrefixes) {
    if (!(await isDir(join(prefix, 'bin')))) continue;
    out.push(...(await pythonsInDir(join(prefix, 'bin'), prefix === '/usr/local' ? 'local' : 'homebrew', false)));
    for (const formula of (await entries(join(prefix, 'opt'))).filter((n) => /^python(@[\d.]+)?$/.test(n))) {
      out.push(...(await pythonsInDir(join(prefix, 'opt', formula, 'bin'), 'homebrew', false)));
    }
  }
  for (const root of places.frameworkRoots(ctx.home)) {
    const versions = join(root, 'Python.framework', 'Versions');
    for (const v of (await entries(versions)).filter((n) => n !== 'Current')) {
      out.push(...(await pythonsInDir(join(versions, v, 'bin'), 'python.org', false)));
    }
  }
  for (const dir of places.systemBinDirs) out.push(...(await pythonsInDir(dir, 'system', false)));
  return out;
}

export async function fromWindowsFolders(ctx: LocationContext): Promise<Candidate[]> {
  const places = ctx.platform.pythons;
  const out: Candidate[] = [];
  // Microsoft Store packages: one folder per installed version beside the app-execution aliases.
  const apps = places.storePackagesDir(ctx.env, ctx.home);
  for (const pkg of apps ? (await entries(apps)).filter((n) => /^PythonSoftwareFoundation\.Python\./i.test(n)) : []) {
    out.push(...(await pythonsInDir(join(apps!, pkg), 'microsoft-store', true)));
  }
  for (const parent of places.installParents(ctx.env, ctx.home)) {
    for (const name of (await entries(parent)).filter((n) => /^Python\d*/i.test(n))) {
      const exe = join(parent, name, 'python.exe');
      if (await isFile(exe)) out.push({ path: exe, foundBy: 'python.org' });
    }
  }
  return out;
}

/** Virtual environments in the places tools keep them, and the active one. */
export async function knownVenvDirs(ctx: LocationContext): Promise<string[]> {
  const dirs: string[] = [];
  if (ctx.env.VIRTUAL_ENV) dirs.push(ctx.env.VIRTUAL_ENV);
  for (const name of ['.venv', 'venv', 'env']) dirs.push(join(ctx.cwd, name));
  const parents = [
    ctx.env.WORKON_HOME ?? join(ctx.home, '.virtualenvs'), // virtualenvwrapper
    join(ctx.home, '.local', 'share', 'virtualenvs'), // pipenv
    ctx.env.POETRY_VIRTUALENVS_PATH ?? ctx.platform.pythons.poetryVenvDir(ctx.env, ctx.home),
  ];
  for (const parent of parents) for (const name of await entries(parent)) dirs.push(join(parent, name));
  const withCfg = await Promise.all(dirs.map(async (d) => ((await isFile(join(d, 'pyvenv.cfg'))) ? d : undefined)));
  return withCfg.filter((d): d is string => !!d);
}

/** A venv named by its pyvenv.cfg (the disk walk's finding) -> its interpreter. */
export async function fromPyvenvCfgs(cfgs: string[], ctx: LocationContext): Promise<Candidate[]> {
  const out = await Promise.all(
    cfgs.map(async (cfg) => {
      const dir = basename(cfg).toLowerCase() === 'pyvenv.cfg' ? dirname(cfg) : cfg;
      const exe = await interpreterIn(dir, ctx);
      return exe ? { path: exe, foundBy: 'venv' } : undefined;
    }),
  );
  return out.filter((c): c is Candidate => !!c);
}

/** What the user named with --python: an interpreter, a venv folder, a pyvenv.cfg, or a prefix. */
export async function fromUserPaths(paths: string[], ctx: LocationContext): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory() || basename(p).toLowerCase() === 'pyvenv.cfg') {
      const dir = info?.isDirectory() ? p : dirname(p);
      out.push({ path: (await interpreterIn(dir, ctx)) ?? p, foundBy: '--python' });
    } else {
      out.push({ path: p, foundBy: '--python' }); // missing or not executable: the probe says which
    }
  }
  return out;
}
