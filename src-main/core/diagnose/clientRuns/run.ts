// Runs one client's command (commands.ts) for real: an argument array, no shell, the user's
// environment plus only the no-prompt / no-retry variables, a timeout, cancelled by the signal.
// Started as the OS backend says (platform/launch.ts): a Windows conda.bat through cmd.exe, quoted.
import { execa } from 'execa';
import { cancelledBy } from '../../cancel.ts';
import { platformFor } from '../../platform/index.ts';
import type { Target } from '../target.ts';
import { commandFor } from './commands.ts';
import { readClient } from './readErrors.ts';
import type { ClientRunSpec, ClientSays } from './types.ts';

export interface RunOptions {
  /** The proxy the environment names for this host (fetchChain.proxyFor), for node's script. */
  proxy: string | null;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function runClient(spec: ClientRunSpec, target: Target, options: RunOptions): Promise<ClientSays> {
  const started = performance.now();
  const cmd = commandFor(spec.name, spec.executable, target.url, {
    proxy: options.proxy,
    host: target.host,
    timeoutSeconds: options.timeoutMs / 1000,
    env: spec.env,
  });
  const command = [cmd.file, ...cmd.args];
  const env = { ...spec.env, ...cmd.env };
  const launch = platformFor().launch({ file: cmd.file, args: cmd.args }, env);
  if (!launch.ok)
    return {
      ok: false,
      command,
      exitCode: null,
      error: null,
      code: 'not-started',
      family: 'other',
      elapsedMs: 0,
      problem: launch.problem,
    };
  const result = await execa(launch.command.file, launch.command.args, {
    reject: false,
    ...(launch.command.verbatim ? { windowsVerbatimArguments: true } : {}),
    timeout: options.timeoutMs,
    ...cancelledBy(options.signal),
    env,
    extendEnv: false,
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
    ...(cmd.stdin !== undefined ? { input: cmd.stdin } : { stdin: 'ignore' as const }),
    stripFinalNewline: true,
    maxBuffer: 1_000_000,
  });
  const elapsedMs = Math.round(performance.now() - started);
  if (result.timedOut)
    return {
      ok: false,
      command,
      exitCode: null,
      error: `no answer within ${Math.round(options.timeoutMs / 1000)} s`,
      code: 'timeout',
      family: 'unreachable',
      timedOut: true,
      elapsedMs,
    };
  if (result.exitCode === undefined) {
    // Not started (ENOENT, EACCES) or cancelled.
    return {
      ok: false,
      command,
      exitCode: null,
      error: result.shortMessage ?? String(result.originalMessage ?? ''),
      code: (result.cause as NodeJS.ErrnoException | undefined)?.code ?? null,
      family: 'other',
      elapsedMs,
    };
  }
  const read = readClient(spec.name, result.exitCode, String(result.stdout), String(result.stderr));
  return {
    ok: read.family === 'ok',
    command,
    exitCode: result.exitCode,
    error: read.error,
    code: read.code,
    family: read.family,
    elapsedMs,
  };
}
