// Which interpreters to ask when the user names none: every interpreter the Python discovery
// (src-main/core/pythons/discover.ts) finds, each listed once.
import { discoverInterpreters } from '../pythons/discover.ts';
import type { PythonInfo } from '../pythons/types.ts';

/** An interpreter to check: a path, or what discovery already knows of it. */
export type InterpreterRef = string | PythonInfo;

export function executableOf(ref: InterpreterRef): string {
  return typeof ref === 'string' ? ref : ref.executable;
}

export async function defaultInterpreters(
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<string[]> {
  const found = await discoverInterpreters({ env, ...(signal ? { signal } : {}) });
  return found.map((d) => d.executable);
}
