// Running a client program to ask it something (its version, its config, its defaults): execa with
// an argument array, no shell, stdin closed, a timeout, and cancellable; any failure is a result.
// The OS backend says how the program is started (platform/launch.ts): on Windows a .cmd/.bat shim
// goes through cmd.exe with a quoted command line, since Node refuses to start one itself (EINVAL).
import { execa } from 'execa';
import { cancelledBy } from '../cancel.ts';
import type { Message } from '../messages.ts';
import { platformFor } from '../platform/index.ts';
import { programAbsent } from '../platform/notFound.ts';
import type { Platform } from '../platform/types.ts';

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The backend that says how a program is started; this machine's by default. */
  platform?: Pick<Platform, 'launch'>;
}

export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  exitCode?: number;
  failure?: 'not-found' | 'spawn' | 'timeout' | 'cancelled' | 'exit' | 'unsafe';
  /** Why it was not started ('unsafe': a path or argument cmd.exe would read as a command). */
  problem?: Message;
}

export async function runTool(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const launch = (options.platform ?? platformFor()).launch({ file, args }, options.env ?? process.env);
  if (!launch.ok) return { ok: false, stdout: '', stderr: '', failure: 'unsafe', problem: launch.problem };
  const { command } = launch;
  try {
    const r = await execa(command.file, command.args, {
      reject: false,
      ...(command.verbatim ? { windowsVerbatimArguments: true } : {}),
      stdin: 'ignore',
      timeout: options.timeoutMs ?? 10_000,
      ...(options.env ? { env: options.env, extendEnv: false } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      maxBuffer: 4 * 1024 * 1024,
      ...cancelledBy(options.signal),
    });
    const base = {
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
    };
    if (r.isCanceled) return { ...base, ok: false, failure: 'cancelled' };
    if (r.timedOut) return { ...base, ok: false, failure: 'timeout' };
    return classifyRun({ ...base, code: (r as { code?: string }).code, failed: r.failed });
  } catch {
    return { ok: false, stdout: '', stderr: '', failure: 'spawn' };
  }
}

/** A finished run as a result: a program that is absent (a spawn ENOENT, or Windows' cmd saying it
 * cannot find it: exit 9009, platform/notFound.ts) is 'not-found', never a program that failed. */
export function classifyRun(r: {
  stdout: string;
  stderr: string;
  exitCode?: number;
  code?: string | undefined;
  failed: boolean;
}): RunResult {
  const base = { stdout: r.stdout, stderr: r.stderr, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}) };
  if (programAbsent(r)) return { ...base, ok: false, failure: 'not-found' };
  if (r.failed && r.exitCode === undefined) return { ...base, ok: false, failure: 'spawn' };
  return r.exitCode === 0 ? { ...base, ok: true } : { ...base, ok: false, failure: 'exit' };
}

/** The first version-looking token of a program's answer: "git version 2.39.5" -> 2.39.5,
 * "v24.6.0" -> 24.6.0, "uv 0.11.2 (abc 2026-01-01)" -> 0.11.2, "conda 24.7.1" -> 24.7.1,
 * "Poetry (version 2.1.3)" -> 2.1.3, "aws-cli/2.17.5 Python/3.11.9 ..." -> 2.17.5. */
export function versionIn(text: string): string | undefined {
  return /(?:^|[\s/(v])v?(\d+\.\d+(?:\.\d+)?(?:[.+-][0-9A-Za-z.]+)?)/.exec(text.trim())?.[1];
}
