// One interpreter, however many paths lead to it. A symlink or a second name (python3 ->
// python3.11) is the same interpreter; but a venv's python is a symlink to its base interpreter and
// is *not* the same (another sys.prefix, other packages), so a path inside a venv is keyed by the
// venv's folder, as Python itself decides: a pyvenv.cfg beside the executable or one level up.
import { realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homeAsTilde } from '../platform/homePath.ts';

export async function venvRootOf(executable: string): Promise<string | undefined> {
  for (const dir of [dirname(executable), dirname(dirname(executable))]) {
    if (
      await stat(join(dir, 'pyvenv.cfg'))
        .then((s) => s.isFile())
        .catch(() => false)
    )
      return dir;
  }
  return undefined;
}

export async function interpreterKey(executable: string): Promise<{ key: string; real: string; venv?: string }> {
  const real = await realpath(executable).catch(() => executable);
  const venv = await venvRootOf(executable);
  if (venv) {
    const realVenv = await realpath(venv).catch(() => venv);
    return { key: `venv:${realVenv}`, real, venv: realVenv };
  }
  return { key: real, real };
}

/** An interpreter's id in reports: its key with the home folder as `~`, so the same interpreter at the
 * same place under another person's home has the same id on every machine. (File names TrustFix
 * writes per interpreter keep `pythonId` of the full key: they name files of this machine only.) */
export function interpreterId(key: string): string {
  return pythonId(homeAsTilde(key));
}

/** "py-" + 12 hex of a 64-bit FNV-1a hash of the key: short, stable across runs. */
export function pythonId(key: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(key)) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return `py-${h.toString(16).padStart(16, '0').slice(0, 12)}`;
}
