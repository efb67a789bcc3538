// A client installed as a .cmd/.bat shim (aws.cmd, conda.bat, az.cmd, gcloud.cmd) in a folder with
// a space must not be reported "not installed". Node refuses to spawn a .bat/.cmd
// without `shell: true` since CVE-2024-27980 (EINVAL,
// https://nodejs.org/en/blog/vulnerability/april-2024-security-releases-2), and handed to execa as it
// is, the shim's path gets execa's own cmd.exe wrapping, whose caret-escaped path Wine's cmd cannot
// find when it holds a space (exit 9009). So the Windows backend builds the cmd.exe
// command itself, quoted, and refuses what quotes cannot make literal. A Linux Node starts .cmd files
// like any other, so execa is faked here and records what TrustFix asks it to start;
// test/windows/cmd-shims.test.ts runs the same through Wine's real cmd.exe.
import { afterEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  calls: [] as Array<{ file: string; args: string[]; options: Record<string, unknown> }>,
}));
vi.mock('execa', async (importOriginal) => {
  const real = await importOriginal<typeof import('execa')>();
  return {
    ...real,
    execa: (file: string, args: string[], options: Record<string, unknown>) => {
      fake.calls.push({ file, args, options });
      return Promise.resolve({
        failed: false,
        exitCode: 0,
        stdout: 'aws-cli/2.17.5 Python/3.11.9 Windows/10 exe/AMD64\r\n',
        stderr: '',
        isCanceled: false,
        timedOut: false,
      });
    },
  };
});

import { askVersion } from '../../../../src-main/core/clients/found.ts';
import type { FindContext } from '../../../../src-main/core/clients/find.ts';
import { cmdArg, cmdQuote, launchWin32 } from '../../../../src-main/core/platform/launch.ts';
import { linuxPlatform } from '../../../../src-main/core/platform/linux.ts';
import { win32Platform } from '../../../../src-main/core/platform/win32.ts';

afterEach(() => {
  fake.calls = [];
});

const winCtx = {
  timeoutMs: 5000,
  cwd: 'C:\\Users\\u\\project',
  platform: win32Platform,
  env: { SystemRoot: 'C:\\Windows' },
} as unknown as FindContext;
const SHIM = 'C:\\Users\\u\\Tools & Co\\Python Scripts\\aws.cmd';

describe('a .cmd/.bat client on Windows is started through cmd.exe, quoted', () => {
  it('asks aws.cmd its version with cmd.exe /d /s /c and the exact quoted line, verbatim, no shell', async () => {
    const asked = await askVersion(SHIM, ['--version'], winCtx, {
      SystemRoot: 'C:\\Windows',
      Path: 'C:\\Windows\\System32',
    });
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call!.file).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(call!.args).toEqual(['/d', '/s', '/c', '""C:\\Users\\u\\Tools & Co\\Python Scripts\\aws.cmd" --version"']);
    expect(call!.options).toMatchObject({ windowsVerbatimArguments: true });
    expect(call!.options.shell).toBeUndefined();
    expect(asked.version).toBe('2.17.5');
  });

  it('refuses a shim whose folder holds % (cmd expands variables inside quotes): never started, a translated reason', async () => {
    const path = 'C:\\Users\\u\\100%PATH%\\Scripts\\aws.cmd';
    const asked = await askVersion(path, ['--version'], winCtx);
    expect(fake.calls).toEqual([]);
    expect(asked.version).toBeUndefined();
    expect(asked.versionError).toEqual({ code: 'clients:launch.unsafe', params: { path, char: '"%"' } });
  });

  it('quotes the path and any argument that is not a plain word, refuses % ! " CR LF, and leaves an .exe alone', () => {
    expect(cmdQuote('a & b | c < d > e ^ (f)')).toBe('"a & b | c < d > e ^ (f)"');
    for (const bad of ['a%b', 'a!b', 'a"b', 'a\rb', 'a\nb']) expect(cmdQuote(bad)).toBeNull();
    expect(cmdArg('--version')).toBe('--version');
    expect(cmdArg('')).toBe('""');
    expect(cmdArg('C:\\a b\\')).toBe('"C:\\a b\\\\"');
    expect(
      launchWin32(
        { file: 'C:\\conda\\condabin\\conda.BAT', args: ['config', '--show', 'ssl_verify', 'a b', '^http\\.', 'x=y'] },
        { SYSTEMROOT: 'D:\\Win' },
      ),
    ).toEqual({
      ok: true,
      command: {
        file: 'D:\\Win\\System32\\cmd.exe',
        args: ['/d', '/s', '/c', '""C:\\conda\\condabin\\conda.BAT" config --show ssl_verify "a b" "^http\\." "x=y""'],
        verbatim: true,
      },
    });
    // An argument, not only the path, is checked.
    expect(launchWin32({ file: 'C:\\x\\az.cmd', args: ['!x!'] }, {})).toMatchObject({
      ok: false,
      problem: { code: 'clients:launch.unsafe' },
    });
    // No SystemRoot (or a relative one): C:\Windows, never a bare cmd.exe looked up in the working folder.
    expect(launchWin32({ file: 'C:\\x\\az.cmd', args: [] }, { SystemRoot: 'evil' })).toMatchObject({
      command: { file: 'C:\\Windows\\System32\\cmd.exe' },
    });
    expect(launchWin32({ file: 'C:\\Git\\cmd\\git.exe', args: ['--version'] }, {})).toEqual({
      ok: true,
      command: { file: 'C:\\Git\\cmd\\git.exe', args: ['--version'], verbatim: false },
    });
    // Elsewhere a program named *.cmd is an ordinary file, started as it is.
    expect(linuxPlatform.launch({ file: '/opt/a & b/aws.cmd', args: ['--version'] }, {})).toEqual({
      ok: true,
      command: { file: '/opt/a & b/aws.cmd', args: ['--version'], verbatim: false },
    });
  });
});
