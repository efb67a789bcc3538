// Issue 14, third bug found under Wine: "command not found" from Windows' command interpreter was
// reported as a program that failed. A program started through cmd (a .cmd/.bat shim whose program
// was uninstalled) does not give a spawn ENOENT: cmd runs and exits 9009 with its own sentence.
// Outputs as the interpreters print them:
//   Windows cmd: "'aws' is not recognized as an internal or external command,\r\noperable program or
//   batch file.\r\n" (MSG_DIR_BAD_COMMAND_OR_FILE, 9009, per Microsoft's Error Lookup tool);
//   Wine 8's cmd: "Can't recognize 'aws' as an internal or external command, or batch script.\r\n",
//   exit 9009 (../shared/WINDOWS-LANE.md).
// A POSIX process cannot exit 9009 (statuses are 0-255), so the runner (execa) is faked here with
// the exact result a Windows Node gets.
import { afterEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({ result: null as null | Record<string, unknown> }));
vi.mock('execa', async (importOriginal) => {
  const real = await importOriginal<typeof import('execa')>();
  return {
    ...real,
    execa: (...args: Parameters<typeof real.execa>) =>
      fake.result ? Promise.resolve(fake.result) : real.execa(...args),
  };
});

import { everythingIndex } from '../../../../src-main/core/platform/fileIndex.ts';
import { askVersion } from '../../../../src-main/core/clients/found.ts';
import type { FindContext } from '../../../../src-main/core/clients/find.ts';
import { classifyRun } from '../../../../src-main/core/clients/run.ts';
import { programAbsent } from '../../../../src-main/core/platform/notFound.ts';

const WINDOWS_CMD =
  "'aws' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n";
const WINE_CMD = "Can't recognize 'aws' as an internal or external command, or batch script.\r\n";

/** What execa resolves with (reject: false) when the program exited with `exitCode`. */
function exited(exitCode: number, stderr: string, file = 'aws.cmd'): Record<string, unknown> {
  return {
    failed: exitCode !== 0,
    exitCode,
    stdout: '',
    stderr,
    isCanceled: false,
    timedOut: false,
    shortMessage: `Command failed with exit code ${exitCode}: ${file} --version`,
    message: `Command failed with exit code ${exitCode}: ${file} --version\n\n${stderr}`,
  };
}

afterEach(() => {
  fake.result = null;
});

const ctx = { timeoutMs: 5000, cwd: process.cwd() } as FindContext;

describe("cmd's 'command not found' is an absent program", () => {
  it("recognises exit 9009 (Windows and Wine), and exit 1 with cmd's sentence", () => {
    expect(programAbsent({ exitCode: 9009, stderr: WINE_CMD })).toBe(true);
    expect(programAbsent({ exitCode: 9009, stderr: WINDOWS_CMD })).toBe(true);
    expect(programAbsent({ exitCode: 1, stderr: WINDOWS_CMD })).toBe(true);
    expect(programAbsent({ exitCode: 1, stderr: WINE_CMD })).toBe(true);
    expect(programAbsent({ code: 'ENOENT' })).toBe(true);
    // A program that is there and fails stays a failure.
    expect(programAbsent({ exitCode: 1, stderr: 'fatal: bad config line 1\n' })).toBe(false);
    expect(programAbsent({ exitCode: 2, stderr: '' })).toBe(false);
    expect(classifyRun({ stdout: '', stderr: WINE_CMD, exitCode: 9009, failed: true })).toMatchObject({
      ok: false,
      failure: 'not-found',
    });
    expect(classifyRun({ stdout: '', stderr: 'boom', exitCode: 3, failed: true })).toMatchObject({
      ok: false,
      failure: 'exit',
    });
  });

  it("a client's shim whose program is gone: 'not installed', not 'did not say its version'", async () => {
    for (const [code, text] of [
      [9009, WINE_CMD],
      [9009, WINDOWS_CMD],
      [1, WINDOWS_CMD],
    ] as const) {
      fake.result = exited(code, text);
      const asked = await askVersion('C:\\Users\\u\\AppData\\Roaming\\Python\\Scripts\\aws.cmd', ['--version'], ctx);
      expect(asked.versionError).toEqual({
        code: 'clients:version.notInstalled',
        params: { path: 'C:\\Users\\u\\AppData\\Roaming\\Python\\Scripts\\aws.cmd' },
      });
    }
    // A program that runs and fails is still reported with what it said.
    fake.result = exited(1, 'error: something else\r\n');
    expect((await askVersion('C:\\x\\aws.cmd', ['--version'], ctx)).versionError?.code).toBe('clients:version.failed');
  });

  it("Everything's es.exe absent (Wine's cmd, exit 9009): no index to ask, not an index that failed", async () => {
    fake.result = exited(9009, WINE_CMD.replace("'aws'", "'es.exe'"), 'es.exe');
    expect(await everythingIndex(['cacert.pem'])).toBeUndefined();
    // es present but Everything not running: es exits with its own error level, which is reported.
    fake.result = exited(8, 'Everything IPC window not found, IPC unavailable.\r\n', 'es.exe');
    expect((await everythingIndex(['cacert.pem']))?.info).toMatchObject({
      tool: 'es',
      error: expect.stringContaining('exit code 8'),
    });
  });
});
