// A command step: run exact argument arrays (no shell), with a timeout, output shown live when asked
// (pip), cancellable; its inverse runs the change's undo commands. A command that must run as the
// administrator goes into the elevated batch, whose process runs it only when it is one it builds
// itself from the record (elevatedStore.ts), never the command line the record carries.
import { execa } from 'execa';
import { mkdir } from 'node:fs/promises';
import { msg, Problem } from '../messages.ts';
import { programAbsent } from '../platform/notFound.ts';
import type { CommandSpec } from '../platform/types.ts';
import type { CommandChange } from './action.ts';
import { isInside, realPathOf, refuse } from './pathGuard.ts';
import type { BatchStep } from './elevation.ts';
import { type Readiness, type Step, type StepIO } from './step.ts';
import { cancelledBy } from '../cancel.ts';

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
    ...cancelledBy(options.signal),
  });
  if (options.onOutput) child.all?.on('data', (chunk: Buffer) => options.onOutput?.(chunk.toString()));
  const result = await child;
  const output = String(result.all ?? '');
  if (result.failed) {
    const reason = result.timedOut
      ? 'timed out'
      : result.isCanceled
        ? 'cancelled'
        : programAbsent({ code: result.code, exitCode: result.exitCode, stdout: output })
          ? 'not found'
          : `exit code ${result.exitCode}`;
    throw new Problem(
      msg('repair:failed.command', {
        command: [spec.file, ...spec.args].join(' '),
        reason,
        output: output.slice(-2000),
      }),
    );
  }
  return output;
}

export interface CommandStepSpec {
  /** Run in order; `undo`: what takes them back. */
  runs: CommandSpec[];
  undo: CommandSpec[];
  env?: Record<string, string>;
  live?: boolean;
  /** Needs the OS prompt (store commands). */
  elevated: boolean;
  /** The root a store command adds or takes back (Windows, macOS), for the elevated process. */
  certFile?: string;
  /** A folder inside `dataDir` the command writes into: made before it runs. */
  workDir?: string;
  dataDir?: string;
  last: boolean;
  undoing: boolean;
  where: string;
}

export class CommandStep implements Step {
  readonly spec: CommandStepSpec;
  readonly locks: string[] = [];

  constructor(spec: CommandStepSpec) {
    this.spec = spec;
  }

  static forChange(change: CommandChange, where: string, dataDir?: string): CommandStep {
    return new CommandStep({
      ...(change.workDir && dataDir ? { workDir: change.workDir, dataDir } : {}),
      runs: [change.run],
      undo: change.undo,
      ...(change.env ? { env: change.env } : {}),
      ...(change.live ? { live: true } : {}),
      elevated: change.elevated === true,
      ...(change.certFile ? { certFile: change.certFile } : {}),
      last: change.undoLast === true,
      undoing: false,
      where,
    });
  }

  get where(): string {
    return this.spec.where;
  }

  get last(): boolean {
    return this.spec.last;
  }

  get undoing(): boolean {
    return this.spec.undoing;
  }

  async needsElevation(): Promise<boolean> {
    return this.spec.elevated && process.getuid?.() !== 0;
  }

  /** A command has no state to compare; one with nothing to run (an undo of a change that needs
   * none) is done already. */
  async check(): Promise<Readiness> {
    if (this.spec.runs.length === 0) return 'done';
    await this.makeWorkDir();
    return 'ready';
  }

  /** The folder the command writes into, made here, as this user, before any elevation: on a fresh
   * data folder it does not exist yet, and certutil does not make it. Only inside the data folder. */
  private async makeWorkDir(): Promise<void> {
    const { workDir, dataDir, undoing } = this.spec;
    if (!workDir || !dataDir || undoing) return;
    if (!isInside(await realPathOf(dataDir), await realPathOf(workDir))) refuse('outsideDataDir', { path: workDir });
    await mkdir(workDir, { recursive: true, mode: 0o755 });
  }

  replaced(): null {
    return null;
  }

  async do(io: StepIO): Promise<void> {
    for (const spec of this.spec.runs)
      await io.run(spec, {
        ...(this.spec.env ? { env: this.spec.env } : {}),
        ...(this.spec.live ? { live: true } : {}),
      });
  }

  async release(): Promise<void> {}

  async verify(): Promise<null> {
    return null; // read-backs belong to the action (actionChecks.ts): a command's output says too little
  }

  inverse(): CommandStep {
    return new CommandStep({ ...this.spec, runs: this.spec.undo, undo: [], undoing: true });
  }

  records(): BatchStep[] {
    const { runs, undo, certFile } = this.spec;
    return runs.map((run, i) => ({
      record: {
        op: 'store-command' as const,
        run,
        undo: i === runs.length - 1 ? undo : [],
        ...(certFile ? { certFile } : {}),
      },
    }));
  }
}
