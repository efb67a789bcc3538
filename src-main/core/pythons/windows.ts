// Windows sources of interpreters: the `py` launcher's list and the PEP 514 registry keys, as exact
// commands (argument arrays) plus parsers of their documented output, so both are tested anywhere.
//
// `py -0p` (Python launcher, docs.python.org/3/using/windows.html#python-launcher-for-windows):
//   3.11+ launcher:  " -V:3.12 *        C:\...\Python312\python.exe"
//   older launcher:  " -3.9-64        C:\Python39\python.exe *"
// `reg query KEY /s` (learn.microsoft.com/windows-server/administration/windows-commands/reg-query):
//   a key line "HKEY_CURRENT_USER\Software\Python\PythonCore\3.12\InstallPath", then one line per
//   value: four spaces, name, four spaces, type (REG_SZ ...), four spaces, data. The default value's
//   name is localized ("(Default)", "(默认)", "(Standard)"), so it is recognised by its parentheses.
// PEP 514 (peps.python.org/pep-0514): Software\Python\<Company>\<Tag>\InstallPath holds
//   ExecutablePath, or else a default value that is the install folder (python.exe inside).
import { regQueryEntries } from '../platform/readBack.ts';
import type { CommandSpec } from '../platform/types.ts';

export function pyLauncherCommand(py = 'py'): CommandSpec {
  return { file: py, args: ['-0p'] };
}

export const PEP514_ROOTS = [
  'HKCU\\Software\\Python',
  'HKLM\\Software\\Python',
  'HKLM\\Software\\Wow6432Node\\Python',
] as const;

export function regQueryCommand(root: string): CommandSpec {
  return { file: 'reg.exe', args: ['query', root, '/s'] };
}

const WIN_PATH = /([A-Za-z]:\\[^*\r\n]*?\.exe|\\\\[^*\r\n]*?\.exe)/i;

export function parsePyLauncherList(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (!/^\s*-/.test(line)) continue; // headers ("Installed Pythons found by py Launcher...")
    const m = WIN_PATH.exec(line);
    if (m?.[1]) out.push(m[1].trim());
  }
  return out;
}

export interface RegInstall {
  key: string;
  company: string;
  tag: string;
  executable: string;
}

/** Interpreters named by PEP 514 keys in `reg query ... /s` output (read by the one reg parser). */
export function parseRegQuery(stdout: string): RegInstall[] {
  // Each key's string values, by lower-case name; the unnamed value as "(default)" (reg prints it
  // localized, in parentheses).
  const byKey = new Map<string, Map<string, string>>();
  for (const e of regQueryEntries(stdout)) {
    if (!e.key || (e.type !== 'REG_SZ' && e.type !== 'REG_EXPAND_SZ')) continue;
    const name = e.name.trim();
    const values = byKey.get(e.key) ?? new Map<string, string>();
    byKey.set(e.key, values);
    values.set(/^\(.*\)$/.test(name) ? '(default)' : name.toLowerCase(), e.data.trim());
  }
  const installs: RegInstall[] = [];
  for (const [key, values] of byKey) {
    const m = /\\Python\\([^\\]+)\\([^\\]+)\\InstallPath$/i.exec(key);
    if (!m) continue;
    const folder = values.get('(default)');
    const exe = values.get('executablepath') || (folder ? `${folder.replace(/\\+$/, '')}\\python.exe` : undefined);
    if (exe) installs.push({ key, company: m[1]!, tag: m[2]!, executable: exe });
  }
  return installs;
}
