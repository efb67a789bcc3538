// "Not installed" as the OS reports it, whichever way the program was started. Spawned directly, a
// missing program is a spawn error (ENOENT). Started through Windows' command interpreter (a .cmd or
// .bat shim such as aws.cmd or conda.bat whose program was uninstalled, py.cmd), cmd itself runs and
// exits with its own code instead:
//   - 9009: MSG_DIR_BAD_COMMAND_OR_FILE (cmdmsg.h, as Microsoft's Error Lookup tool names it),
//     "'X' is not recognized as an internal or external command, operable program or batch file."
//     (9009 is also winerror.h's DNS_ERROR_RCODE_NOTAUTH: the number alone is cmd's, not a Win32
//     error: https://learn.microsoft.com/windows/win32/debug/system-error-codes--9000-11999-).
//     Wine's cmd exits 9009 too, saying "Can't recognize 'X' as an internal or external command, or
//     batch script." (measured under Wine 8, ../shared/WINDOWS-LANE.md).
//   - 1 with the same sentence on stderr (a cmd that reports it as a plain failure).
// A POSIX exit status is 0-255, so 9009 can only come from Windows: no OS branch is needed here.
// The sentence is matched in English only (cmd localizes it); 9009 is the language-free signal.

export const CMD_NOT_FOUND_EXIT = 9009;

const NOT_RECOGNIZED =
  /is not recognized as an internal or external command|can't recogni[sz]e '.*' as an internal or external command/i;

export interface SpawnOutcome {
  /** The spawn error's code (ENOENT: no such program). */
  code?: string | undefined;
  exitCode?: number | undefined;
  stderr?: string | undefined;
  stdout?: string | undefined;
}

/** Whether a finished or failed spawn means the program is absent (not: present and failing). */
export function programAbsent(r: SpawnOutcome): boolean {
  if (r.code === 'ENOENT') return true;
  if (r.exitCode === CMD_NOT_FOUND_EXIT) return true;
  return r.exitCode === 1 && NOT_RECOGNIZED.test(`${r.stderr ?? ''}\n${r.stdout ?? ''}`);
}
