// The elevation method's one OS-specific part: how an argument is quoted in the single command line
// the OS prompt runs (@vscode/sudo-prompt hands it to cmd.exe on Windows, to a POSIX shell through
// pkexec/osascript elsewhere). Characters those shells would still expand inside the quotes are not
// escaped but refused (null): TrustFix's own paths never need them.
import type { ElevationQuoting } from './types.ts';

export const win32ElevationQuoting: ElevationQuoting = {
  quote: (arg) => (/["%\n\r^&|<>]/.test(arg) ? null : `"${arg}"`),
};

export const posixElevationQuoting: ElevationQuoting = {
  quote: (arg) => (/["'`$\\!\n\r]/.test(arg) ? null : `'${arg}'`),
};
