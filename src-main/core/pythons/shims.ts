// pyenv's shims are bash scripts (pyenv-win's are .bat files) that pick a version at every call:
// PYENV_VERSION, else the nearest .python-version upward from the current folder, else
// $PYENV_ROOT/version, else "system" (the next interpreter of that name on PATH). Running
// `pyenv which` costs a bash start per shim; reading those same files costs a few stats.
import { stat } from 'node:fs/promises';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { openRegular, readRegularText } from '../certs/regularFile.ts';

export interface ShimContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  /** Windows' names (python.exe, a version folder without bin/): the backend's pythons.windowsNames. */
  win: boolean;
  /** pyenv's (or pyenv-win's) root, as the backend's pythons.pyenv says for this environment. */
  pyenvRoot: string;
}

function pyenvRoot(ctx: ShimContext): string {
  return ctx.pyenvRoot;
}

/** Is this file a pyenv (or pyenv-win) shim? By its folder, or by its first bytes. */
export async function isPyenvShim(path: string, ctx: ShimContext): Promise<boolean> {
  if (dirname(path) === join(pyenvRoot(ctx), 'shims')) return true;
  // Only a regular file's head is read: a FIFO named like python3 on PATH is not waited on.
  const opened = await openRegular(path);
  if (!opened.ok) return false;
  const { handle } = opened;
  try {
    const buf = Buffer.alloc(600);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead).toString('latin1');
    return (
      (head.startsWith('#!') || /^@echo/i.test(head)) && /pyenv(\.bat|")?\s+exec\b|libexec\/pyenv"? exec/.test(head)
    );
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

async function versionFile(file: string): Promise<string[] | undefined> {
  try {
    const text = (await readRegularText(file)) ?? '';
    const names = text.split(/\s+/).filter((s) => s && !s.startsWith('#'));
    return names.length ? names : undefined;
  } catch {
    return undefined;
  }
}

/** The version names pyenv would select now, in order. */
export async function selectedVersions(ctx: ShimContext): Promise<string[]> {
  const fromEnv = ctx.env.PYENV_VERSION?.split(/[:\s]+/).filter(Boolean);
  if (fromEnv?.length) return fromEnv;
  for (let dir = resolve(ctx.cwd); ; dir = dirname(dir)) {
    const names = await versionFile(join(dir, '.python-version'));
    if (names) return names;
    if (dirname(dir) === dir) break;
  }
  return (await versionFile(join(pyenvRoot(ctx), 'version'))) ?? ['system'];
}

async function isFile(p: string): Promise<boolean> {
  return stat(p)
    .then((s) => s.isFile())
    .catch(() => false);
}

/** The real interpreter a shim runs now, or undefined when pyenv would fail ("command not found"). */
export async function resolvePyenvShim(shim: string, ctx: ShimContext): Promise<string | undefined> {
  const program = basename(shim).replace(/\.(bat|cmd|ps1)$/i, '');
  const root = pyenvRoot(ctx);
  for (const version of await selectedVersions(ctx)) {
    if (version === 'system') {
      const shimsDir = dirname(shim);
      for (const dir of (ctx.env.PATH ?? '').split(delimiter)) {
        if (!dir || resolve(dir) === shimsDir) continue;
        const candidate = join(dir, ctx.win ? `${program}.exe` : program);
        if (await isFile(candidate)) return candidate;
      }
      continue;
    }
    const candidate = ctx.win
      ? join(root, 'versions', version, `${program}.exe`)
      : join(root, 'versions', version, 'bin', program);
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}
