// Reading a setting back after TrustFix changed it (safety rule 3, docs/safety-rules.md): how a read-back command's output
// becomes the value, and the POSIX read of TrustFix's env file (Linux and macOS share it).
import type { ValueDecode, ValueRead } from './types.ts';

/**
 * The value a read-back command printed: `line` is the output less its final newline (CRLF or LF),
 * `base64` is one base64 line of UTF-8 bytes (empty output: the value is unset, read as '').
 * Returns null when the output is not of that form.
 */
export function decodeValue(stdout: string, decode: ValueDecode): string | null {
  const text = stdout.replace(/\r?\n$/, '');
  if (decode === 'line') return text;
  if (decode === 'reg') return regQueryValue(stdout);
  const b64 = text.trim();
  if (b64 === '') return '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  return Buffer.from(b64, 'base64').toString('utf8');
}

/**
 * The data of the value `reg query KEY /v NAME` printed, in Windows' format (CRLF): a blank line, the
 * key's full name, then one line per value: four spaces, name, four spaces, type, four spaces, data
 * (https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query; Wine's reg
 * prints the same). Only string types are values here (REG_SZ, REG_EXPAND_SZ, as written, unexpanded);
 * anything else, or no value line, is null.
 */
export function regQueryValue(stdout: string): string | null {
  const first = regQueryEntries(stdout)[0];
  if (!first) return null;
  return first.type === 'REG_SZ' || first.type === 'REG_EXPAND_SZ' ? first.data : null;
}

/** One value line of `reg query` output, with the key it was printed under. */
export interface RegEntry {
  /** The key's full name as reg prints it ("HKEY_LOCAL_MACHINE\\SOFTWARE\\..."). */
  key: string;
  name: string;
  type: string;
  /** As printed: a string as is, REG_BINARY as hex digits (no spaces), REG_DWORD as 0x... */
  data: string;
}

/**
 * Every value `reg query KEY [/v NAME] [/s]` printed, in the same format as above: with /s, each
 * subkey's full name on its own line (starting "HKEY_"), then its value lines (four spaces, name, four
 * spaces, type, four spaces, data), a blank line between keys; REG_BINARY data is one line of hex.
 */
export function regQueryEntries(stdout: string): RegEntry[] {
  const out: RegEntry[] = [];
  let key = '';
  for (const line of stdout.split(/\r?\n/)) {
    if (/^HKEY_/.test(line)) {
      key = line.trim();
      continue;
    }
    const m = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m) out.push({ key, name: m[1]!, type: m[2]!, data: m[3] ?? '' });
  }
  return out;
}

/** A script fixed here, the file and the name passed as its arguments ($1, $2): nothing is spliced. */
export const ENV_FILE_SCRIPT = '. "$1" && exec printenv "$2"';

/**
 * A fresh shell, started by env -i with nothing inherited (not the variable either), sources the env
 * file as a login shell's profile line would and prints the variable; absolute paths, no PATH lookup
 * for the shell itself. printenv exits 1 when the variable is unset: the check then fails.
 */
export function posixReadEnvFile(envFile: string, name: string): ValueRead {
  return {
    run: {
      file: '/usr/bin/env',
      args: ['-i', 'PATH=/usr/bin:/bin', '/bin/sh', '-c', ENV_FILE_SCRIPT, 'sh', envFile, name],
    },
    decode: 'line',
  };
}
