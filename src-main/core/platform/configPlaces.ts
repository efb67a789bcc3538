// Where pip, git, npm and conda keep their system-wide and per-user settings on each OS: the files
// bundles/discover/configured.ts reads for a CA path, and the pip file `trustfix point pip.conf`
// writes. Pure, so tests ask Windows' answers on Linux; joined with the host's node:path, as before.
// Sources: https://pip.pypa.io/en/stable/topics/configuration/#location,
// https://git-scm.com/docs/git-config#FILES, https://docs.npmjs.com/cli/v10/configuring-npm/npmrc
import { join } from 'node:path';
import type { ConfigPlaces, ToolConfigFile } from './types.ts';

export const win32ConfigPlaces: ConfigPlaces = {
  toolConfigFiles(env, home) {
    const out: ToolConfigFile[] = [];
    if (env.ProgramData) out.push({ kind: 'pip', file: join(env.ProgramData, 'pip', 'pip.ini') });
    if (env.APPDATA) out.push({ kind: 'pip', file: join(env.APPDATA, 'pip', 'pip.ini') });
    out.push({ kind: 'pip', file: join(home, 'pip', 'pip.ini') });
    if (env.ProgramFiles) out.push({ kind: 'gitconfig', file: join(env.ProgramFiles, 'Git', 'etc', 'gitconfig') });
    if (env.APPDATA) out.push({ kind: 'npmrc', file: join(env.APPDATA, 'npm', 'etc', 'npmrc') });
    return out;
  },
  userPipConfig: (env, home) => join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'pip', 'pip.ini'),
};

/** Linux's and macOS's files; macOS adds pip's Application Support file after the XDG one. */
function posixToolConfigFiles(
  env: Parameters<ConfigPlaces['toolConfigFiles']>[0],
  home: string,
  macPip: boolean,
): ToolConfigFile[] {
  const out: ToolConfigFile[] = [{ kind: 'pip', file: '/etc/pip.conf' }];
  for (const dir of (env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':'))
    out.push({ kind: 'pip', file: join(dir, 'pip', 'pip.conf') });
  out.push({ kind: 'pip', file: join(home, '.pip', 'pip.conf') });
  out.push({ kind: 'pip', file: join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'pip', 'pip.conf') });
  if (macPip) out.push({ kind: 'pip', file: join(home, 'Library', 'Application Support', 'pip', 'pip.conf') });
  out.push({ kind: 'gitconfig', file: '/etc/gitconfig' });
  out.push({ kind: 'gitconfig', file: join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'git', 'config') });
  out.push({ kind: 'npmrc', file: '/etc/npmrc' });
  out.push({ kind: 'npmrc', file: '/usr/local/etc/npmrc' });
  out.push({ kind: 'condarc', file: '/etc/conda/.condarc' });
  out.push({ kind: 'condarc', file: '/opt/conda/.condarc' });
  return out;
}

export const darwinConfigPlaces: ConfigPlaces = {
  toolConfigFiles: (env, home) => posixToolConfigFiles(env, home, true),
  userPipConfig: (_env, home) => join(home, 'Library', 'Application Support', 'pip', 'pip.conf'),
};

export const linuxConfigPlaces: ConfigPlaces = {
  toolConfigFiles: (env, home) => posixToolConfigFiles(env, home, false),
  userPipConfig: (env, home) => join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'pip', 'pip.conf'),
};
