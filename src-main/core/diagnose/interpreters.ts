// Which interpreters to ask when the user names none.
//
// fallbackInterpreterList() is a stop-gap: the interpreter discovery of src-main/core/pythons/
// (issue 5) replaces it at merge. Until then: ~/.pyenv/versions/*/bin/python plus the python3 and
// python found on PATH, one entry per real file.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { PythonInfo } from '../pythons/types.ts';

/** An interpreter to check: a path, or what discovery already knows of it. */
export type InterpreterRef = string | PythonInfo;

export function executableOf(ref: InterpreterRef): string {
  return typeof ref === 'string' ? ref : ref.executable;
}

export function fallbackInterpreterList(env: NodeJS.ProcessEnv = process.env): string[] {
  const found: string[] = [];
  const pyenvRoot = env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  try {
    for (const v of readdirSync(join(pyenvRoot, 'versions')).sort(versionOrder)) {
      const exe = join(pyenvRoot, 'versions', v, 'bin', 'python');
      if (existsSync(exe)) found.push(exe);
    }
  } catch {}
  const exeNames = process.platform === 'win32' ? ['python.exe', 'python3.exe'] : ['python3', 'python'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes(join('.pyenv', 'shims'))) continue;
    for (const name of exeNames) {
      const exe = join(dir, name);
      if (existsSync(exe)) found.push(exe);
    }
  }
  const seen = new Set<string>();
  return found.filter((exe) => {
    let real = exe;
    try {
      real = realpathSync(exe);
    } catch {}
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

function versionOrder(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.localeCompare(b);
}
