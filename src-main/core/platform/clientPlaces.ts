// Where the non-Python HTTPS clients (curl, git, node/npm, uv, conda, poetry, the AWS CLI) keep
// their programs and settings on each OS: pure functions of the environment, the home folder and the
// program's path, so core/clients never branches on the OS and tests can ask for Windows' answers on
// Linux. Each entry cites the tool's own documentation.
import { posix, win32 } from 'node:path';
import type { ClientPlaces, CommandSpec, EnvLike } from './types.ts';

const set = (v: string | undefined): string | undefined => (v && v.trim() ? v : undefined);

/** XDG base directories (https://specifications.freedesktop.org/basedir-spec/latest/). */
const xdgConfigHome = (env: EnvLike, home: string): string => set(env.XDG_CONFIG_HOME) ?? posix.join(home, '.config');
const xdgConfigDirs = (env: EnvLike): string[] => (set(env.XDG_CONFIG_DIRS) ?? '/etc/xdg').split(':').filter(Boolean);

/** conda's search path (conda/base/constants.py SEARCH_PATH; docs "Searching for .condarc"): later
 * files win; $CONDARC last. `root` is the install (CONDA_ROOT); CONDA_PREFIX the active env. */
function condarcTail(j: (...p: string[]) => string, env: EnvLike, home: string, root?: string): string[] {
  const out: string[] = [];
  const trio = (dir: string): string[] => [j(dir, '.condarc'), j(dir, 'condarc')];
  if (root) out.push(...trio(root));
  if (set(env.XDG_CONFIG_HOME)) out.push(...trio(j(env.XDG_CONFIG_HOME!, 'conda')));
  out.push(...trio(j(home, '.config', 'conda')), ...trio(j(home, '.conda')), j(home, '.condarc'));
  if (set(env.CONDA_PREFIX)) out.push(...trio(env.CONDA_PREFIX!));
  if (set(env.CONDARC)) out.push(env.CONDARC!);
  return out;
}

const posixCommon = {
  pathDirs: (env: EnvLike): string[] => (env.PATH ?? '').split(':').filter(Boolean),
  listSeparator: ':',
  programNames: (name: string): string[] => [name],
  join: (...parts: string[]): string => posix.join(...parts),
  dirname: (p: string): string => posix.dirname(p),
  // curl(1) --config: $CURL_HOME/.curlrc, $XDG_CONFIG_HOME/.curlrc (7.73.0+), $HOME/.curlrc, and
  // $HOME/.config/curlrc when XDG_CONFIG_HOME is unset (curl issue #12129); the first found is read.
  curlrcFiles(env: EnvLike, home: string): string[] {
    const out: string[] = [];
    if (set(env.CURL_HOME)) out.push(posix.join(env.CURL_HOME!, '.curlrc'));
    if (set(env.XDG_CONFIG_HOME)) out.push(posix.join(env.XDG_CONFIG_HOME!, '.curlrc'));
    out.push(posix.join(set(env.HOME) ?? home, '.curlrc'));
    if (!set(env.XDG_CONFIG_HOME)) out.push(posix.join(set(env.HOME) ?? home, '.config', 'curlrc'));
    return out;
  },
  // Only Windows builds look for a bundle by name; elsewhere the build's default is measured.
  curlBundleSearch: (): string[] => [],
  // http.sslBackend is ignored unless libcurl was built with several backends (git-config(1)).
  gitBackends: [] as readonly string[],
  gitBundledCa: (): string | null => null,
  // npm is a script with "#!/usr/bin/env node": run as is.
  npmCommand: (npmPath: string): CommandSpec => ({ file: npmPath, args: [] }),
  // npm docs (npmrc): per-user config $HOME/.npmrc unless NPM_CONFIG_USERCONFIG names another.
  npmUserRc: (env: EnvLike, home: string): string =>
    set(env.NPM_CONFIG_USERCONFIG) ?? set(env.npm_config_userconfig) ?? posix.join(home, '.npmrc'),
  // npm docs (folders, npmrc): global config $PREFIX/etc/npmrc, the prefix being the folder above
  // node's bin/ (e.g. /usr for /usr/bin/node) unless NPM_CONFIG_PREFIX moves it.
  npmGlobalRc(env: EnvLike, _home: string, nodeExe: string): string {
    const explicit = set(env.NPM_CONFIG_GLOBALCONFIG) ?? set(env.npm_config_globalconfig);
    if (explicit) return explicit;
    const prefix = set(env.NPM_CONFIG_PREFIX) ?? set(env.npm_config_prefix) ?? posix.dirname(posix.dirname(nodeExe));
    return posix.join(prefix, 'etc', 'npmrc');
  },
  // uv docs (concepts/configuration-files): user ~/.config/uv/uv.toml (XDG_CONFIG_HOME), system
  // /etc/uv/uv.toml and $XDG_CONFIG_DIRS/uv/uv.toml, on macOS as on Linux.
  uvConfigFiles: (env: EnvLike, home: string) => ({
    user: posix.join(xdgConfigHome(env, home), 'uv', 'uv.toml'),
    system: [...xdgConfigDirs(env).map((d) => posix.join(d, 'uv', 'uv.toml')), '/etc/uv/uv.toml'],
  }),
  condarcFiles: (env: EnvLike, home: string, root?: string): string[] => [
    '/etc/conda/.condarc',
    '/etc/conda/condarc',
    '/var/lib/conda/.condarc',
    '/var/lib/conda/condarc',
    ...condarcTail(posix.join, env, home, root),
  ],
  // AWS CLI docs (cli-configure-files): ~/.aws/config unless AWS_CONFIG_FILE names another.
  awsConfigFile: (env: EnvLike, home: string): string => set(env.AWS_CONFIG_FILE) ?? posix.join(home, '.aws', 'config'),
  /** lib/python3.X/site-packages under a prefix: the parent, and that the version folder is between. */
  sitePackagesParent: (prefix: string) => ({ dir: posix.join(prefix, 'lib'), versioned: true }),
  /** A console script's environment is named by its #! line on POSIX (read by the caller). */
  scriptPrefix: (): string | null => null,
};

export const linuxClientPlaces: ClientPlaces = {
  ...posixCommon,
  // Poetry docs (configuration): Linux $XDG_CONFIG_HOME/pypoetry, else ~/.config/pypoetry.
  poetryConfigDir: (env, home) => set(env.POETRY_CONFIG_DIR) ?? posix.join(xdgConfigHome(env, home), 'pypoetry'),
};

export const darwinClientPlaces: ClientPlaces = {
  ...posixCommon,
  // Poetry docs (configuration): macOS ~/Library/Application Support/pypoetry.
  poetryConfigDir: (env, home) =>
    set(env.POETRY_CONFIG_DIR) ?? posix.join(home, 'Library', 'Application Support', 'pypoetry'),
};

const appData = (env: EnvLike, home: string): string => set(env.APPDATA) ?? win32.join(home, 'AppData', 'Roaming');
const programData = (env: EnvLike): string => set(env.ProgramData) ?? set(env.PROGRAMDATA) ?? 'C:\\ProgramData';

export const win32ClientPlaces: ClientPlaces = {
  pathDirs: (env) => (env.Path ?? env.PATH ?? '').split(';').filter(Boolean),
  listSeparator: ';',
  // cmd.exe tries PATHEXT in order; the tools here ship as .exe, npm and conda also as .cmd/.bat.
  programNames: (name) => [`${name}.exe`, `${name}.cmd`, `${name}.bat`],
  join: (...parts) => win32.join(...parts),
  dirname: (p) => win32.dirname(p),
  // curl(1) --config on Windows: after $CURL_HOME, $XDG_CONFIG_HOME and $HOME, %USERPROFILE%,
  // %APPDATA% and %USERPROFILE%\Application Data, then the folder of curl.exe; "_curlrc" is tried
  // after ".curlrc" in each (tool_findfile.h, CURLRC_DOTSCORE 2).
  curlrcFiles(env, home, curlExe) {
    const dirs: string[] = [];
    if (set(env.CURL_HOME)) dirs.push(env.CURL_HOME!);
    if (set(env.XDG_CONFIG_HOME)) dirs.push(env.XDG_CONFIG_HOME!);
    if (set(env.HOME)) dirs.push(env.HOME!);
    const profile = set(env.USERPROFILE) ?? home;
    dirs.push(profile, appData(env, home), win32.join(profile, 'Application Data'), win32.dirname(curlExe));
    return dirs.flatMap((d) => [win32.join(d, '.curlrc'), win32.join(d, '_curlrc')]);
  },
  // curl's tool_operate.c (FindWin32CACert), for builds not using Schannel and with no CA variable:
  // curl-ca-bundle.crt beside curl.exe, then in the current folder, the system folders and PATH.
  curlBundleSearch(env, curlExe) {
    const windir = set(env.SystemRoot) ?? set(env.windir) ?? 'C:\\Windows';
    const dirs = [
      win32.dirname(curlExe),
      win32.join(windir, 'System32'),
      windir,
      ...(env.Path ?? env.PATH ?? '').split(';').filter(Boolean),
    ];
    return dirs.map((d) => win32.join(d, 'curl-ca-bundle.crt'));
  },
  // Git for Windows ships libcurl with OpenSSL and Schannel; http.sslBackend picks one
  // (git-config(1); https://github.com/git-for-windows/git/wiki/FAQ).
  gitBackends: ['openssl', 'schannel'],
  // Git for Windows' own bundle: <install>\mingw64\etc\ssl\certs\ca-bundle.crt, git.exe being in
  // <install>\cmd or <install>\bin (its installer also names it in the system gitconfig).
  gitBundledCa: (gitExe) =>
    win32.join(win32.dirname(win32.dirname(gitExe)), 'mingw64', 'etc', 'ssl', 'certs', 'ca-bundle.crt'),
  // npm.cmd runs node on npm-cli.js beside it; Node refuses to spawn a .cmd without a shell
  // (CVE-2024-27980), so TrustFix runs that same line itself.
  npmCommand: (npmPath, nodePath) => ({
    file: nodePath,
    args: [win32.join(win32.dirname(npmPath), 'node_modules', 'npm', 'bin', 'npm-cli.js')],
  }),
  npmUserRc: (env, home) =>
    set(env.NPM_CONFIG_USERCONFIG) ??
    set(env.npm_config_userconfig) ??
    win32.join(set(env.USERPROFILE) ?? home, '.npmrc'),
  // npm docs (folders): on Windows the global prefix is %APPDATA%\npm, so its config is
  // %APPDATA%\npm\etc\npmrc.
  npmGlobalRc(env, home) {
    const explicit = set(env.NPM_CONFIG_GLOBALCONFIG) ?? set(env.npm_config_globalconfig);
    if (explicit) return explicit;
    const prefix = set(env.NPM_CONFIG_PREFIX) ?? set(env.npm_config_prefix) ?? win32.join(appData(env, home), 'npm');
    return win32.join(prefix, 'etc', 'npmrc');
  },
  // uv docs (configuration-files): user %APPDATA%\uv\uv.toml, system %PROGRAMDATA%\uv\uv.toml.
  uvConfigFiles: (env, home) => ({
    user: win32.join(appData(env, home), 'uv', 'uv.toml'),
    system: [win32.join(programData(env), 'uv', 'uv.toml')],
  }),
  // conda's SEARCH_PATH on Windows starts with C:\ProgramData\conda\.condarc and condarc.
  condarcFiles: (env, home, root) => [
    win32.join(programData(env), 'conda', '.condarc'),
    win32.join(programData(env), 'conda', 'condarc'),
    ...condarcTail(win32.join, env, set(env.USERPROFILE) ?? home, root),
  ],
  // Poetry docs (configuration): Windows %APPDATA%\pypoetry.
  poetryConfigDir: (env, home) => set(env.POETRY_CONFIG_DIR) ?? win32.join(appData(env, home), 'pypoetry'),
  awsConfigFile: (env, home) => set(env.AWS_CONFIG_FILE) ?? win32.join(set(env.USERPROFILE) ?? home, '.aws', 'config'),
  sitePackagesParent: (prefix) => ({ dir: win32.join(prefix, 'Lib', 'site-packages'), versioned: false }),
  // A venv's console scripts live in <venv>\Scripts (poetry.exe, aws.cmd).
  scriptPrefix: (exe) =>
    /^scripts$/i.test(win32.basename(win32.dirname(exe))) ? win32.dirname(win32.dirname(exe)) : null,
};
