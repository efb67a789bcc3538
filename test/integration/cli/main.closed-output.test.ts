// A reader that goes away before the output is written (`trustfix history --json | head -1`, a pager
// quit early): the command stops quietly, as `git log | head` does. Before, a write into the closed pipe
// raised EPIPE as an unhandled 'error' event: Node printed its stack trace on stderr and exited 1.
// Here the reading end of stdout is closed before the command writes a byte, so every write fails.
import { execa } from 'execa';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_SIGPIPE } from '../../../src-main/cli/exitCodes.ts';
import { CLI, FIXED_JUDGEMENT, FIXTURES } from '../../helpers/cli.ts';
import { tempDirForFile } from '../../helpers/tmp.ts';

const dir = tempDirForFile('trustfix-closed-output-');

/** Runs the CLI with its stdout's reading end closed at once; what it said on stderr and its exit code. */
async function withReaderGone(args: string[]): Promise<{ stderr: string; exitCode: number | undefined }> {
  const data = join(dir, `data-${Math.random().toString(16).slice(2)}`);
  mkdirSync(data);
  const child = execa(process.execPath, [CLI, ...args], {
    reject: false,
    timeout: 120_000,
    env: { TRUSTFIX_DATA_DIR: data, PATH: '/usr/bin:/bin', PIP_CONFIG_FILE: '/dev/null', TRUSTFIX_LANG: 'en' },
    extendEnv: false,
  });
  child.stdout?.destroy();
  const result = await child;
  return { stderr: String(result.stderr), exitCode: result.exitCode };
}

describe('a reader that closed the output', () => {
  it.each([
    ['history --json', ['history', '--json']],
    ['history', ['history']],
    ['pythons --json', ['pythons', '--json']],
    ['scan --json of the fixtures', ['scan', '--json', '--no-disk', FIXTURES, ...FIXED_JUDGEMENT]],
    ['scan (table) of the fixtures', ['scan', '--no-disk', FIXTURES, ...FIXED_JUDGEMENT]],
    ['--help', ['--help']],
  ])('%s: no stack trace, exit 141 as a shell reports a closed pipe', async (_name, args) => {
    const { stderr, exitCode } = await withReaderGone(args);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|node:events|at .*\(node:/);
    expect(exitCode).toBe(EXIT_SIGPIPE);
  });
});
