// What each family's finder hands the scan: one installed client, its version, what its resolver
// decided and the files it reads. The scan (scanClients.ts) turns these into ToolClient records and
// judges their sources.
import { msg, type Message } from '../messages.ts';
import type { FindContext } from './find.ts';
import type { Resolution } from './resolve.ts';
import { runTool, versionIn } from './run.ts';
import type { ConfigFile, ToolClientName } from './types.ts';

export interface Found {
  name: ToolClientName;
  executable: string;
  real: string;
  foundBy: string[];
  version?: string;
  versionError?: Message;
  resolution: Resolution;
  configFiles: ConfigFile[];
  /** The client's own bundle, reported even when a setting overrides it. */
  bundled?: string;
  pythonId?: string;
}

/** Runs `exe args` (e.g. `git --version`) and takes the first version-looking token of its answer. */
export async function askVersion(
  exe: string,
  args: string[],
  ctx: FindContext,
  env?: Record<string, string>,
): Promise<{ version?: string; versionError?: Message; stdout: string }> {
  const r = await runTool(exe, args, {
    timeoutMs: ctx.timeoutMs,
    cwd: ctx.cwd,
    ...(env ? { env } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.platform ? { platform: ctx.platform } : {}),
  });
  const version = r.ok ? versionIn(r.stdout || r.stderr) : undefined;
  if (version) return { version, stdout: r.stdout };
  // A path cmd.exe would read as a command (a % or ! in a folder's name): never started.
  if (r.failure === 'unsafe' && r.problem) return { versionError: r.problem, stdout: '' };
  // A shim (aws.cmd, conda.bat) whose program was removed: absent, not a program that failed.
  if (r.failure === 'not-found')
    return { versionError: msg('clients:version.notInstalled', { path: exe }), stdout: r.stdout };
  if (r.failure === 'timeout')
    return {
      versionError: msg('clients:version.timeout', { path: exe, seconds: Math.round(ctx.timeoutMs / 1000) }),
      stdout: r.stdout,
    };
  return {
    versionError: msg('clients:version.failed', {
      path: exe,
      detail: (r.stderr || r.stdout).trim().split('\n')[0]?.slice(0, 200) ?? '',
    }),
    stdout: r.stdout,
  };
}

/** The environment as a plain record for a child process (undefined values dropped). */
export function childEnv(
  env: Readonly<Record<string, string | undefined>>,
  drop: string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !drop.includes(k)) out[k] = v;
  return out;
}

/** What every client found on PATH reports alike: where it is, the program it runs, and its answer
 * to the version question. */
export function foundOnPath(
  name: ToolClientName,
  executable: string,
  realPath: string,
  asked: { version?: string; versionError?: Message },
): Pick<Found, 'name' | 'executable' | 'real' | 'foundBy' | 'version' | 'versionError'> {
  return {
    name,
    executable,
    real: realPath,
    foundBy: ['PATH'],
    ...(asked.version ? { version: asked.version } : {}),
    ...(asked.versionError ? { versionError: asked.versionError } : {}),
  };
}
