// Where interpreters are installed on each OS (pythons/locations.ts asks, never which OS it runs on):
// pure, so tests ask Windows' answers on Linux. Paths are joined with the host's node:path, as the
// finders that stat them always have.
import { join } from 'node:path';
import type { EnvLike, PythonPlaces } from './types.ts';

const CONDA_NAMES = ['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge', 'micromamba', 'Miniconda3', 'Anaconda3'];

/** Prefixes the env names besides the usual install folders (the active env, micromamba's root). */
function condaEnvPrefixes(env: EnvLike): string[] {
  return [env.CONDA_PREFIX, env.MAMBA_ROOT_PREFIX].filter((p): p is string => !!p);
}

export const win32PythonPlaces: PythonPlaces = {
  windowsNames: true,
  interpreterInPrefix: ['python.exe', join('Scripts', 'python.exe')],
  // The Microsoft Store's app-execution alias without the Store package opens the Store: not Python.
  isStoreAlias: (path) => /\\WindowsApps\\python[\d.]*\.exe$/i.test(path),
  pyenv: (env, home) => ({
    root: env.PYENV ?? env.PYENV_ROOT ?? join(home, '.pyenv', 'pyenv-win'),
    foundBy: 'pyenv-win',
  }),
  uvPythonDir: (env, home) =>
    env.UV_PYTHON_INSTALL_DIR ?? join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'uv', 'python'),
  condaBaseDirs: (env, home) => [
    ...[home, env.ProgramData ?? 'C:\\ProgramData'].flatMap((r) => CONDA_NAMES.map((n) => join(r, n))),
    ...condaEnvPrefixes(env),
  ],
  condaPrograms: { names: ['conda.exe', 'mamba.exe', 'micromamba.exe', 'conda.bat'], binDir: 'Scripts' },
  unixPrefixes: [],
  frameworkRoots: () => [],
  systemBinDirs: [],
  storePackagesDir: (env, home) => join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Microsoft', 'WindowsApps'),
  installParents: (env, home) => [
    join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Programs', 'Python'),
    env.ProgramFiles ?? 'C:\\Program Files',
    env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)',
    'C:\\',
  ],
  poetryVenvDir: (env, home) =>
    join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'pypoetry', 'Cache', 'virtualenvs'),
  launcherAndRegistry: true,
};

const posix = {
  windowsNames: false,
  interpreterInPrefix: [join('bin', 'python3'), join('bin', 'python')],
  isStoreAlias: () => false,
  pyenv: (env: EnvLike, home: string) => ({ root: env.PYENV_ROOT ?? join(home, '.pyenv'), foundBy: 'pyenv' }),
  uvPythonDir: (env: EnvLike, home: string) =>
    env.UV_PYTHON_INSTALL_DIR ?? join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'uv', 'python'),
  condaBaseDirs: (env: EnvLike, home: string) => [
    ...[home, '/opt'].flatMap((r) => CONDA_NAMES.map((n) => join(r, n))),
    ...condaEnvPrefixes(env),
    '/opt/conda',
  ],
  condaPrograms: { names: ['conda', 'mamba', 'micromamba'], binDir: 'bin' },
  // Homebrew (Apple silicon, Intel, Linuxbrew) and /usr/local's own installs.
  unixPrefixes: ['/opt/homebrew', '/usr/local', '/home/linuxbrew/.linuxbrew'],
  storePackagesDir: () => null,
  installParents: () => [],
  launcherAndRegistry: false,
} as const;

export const darwinPythonPlaces: PythonPlaces = {
  ...posix,
  // python.org's installers: all users, or one user.
  frameworkRoots: (home) => ['/Library/Frameworks', join(home, 'Library', 'Frameworks')],
  systemBinDirs: [],
  poetryVenvDir: (_env, home) => join(home, 'Library', 'Caches', 'pypoetry', 'virtualenvs'),
};

export const linuxPythonPlaces: PythonPlaces = {
  ...posix,
  frameworkRoots: () => [],
  // The distribution's own interpreters, on PATH or not.
  systemBinDirs: ['/usr/bin'],
  poetryVenvDir: (env, home) => join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'pypoetry', 'virtualenvs'),
};
