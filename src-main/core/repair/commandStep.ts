// A command change: run the exact argument array (no shell), with a timeout, output shown live when
// asked (pip), cancellable. A command that must run as administrator goes through the elevated verb,
// which rebuilds it itself from the action record rather than running what the record says.
import { execa } from 'execa';
import { msg } from '../messages.ts';
import type { CommandSpec } from '../platform/types.ts';
import { StepError } from './fileStep.ts';

export interface RunOptions {
  onOutput?: (chunk: string) => void;
  signal?: AbortSignal;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export async function runCommand(spec: CommandSpec, options: RunOptions = {}): Promise<string> {
  const child = execa(spec.file, spec.args, {
    reject: false,
    all: true,
    timeout: options.timeoutMs ?? 600_000,
    ...(spec.input !== undefined ? { input: spec.input } : { stdin: 'ignore' as const }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  if (options.onOutput) child.all?.on('data', (chunk: Buffer) => options.onOutput?.(chunk.toString()));
  const result = await child;
  const output = String(result.all ?? '');
  if (result.failed) {
    const reason = result.timedOut ? 'timed out' : result.isCanceled ? 'cancelled' : result.code === 'ENOENT' ? 'not found' : `exit code ${result.exitCode}`;
    throw new StepError(msg('repair:failed.command', { command: [spec.file, ...spec.args].join(' '), reason, output: output.slice(-2000) }));
  }
  return output;
}
