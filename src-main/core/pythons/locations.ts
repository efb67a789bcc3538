// Where interpreters live, per source, as candidate paths with how each was found. Nothing here
// runs Python; only the Windows launcher/registry and `conda env list` are commands (see discover.ts).
import { readdir, stat } from 'node:fs/promises';
import { basename, delimiter, dirname, join } from 'node:path';
import { readRegularText } from '../certs/regularFile.ts';

export interface Candidate {
  path: string;
  foundBy: string;
}

export interface LocationContext {
  env: NodeJS.ProcessEnv;
  home: string;
  cwd: string;
  platform: NodeJS.Platform;
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
  return stat(p).then((s) => s.isFile()).catch(() => false);
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory()).catch(() => false);
}

/** The interpreter of a prefix (a conda env, a venv, an install folder), if there is one. */
export async function interpreterIn(prefix: string, win: boolean): Promise<string | undefined> {
  const names = win ? ['python.exe', join('Scripts', 'python.exe')] : [join('bin', 'python3'), join('bin', 'python')];
  for (const n of names) if (await isFile(join(prefix, n))) return join(prefix, n);
  return undefined;
}

export async function pythonsInDir(dir: string, foundBy: string, win: boolean): Promise<Candidate[]> {
  return (await entries(dir)).filter((n) => isPythonName(n, win)).map((n) => ({ path: join(dir, n), foundBy }));
}

export async function fromPath(ctx: LocationContext): Promise<Candidate[]> {
  const win = ctx.platform === 'win32';
  const dirs = [...new Set((ctx.env.PATH ?? ctx.env.Path ?? '').split(delimiter).filter(Boolean))];
  const found = await Promise.all(dirs.map((d) => pythonsInDir(d, 'PATH', win)));
  // The Microsoft Store's app-execution alias without the Store package opens the Store: not Python.
  return found.flat().filter((c) => !(win && /\\WindowsApps\\python[\d.]*\.exe$/i.test(c.path)));
}

/** Interpreters under each subfolder of `parent` (pyenv versions, uv installs, conda envs). */
async function prefixesUnder(parent: string, foundBy: string, win: boolean): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const name of await entries(parent)) {
    const exe = await interpreterIn(join(parent, name), win);
    if (exe) out.push({ path: exe, foundBy });
  }
  return out;
}

export async function fromPyenv(ctx: LocationContext): Promise<Candidate[]> {
  const win = ctx.platform === 'win32';
  const root = win
    ? (ctx.env.PYENV ?? ctx.env.PYENV_ROOT ?? join(ctx.home, '.pyenv', 'pyenv-win'))
    : (ctx.env.PYENV_ROOT ?? join(ctx.home, '.pyenv'));
  return prefixesUnder(join(root, 'versions'), win ? 'pyenv-win' : 'pyenv', win);
}

export function uvPythonDir(ctx: LocationContext): string {
  if (ctx.env.UV_PYTHON_INSTALL_DIR) return ctx.env.UV_PYTHON_INSTALL_DIR;
  if (ctx.platform === 'win32') return join(ctx.env.APPDATA ?? join(ctx.home, 'AppData', 'Roaming'), 'uv', 'python');
  return join(ctx.env.XDG_DATA_HOME ?? join(ctx.home, '.local', 'share'), 'uv', 'python');
}

export async function fromUv(ctx: LocationContext): Promise<Candidate[]> {
  return prefixesUnder(uvPythonDir(ctx), 'uv', ctx.platform === 'win32');
}

/** Conda's own list of environments (conda and mamba append to it when they create one). */
export async function condaEnvironmentsTxt(ctx: LocationContext): Promise<string[]> {
  try {
    const text = (await readRegularText(join(ctx.home, '.conda', 'environments.txt'))) ?? '';
    return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  } catch {
    return [];
  }
}

/** Base installs of conda, Miniforge, Mambaforge, micromamba in their usual folders. */
export function condaBaseDirs(ctx: LocationContext): string[] {
  const names = ['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge', 'micromamba', 'Miniconda3', 'Anaconda3'];
  const roots = ctx.platform === 'win32' ? [ctx.home, ctx.env.ProgramData ?? 'C:\\ProgramData'] : [ctx.home, '/opt'];
  const dirs = roots.flatMap((r) => names.map((n) => join(r, n)));
  if (ctx.env.CONDA_PREFIX) dirs.push(ctx.env.CONDA_PREFIX);
  if (ctx.env.MAMBA_ROOT_PREFIX) dirs.push(ctx.env.MAMBA_ROOT_PREFIX);
  if (ctx.platform !== 'win32') dirs.push('/opt/conda');
  return dirs;
}

export async function fromCondaPrefixes(prefixes: string[], ctx: LocationContext): Promise<Candidate[]> {
  const win = ctx.platform === 'win32';
  const out: Candidate[] = [];
  const all = new Set(prefixes);
  for (const base of condaBaseDirs(ctx)) {
    if (!(await isDir(base))) continue;
    all.add(base);
    for (const env of await entries(join(base, 'envs'))) all.add(join(base, 'envs', env));
  }
  await Promise.all(
    [...all].map(async (prefix) => {
      const exe = await interpreterIn(prefix, win);
      if (exe) out.push({ path: exe, foundBy: 'conda' });
    }),
  );
  return out;
}

export async function fromHomebrewAndFrameworks(ctx: LocationContext): Promise<Candidate[]> {
  if (ctx.platform === 'win32') return [];
  const out: Candidate[] = [];
  for (const prefix of ['/opt/homebrew', '/usr/local', '/home/linuxbrew/.linuxbrew']) {
    if (!(await isDir(join(prefix, 'bin')))) continue;
    out.push(...(await pythonsInDir(join(prefix, 'bin'), prefix === '/usr/local' ? 'local' : 'homebrew', false)));
    for (const formula of (await entries(join(prefix, 'opt'))).filter((n) => /^python(@[\d.]+)?$/.test(n))) {
      out.push(...(await pythonsInDir(join(prefix, 'opt', formula, 'bin'), 'homebrew', false)));
    }
  }
  if (ctx.platform === 'darwin') {
    for (const root of ['/Library/Frameworks', join(ctx.home, 'Library', 'Frameworks')]) {
      const versions = join(root, 'Python.framework', 'Versions');
      for (const v of (await entries(versions)).filter((n) => n !== 'Current')) {
        out.push(...(await pythonsInDir(join(versions, v, 'bin'), 'python.org', false)));
      }
    }
  }
  // The distribution's own interpreters, on PATH or not.
  if (ctx.platform === 'linux') out.push(...(await pythonsInDir('/usr/bin', 'system', false)));
  return out;
}

export async function fromWindowsFolders(ctx: LocationContext): Promise<Candidate[]> {
  if (ctx.platform !== 'win32') return [];
  const local = ctx.env.LOCALAPPDATA ?? join(ctx.home, 'AppData', 'Local');
  const out: Candidate[] = [];
  // Microsoft Store packages: one folder per installed version beside the app-execution aliases.
  const apps = join(local, 'Microsoft', 'WindowsApps');
  for (const pkg of (await entries(apps)).filter((n) => /^PythonSoftwareFoundation\.Python\./i.test(n))) {
    out.push(...(await pythonsInDir(join(apps, pkg), 'microsoft-store', true)));
  }
  const parents = [join(local, 'Programs', 'Python'), ctx.env.ProgramFiles ?? 'C:\\Program Files', ctx.env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)', 'C:\\'];
  for (const parent of parents) {
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
    ctx.env.POETRY_VIRTUALENVS_PATH ??
      (ctx.platform === 'win32'
        ? join(ctx.env.LOCALAPPDATA ?? join(ctx.home, 'AppData', 'Local'), 'pypoetry', 'Cache', 'virtualenvs')
        : ctx.platform === 'darwin'
          ? join(ctx.home, 'Library', 'Caches', 'pypoetry', 'virtualenvs')
          : join(ctx.env.XDG_CACHE_HOME ?? join(ctx.home, '.cache'), 'pypoetry', 'virtualenvs')),
  ];
  for (const parent of parents) for (const name of await entries(parent)) dirs.push(join(parent, name));
  const withCfg = await Promise.all(dirs.map(async (d) => ((await isFile(join(d, 'pyvenv.cfg'))) ? d : undefined)));
  return withCfg.filter((d): d is string => !!d);
}

/** A venv named by its pyvenv.cfg (the disk walk's finding) -> its interpreter. */
export async function fromPyvenvCfgs(cfgs: string[], ctx: LocationContext): Promise<Candidate[]> {
  const win = ctx.platform === 'win32';
  const out = await Promise.all(cfgs.map(async (cfg) => {
    const dir = basename(cfg).toLowerCase() === 'pyvenv.cfg' ? dirname(cfg) : cfg;
    const exe = await interpreterIn(dir, win);
    return exe ? { path: exe, foundBy: 'venv' } : undefined;
  }));
  return out.filter((c): c is Candidate => !!c);
}

/** What the user named with --python: an interpreter, a venv folder, a pyvenv.cfg, or a prefix. */
export async function fromUserPaths(paths: string[], ctx: LocationContext): Promise<Candidate[]> {
  const win = ctx.platform === 'win32';
  const out: Candidate[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory() || basename(p).toLowerCase() === 'pyvenv.cfg') {
      const dir = info?.isDirectory() ? p : dirname(p);
      out.push({ path: (await interpreterIn(dir, win)) ?? p, foundBy: '--python' });
    } else {
      out.push({ path: p, foundBy: '--python' }); // missing or not executable: the probe says which
    }
  }
  return out;
}
